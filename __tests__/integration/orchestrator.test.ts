// The orchestrator (src/main.ts) in-process, with @actions/core's runner side recorded by the
// fixture (__tests__/fixtures/core.ts) and everything else real: the simulator over HTTPS, GitHub
// OIDC, @azure/identity, the Azure SDK and Graph clients, the summary file. The end-to-end tests
// run the same through dist/index.js; these see the phases' effects directly.
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/server.js';
import { simulatorInputs } from '../../scripts/run-action.js';
import { core, runner } from '../fixtures/core.js';
import { startTestSimulator } from '../helpers/sim.js';

jest.unstable_mockModule('@actions/core', () => core);
const { run } = await import('../../src/main.js');

let sim: Simulator;
let temp: string;
const saved = { ...process.env };

beforeAll(async () => {
  sim = await startTestSimulator();
  temp = mkdtempSync(join(tmpdir(), 'exo-orchestrator-'));
});
afterAll(async () => {
  process.env = saved;
  await sim.close();
});

/** The runner's environment for one run, as scripts/run-action.ts gives the child process. */
function runnerEnv(opts: { oidc?: boolean; event?: string } = {}): void {
  // one path for every run: the real core.summary keeps the path it first wrote to
  const summary = join(temp, 'summary.md');
  const event = join(temp, 'event.json');
  writeFileSync(summary, '');
  writeFileSync(event, '{}');
  const info = sim.readyInfo();
  process.env = {
    ...saved,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.event ?? 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: String(Date.now()),
    GITHUB_WORKSPACE: temp,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_API_URL: info.url,
    RUNNER_TEMP: temp,
  };
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (opts.oidc !== false) {
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = info.oidcRequestUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = info.oidcRequestToken;
  }
}

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return simulatorInputs(sim.readyInfo() as never, { mode: 'apply', 'smoke-test': 'false', ...extra });
}

const summaryText = () => readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8');

beforeEach(() => runnerEnv());

describe('the orchestrator in-process', () => {
  it('converges from empty, then a second run changes nothing', async () => {
    runner.reset(inputs());
    await run();
    expect(runner.failed).toEqual([]);
    expect(Number(runner.outputs.changes)).toBeGreaterThan(0);
    expect(runner.outputs['identity-principal-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(runner.outputs['identity-client-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(runner.outputs['smoke-test']).toBe('skipped');
    expect(JSON.parse(runner.outputs.plan).counts.create).toBe(Number(runner.outputs.changes));
    // every token the run handled was handed to setSecret before it could be printed
    expect(runner.secrets).toContain('ghs_simulated_token');
    expect(summaryText()).toMatch(/Apply complete/);

    runnerEnv();
    runner.reset(inputs());
    const from = sim.requests.length;
    await run();
    expect(runner.failed).toEqual([]);
    expect(runner.outputs).toMatchObject({ changes: '0', drift: 'false' });
    const writes = sim.requests.slice(from).filter((r) => ['arm', 'graph'].includes(r.service) && r.method !== 'GET');
    expect(writes).toEqual([]);
  }, 120_000);

  it('fails on bad input naming the input and the accepted values, before any request', async () => {
    runner.reset(inputs({ 'runtime-versions': '7.9' }));
    const from = sim.requests.length;
    await run();
    expect(runner.failed).toHaveLength(1);
    expect(runner.failed[0]).toMatch(/runtime-versions/);
    expect(runner.failed[0]).toMatch(/7\.4/);
    expect(runner.outputs).toEqual({});
    expect(sim.requests.length).toBe(from);
    expect(summaryText()).toMatch(/runtime-versions/);
  });

  it('plans without an OIDC token: nothing is read, the notice says why, the step passes', async () => {
    runnerEnv({ oidc: false, event: 'pull_request' });
    runner.reset(inputs({ mode: 'plan', 'comment-on-pr': 'false' }));
    const from = sim.requests.length;
    await run();
    expect(runner.failed).toEqual([]);
    expect(runner.text('notice')).toMatch(/Azure and Entra were not read/);
    expect(sim.requests.length).toBe(from);
    expect(runner.outputs).toMatchObject({ changes: '0', 'smoke-test': 'skipped' });
  });

  it('a failed apply still writes every output and the summary, then fails the step', async () => {
    runner.reset(inputs({ 'automation-account': 'aa-exo-failing' }));
    sim.faults.add({
      method: 'PUT',
      path: '/automationAccounts/aa-exo-failing$',
      status: 400,
      times: 1,
      // constructed for this test (a refusal that no retry policy retries)
      body: { error: { code: 'BadRequest', message: 'refused by the test' } },
    });
    await run();
    expect(runner.failed).toHaveLength(1);
    expect(runner.failed[0]).toMatch(/refused by the test/);
    for (const name of ['changes', 'drift', 'plan', 'smoke-test', 'identity-client-id']) {
      expect(runner.outputs).toHaveProperty(name);
    }
    expect(JSON.parse(runner.outputs.plan).changes.length).toBeGreaterThan(0);
    expect(summaryText()).toMatch(/refused by the test/);
  }, 120_000);
});
