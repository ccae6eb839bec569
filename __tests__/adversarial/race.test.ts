// Issue 12 vector 4: two applies racing with different runbook content. The newer run's final tag
// PUT is held back (as in the issue) while the older run applies; the lease makes the older one
// wait, plan again and publish last, so a re-plan sees exactly what is published. A live lease of
// another run makes an apply fail after a bounded wait, naming that run; an expired one is taken.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../simulator/server.js';
import { act, log, writesSince } from '../helpers/e2e.js';
import { aaPath, armOk, AUTO } from '../helpers/arm.js';
import { startTestSimulator } from '../helpers/sim.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPT = readFileSync(join(HERE, '..', 'fixtures', 'runbooks', 'system-assigned-good.ps1'), 'utf8');
const FAST = { EXO_LEASE_SETTLE_SECONDS: '0.2', EXO_LEASE_POLL_SECONDS: '0.2' };
const REPO = 'https://github.com/octo-org/octo-repo/actions/runs';

function workspace(extra: string): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-adv-race-'));
  writeFileSync(join(ws, 'Report.ps1'), `${SCRIPT}\n${extra}\n`);
  return ws;
}

describe('racing applies through node dist/index.js', () => {
  let sim: Simulator;
  let account: string;
  const apply = (ws: string, runId: string, env: Record<string, string> = {}) =>
    act(sim, { runbooks: '*.ps1', mode: 'apply' }, { workspace: ws, env: { ...FAST, GITHUB_RUN_ID: runId, ...env } });
  const plan = (ws: string) => act(sim, { runbooks: '*.ps1', mode: 'plan' }, { workspace: ws });

  beforeAll(async () => {
    sim = await startTestSimulator();
    const first = await apply(workspace('# base'), '100');
    if (first.code !== 0) throw new Error(log(first));
    account = aaPath(sim, 'rg-exo-automation', 'aa-exo-automation');
  }, 60_000);
  afterAll(() => sim.close());

  test('the older run waits for the newer, plans again, and a re-plan calls only the published content clean', async () => {
    const older = workspace('Get-Mailbox -ResultSize 1');
    const newer = workspace('Get-Mailbox -ResultSize 2');
    // the newer run's final tag PUT is held back 3 s, as in the issue
    sim.faults.add({ method: 'PUT', path: '/runbooks/Report$', times: 1, delayMs: 3000 });
    const newerRun = apply(newer, '201');
    const until = Date.now() + 30_000;
    while (!sim.requests.some((r) => r.method === 'PUT' && /\/runbooks\/Report$/.test(r.path) && r.end === 0)) {
      if (Date.now() > until) throw new Error('the newer run never sent its final runbook PUT');
      await new Promise((r) => setTimeout(r, 20));
    }
    const olderRun = await apply(older, '202');
    const newerDone = await newerRun;
    expect([newerDone.code, olderRun.code]).toEqual([0, 0]);
    expect(log(olderRun)).toContain(`Waiting for the apply of ${REPO}/201/attempts/`);
    expect(log(olderRun)).toContain('observing and planning again under the lease');

    const [again, other] = [await plan(older), await plan(newer)];
    expect(again.outputs.changes).toBe('0'); // what is published is what the tag claims
    expect(Number(other.outputs.changes)).toBeGreaterThan(0);
    expect(Object.keys((await armOk(sim, 'GET', account, AUTO)).tags ?? {})).not.toContain('exo-automation:lease');
  }, 120_000);

  test('a live lease of another run: waits a bounded time, fails naming it, writes nothing', async () => {
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    const holder = `${REPO}/300/attempts/1`;
    await armOk(sim, 'PATCH', account, AUTO, {
      tags: { 'exo-automation:lease': `${holder} (0badc0de) until ${until}` },
    });
    const mark = sim.requests.length;
    const run = await apply(workspace('Get-Mailbox -ResultSize 3'), '301', { EXO_LEASE_WAIT_SECONDS: '1' });
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(
      new RegExp(
        `::error::Another apply is running on Automation account aa-exo-automation: ${holder} holds its apply lease`,
      ),
    );
    expect(writesSince(sim, mark)).toEqual([]);
  }, 60_000);

  test("an interrupted run's expired lease does not block", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    await armOk(sim, 'PATCH', account, AUTO, {
      tags: { 'exo-automation:lease': `${REPO}/400/attempts/1 (0badc0de) until ${past}` },
    });
    const run = await apply(workspace('Get-Mailbox -ResultSize 4'), '401');
    expect(log(run)).not.toMatch(/^::error/m);
    expect(run.code).toBe(0);
    expect(Object.keys((await armOk(sim, 'GET', account, AUTO)).tags ?? {})).toEqual([]);
  }, 60_000);
});
