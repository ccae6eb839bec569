// Issue 12 vectors 1 and 2: text nobody here controls (the runbook file's directory, the runbook
// tags exo-automation:path / :synced) must never act as a workflow command: LF, bare CR, `::` at
// a line start, legacy `##[` anywhere; and the stop-commands chain must leak no token even when
// the GitHub OIDC token lives 63 seconds (so the action refreshes and masks it mid-run).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../simulator/server.js';
import type { ActionRun } from '../../scripts/run-action.js';
import { act, log } from '../helpers/e2e.js';
import { aaPath, armFetch, armOk, AUTO, pollLocation } from '../helpers/arm.js';
import { startTestSimulator } from '../helpers/sim.js';
import { OWN_COMMANDS, parseRunnerOutput } from './runner.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPT = readFileSync(join(HERE, '..', 'fixtures', 'runbooks', 'system-assigned-good.ps1'), 'utf8');

const DIRS: Record<string, string> = {
  Lf: 'n\n::warning title=X::pwn-lf',
  Cr: 'n\r::warning title=X::pwn-cr',
  Stop: 'x\n::stop-commands::TOKEN\n',
  Legacy: 'legacy ##[warning]pwn-legacy',
  Indented: 'y\n   ::error title=X::pwn-indented',
};

function hostileWorkspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-adv-inject-'));
  for (const [name, dir] of Object.entries(DIRS)) {
    mkdirSync(join(ws, 'rb', dir), { recursive: true });
    writeFileSync(join(ws, 'rb', dir, `${name}.ps1`), SCRIPT);
  }
  return ws;
}

/** Every command the runner would run is one of the action's own; nothing injected is among them. */
function expectInert(run: ActionRun): void {
  const parsed = parseRunnerOutput(log(run));
  expect(parsed.commands.filter((c) => !OWN_COMMANDS.has(c.name)).map((c) => c.line)).toEqual([]);
  expect(parsed.commands.filter((c) => /title=X|pwn/.test(c.props)).map((c) => c.line)).toEqual([]);
  expect(parsed.commands.filter((c) => /^pwn/.test(c.data)).map((c) => c.line)).toEqual([]);
  expect(parsed.legacy).toEqual([]);
}

describe('workflow-command injection through node dist/index.js', () => {
  let sim: Simulator;
  let ws: string;
  beforeAll(async () => {
    sim = await startTestSimulator();
    sim.sim.issuedSecrets = [];
    ws = hostileWorkspace();
  }, 30_000);
  afterAll(() => sim.close());

  test('hostile directory names (LF, bare CR, indented ::, ##[) stay text in a plan', async () => {
    const run = await act(sim, { runbooks: 'rb/**/*.ps1', mode: 'plan' }, { workspace: ws });
    expect(run.code).toBe(0);
    expectInert(run);
    // the paths are still shown, made visible
    expect(log(run)).toContain('pwn-lf');
    expect(log(run)).toContain('##\u200b[warning]pwn-legacy');
  }, 60_000);

  test('the stop-commands chain leaks no token with a 63-second OIDC token, through an apply', async () => {
    // the OIDC token lives 63 s (60 s of it inside the credential's margin) and access tokens 2 s:
    // the action fetches and masks fresh tokens all through the apply, after the hostile path is shown
    Object.assign(sim.sim.state.config, { oidcTokenLifetimeSeconds: 63, tokenLifetimeSeconds: 2 });
    const before = sim.sim.issuedSecrets!.length;
    const run = await act(sim, { runbooks: 'rb/**/*.ps1', mode: 'apply' }, { workspace: ws });
    Object.assign(sim.sim.state.config, { oidcTokenLifetimeSeconds: 300, tokenLifetimeSeconds: 3599 });
    expect(log(run)).not.toMatch(/^::error/m);
    expect(run.code).toBe(0);
    const parsed = parseRunnerOutput(log(run));
    const issued = sim.sim.issuedSecrets!.slice(before);
    expect(issued.length).toBeGreaterThan(1);
    // as the runner shows the log: masks apply, none was suspended, no token is readable
    expect(issued.filter((s) => parsed.visible.includes(s)).length).toBe(0);
    expect(parsed.visible).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/);
    expectInert(run);
  }, 120_000);

  test('hostile runbook tags (exo-automation:path and :synced) stay text', async () => {
    // the account exists after the apply above; a hand-tagged runbook as anyone with tag write makes it
    const rb = `${aaPath(sim, 'rg-exo-automation', 'aa-exo-automation')}/runbooks`;
    await armOk(sim, 'PUT', `${rb}/Orphan`, AUTO, {
      location: 'westeurope',
      tags: {
        'exo-automation:managed': 'true',
        'exo-automation:sha256': '0'.repeat(64),
        'exo-automation:path': 'p\n::warning title=X::pwn-tag-path\r::add-mask::nothing',
      },
      properties: { runbookType: 'PowerShell', draft: {} },
    });
    // edited outside the action (a draft published by hand), so the plan quotes the synced tag
    await armFetch(sim, 'PUT', `${rb}/Lf/draft/content`, {
      apiVersion: AUTO,
      body: 'Get-Date',
      contentType: 'text/powershell',
    });
    const published = await armFetch(sim, 'POST', `${rb}/Lf/publish`, { apiVersion: AUTO });
    if (published.headers.get('location')) await pollLocation(sim, published.headers.get('location')!);
    const tags = (await armOk(sim, 'GET', `${rb}/Lf`, AUTO)).tags;
    await armOk(sim, 'PATCH', `${rb}/Lf`, AUTO, {
      tags: { ...tags, 'exo-automation:synced': 'never\n::warning title=X::pwn-tag-synced ##[error]x' },
    });
    const run = await act(sim, { runbooks: 'rb/**/*.ps1', mode: 'plan', 'prune-runbooks': 'true' }, { workspace: ws });
    expect(run.code).toBe(0);
    expectInert(run);
    expect(log(run)).toContain('pwn-tag-path');
    expect(log(run)).toContain('pwn-tag-synced');
  }, 60_000);

  test("Azure's import error text (a failed package import) stays text", async () => {
    // the service's message is text nobody here controls: a failed import of the 5.1 environment's
    // packages answers with lines that would be commands if printed raw. A plain workspace, so
    // that the service's text is the only hostile text of these runs.
    const plain = mkdtempSync(join(tmpdir(), 'exo-adv-import-'));
    mkdirSync(join(plain, 'rb'));
    writeFileSync(join(plain, 'rb', 'Good.ps1'), SCRIPT);
    const first = await act(sim, { runbooks: 'rb/*.ps1', 'prune-runbooks': 'false' }, { workspace: plain });
    expect(first.code).toBe(0);
    const key = Object.keys(sim.sim.state.arm).find((k) => k.endsWith('/automationaccounts/aa-exo-automation'))!;
    const account = sim.sim.state.arm[key];
    account.sim = {
      ...account.sim,
      importFaults: {
        '*': { mode: 'fail', message: 'bad module\n::warning title=X::pwn-import\r##[error]pwn-import-legacy' },
      },
    };
    try {
      const run = await act(sim, { runbooks: 'rb/*.ps1', 'runtime-versions': '7.4, 5.1' }, { workspace: plain });
      expect(run.code).not.toBe(0);
      expectInert(run);
      // the service's text is still shown (made inert), inside the action's own error
      expect(log(run)).toContain('pwn-import');
      expect(log(run)).toContain('##\u200b[error]pwn-import-legacy');
    } finally {
      account.sim = { ...account.sim, importFaults: {} };
    }
  }, 120_000);
});
