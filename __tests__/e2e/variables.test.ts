// The desired-state file's variables through the built action (node dist/index.js), against the
// simulator: convergence read back over ARM, idempotence, drift by hand, prune by ownership marker,
// the secret never shown; bad files stop the run with file:line:column before any request.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/server.js';
import type { ActionRun } from '../../scripts/run-action.js';
import { startTestSimulator } from '../helpers/sim.js';
import { getResource } from '../../simulator/arm/common.js';
import { armOk } from '../helpers/arm.js';
import { act, log, writesSince } from '../helpers/e2e.js';

const V = '2024-10-23';
const SECRET = 'e2e-Secret-value-9f3b1c';
const ENV = { REPORT_KEY: SECRET };
const ROTATED = 'rotated-Secret-44aa';
const FILE = `version: 1
prune: true
variables:
  TenantDomain:
    value: contoso.onmicrosoft.com
    description: the tenant
  ReportKey:
    from-env: REPORT_KEY
    encrypted: true
`;

function workspace(text: string): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-variables-'));
  writeFileSync(join(ws, 'exo.yml'), text);
  return ws;
}

/** What the run showed: log (but the runner's own ::add-mask:: commands), summary and outputs. */
const everything = (r: ActionRun) =>
  log(r)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n') +
  r.summary +
  JSON.stringify(r.outputs);

describe('variables of the desired-state file', () => {
  let sim: Simulator;
  let vars: string;
  beforeAll(async () => {
    sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
    vars =
      `/subscriptions/${sim.subscriptionId}/resourceGroups/rg-exo-automation` +
      '/providers/Microsoft.Automation/automationAccounts/aa-exo-automation/variables';
  });
  afterAll(() => sim.close());

  const apply = (text = FILE, env = ENV) => act(sim, { config: 'exo.yml' }, { workspace: workspace(text), env });
  const list = async () =>
    Object.fromEntries(
      ((await armOk(sim, 'GET', vars, V)).value as any[]).map((v) => [v.name, v.properties]),
    ) as Record<string, { value?: string; isEncrypted: boolean; description: string | null }>;

  test('converges: read back over ARM the variables equal the file; the secret is never shown', async () => {
    const first = await apply();
    expect(log(first)).not.toMatch(/^::error/m);
    expect(first.code).toBe(0);
    const planned = JSON.parse(first.outputs.plan).changes.filter((c: { kind: string }) => c.kind === 'variable');
    expect(planned.map((c: { name: string; action: string }) => `${c.action} ${c.name}`)).toEqual([
      'create TenantDomain',
      'create ReportKey',
    ]);
    const got = await list();
    expect(got.TenantDomain).toMatchObject({
      value: '"contoso.onmicrosoft.com"',
      isEncrypted: false,
      description: 'the tenant (created by exo-automation)',
    });
    expect(got.ReportKey.isEncrypted).toBe(true);
    expect(got.ReportKey.value).toBeUndefined();
    expect(got.ReportKey.description).toMatch(/^\(created by exo-automation; value scrypt15:\S+\)$/);
    // the value Azure holds (the simulator's private copy) is the secret, JSON-encoded
    const stored = getResource(sim.sim, `${vars}/ReportKey`);
    expect(stored?.sim?.value).toBe(JSON.stringify(SECRET));
    expect(everything(first)).not.toContain(SECRET);
    expect(log(first)).toContain(`::add-mask::${SECRET}`);
  });

  test('a second apply makes 0 writes', async () => {
    const mark = sim.requests.length;
    const again = await apply();
    expect(again.code).toBe(0);
    expect(again.outputs.changes).toBe('0');
    expect(writesSince(sim, mark)).toEqual([]);
  });

  test('a value changed by hand is planned and corrected; a new secret is "value changed"', async () => {
    await armOk(sim, 'PATCH', `${vars}/TenantDomain`, V, {
      name: 'TenantDomain',
      properties: { value: '"fabrikam.com"' },
    });
    const mark = sim.requests.length;
    const plan = await act(sim, { config: 'exo.yml', mode: 'plan' }, { workspace: workspace(FILE), env: ENV });
    expect(plan.code).toBe(0);
    expect(writesSince(sim, mark)).toEqual([]);
    expect(JSON.parse(plan.outputs.plan).changes).toEqual([
      expect.objectContaining({ kind: 'variable', name: 'TenantDomain', action: 'update', reason: 'value differs' }),
    ]);
    const fixed = await apply(FILE, { REPORT_KEY: ROTATED });
    expect(fixed.code).toBe(0);
    const changes = JSON.parse(fixed.outputs.plan).changes;
    expect(changes.map((c: { name: string; reason: string }) => `${c.name}: ${c.reason}`)).toEqual([
      'TenantDomain: value differs',
      'ReportKey: value changed',
    ]);
    expect((await list()).TenantDomain.value).toBe('"contoso.onmicrosoft.com"');
    expect(everything(fixed)).not.toContain(ROTATED);
  });

  test('prune: a hand-made variable survives; one the action created and the file dropped is deleted', async () => {
    await armOk(sim, 'PUT', `${vars}/HandMade`, V, {
      name: 'HandMade',
      properties: { value: '"mine"', description: 'made in the portal', isEncrypted: false },
    });
    const dropped = FILE.replace(/ {2}TenantDomain:\n.*\n.*\n/, '');
    const run = await apply(dropped, { REPORT_KEY: ROTATED });
    expect(run.code).toBe(0);
    const changes = JSON.parse(run.outputs.plan).changes;
    expect(changes.map((c: { action: string; name: string }) => `${c.action} ${c.name}`)).toEqual([
      'delete TenantDomain',
    ]);
    const got = await list();
    expect(Object.keys(got).sort()).toEqual(['HandMade', 'ReportKey']);
    expect(everything(run)).not.toContain(ROTATED);
  });
});

describe('bad desired-state files stop the run before any request, at file:line:column', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  const CASES: [string, string, Record<string, string>, Record<string, string>, RegExp][] = [
    ['unknown key', 'version: 1\nvariabels: {}\n', {}, ENV, /file=exo\.yml,line=2,col=1::unknown key "variabels"/],
    [
      'from-env variable not encrypted',
      'version: 1\nvariables:\n  K:\n    from-env: REPORT_KEY\n',
      {},
      ENV,
      /file=exo\.yml,line=4,col=5::variable K comes from the environment, so it must be encrypted/,
    ],
    [
      'missing environment variable',
      'version: 1\nvariables:\n  K:\n    from-env: REPORT_KEY\n    encrypted: true\n',
      {},
      {},
      /file=exo\.yml,line=4,col=15::environment variable REPORT_KEY is not set in this step/,
    ],
    [
      'runbooks input and file both',
      'version: 1\nrunbooks:\n  - path: runbooks/*.ps1\n',
      { runbooks: 'runbooks/*.ps1' },
      ENV,
      /file=exo\.yml,line=2,col=1::runbooks is set both here and in the `runbooks` input; keep one/,
    ],
  ];

  test.each(CASES)('%s', async (_name, text, inputs, env, annotation) => {
    const run = await act(sim, { config: 'exo.yml', ...inputs }, { workspace: workspace(text), env });
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(annotation);
    expect(run.summary).toMatch(/^## ❌ exo-automation failed: bad input\n/);
    expect(run.summary).toMatch(/config: exo\.yml:\d+:\d+: /);
    expect(sim.requests).toEqual([]);
  });

  test('a missing file names config and the path', async () => {
    const run = await act(sim, { config: 'nope.yml' }, { workspace: workspace(''), env: ENV });
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(/config: no file "nope\.yml" in the workspace/);
    expect(sim.requests).toEqual([]);
  });
});
