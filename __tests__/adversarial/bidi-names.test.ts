// Issue 12, vector 5 (bidi): a right-to-left override in a path must not reorder what the summary
// and the PR comment show. `safe\u202Egnp.sys` displays as `safesys.png`; the reports must show the
// control as `<U+202E>` instead. Through dist/index.js against the simulator, as the runner runs it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, setPullRequestClaims } from '../helpers/e2e.js';

const RLO = '\u202E';
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'runbooks', 'system-assigned-good.ps1');

describe('bidi controls in a runbook path', () => {
  let sim: Simulator;
  let workspace: string;
  beforeAll(async () => {
    sim = await startTestSimulator();
    setPullRequestClaims(sim);
    workspace = mkdtempSync(join(tmpdir(), 'exo-bidi-'));
    const dir = join(workspace, 'runbooks', `safe${RLO}gnp.sys`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(FIXTURE, join(dir, 'Get-Domains.ps1'));
  });
  afterAll(() => sim.close());

  test('are shown as <U+202E> in the summary and the PR comment, never raw', async () => {
    const payload = { pull_request: { number: 9 } };
    const run = await act(sim, { runbooks: 'runbooks/**/*.ps1' }, { event: 'pull_request', payload, workspace });
    expect(run.code).toBe(0);

    const comment = sim.sim.state.github.comments['octo-org/octo-repo#9']?.[0]?.body ?? '';
    for (const [what, text] of [
      ['summary', run.summary],
      ['comment', comment],
    ] as const) {
      expect({ what, raw: BIDI.test(text) }).toEqual({ what, raw: false });
      expect({ what, shown: text.includes(`safe<U+202E>gnp.sys`) }).toEqual({ what, shown: true });
    }
  });
});
