// The `modules` input through the built action (node dist/index.js) against the simulator, whose
// gallery serves real metadata (simulator/gallery/catalog.ts): converge from empty with the
// gallery's declared dependency imported first, a second apply that writes nothing, drift made
// in the portal corrected, a dropped module pruned, a package added by hand left alone, and the
// bad inputs refused before any request.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { packageUrl } from '../../simulator/gallery/index.js';
import { aaPath, armFetch, armOk, AUTO, waitFor } from '../helpers/arm.js';
import { act, log, writesSince } from '../helpers/e2e.js';
import { startTestSimulator } from '../helpers/sim.js';

const RG = 'rg-exo-automation';
const AA = 'aa-exo-automation';
const ENV = 'exo-pwsh-7-4';
const USERS = 'Microsoft.Graph.Users@2.18.0';

describe('modules: from empty to converged, drift, prune', () => {
  let sim: Simulator;
  const envPath = () => `${aaPath(sim, RG, AA)}/runtimeEnvironments/${ENV}`;
  const pkgPath = (name = '') => `${envPath()}/packages${name ? `/${name}` : ''}`;
  const packages = async () => {
    const list = (await armOk(sim, 'GET', pkgPath(), AUTO)).value as any[];
    return Object.fromEntries(list.map((p) => [p.name, p]));
  };
  /** A package put by hand (as the portal does), waited on until Succeeded. */
  const putByHand = async (name: string, version: string) => {
    await armOk(sim, 'PUT', pkgPath(name), AUTO, {
      properties: { contentLink: { uri: packageUrl(sim.url, name, version), version } },
    });
    await waitFor(sim, pkgPath(name), AUTO, (b) => b.properties.provisioningState === 'Succeeded');
  };

  beforeAll(async () => {
    sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
  });
  afterAll(() => sim.close());

  test('converges: Authentication is imported before Users, both Succeeded; a second apply makes 0 writes', async () => {
    const first = await act(sim, { modules: USERS });
    expect(log(first)).not.toMatch(/^::error/m);
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.outputs.plan);
    const names = plan.changes.filter((c: any) => c.kind === 'package').map((c: any) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([`${ENV}/Microsoft.Graph.Authentication`, `${ENV}/Microsoft.Graph.Users`]),
    );

    // read back over ARM
    const pk = await packages();
    const auth = pk['Microsoft.Graph.Authentication'];
    const users = pk['Microsoft.Graph.Users'];
    expect([auth.properties.provisioningState, auth.properties.version]).toEqual(['Succeeded', '2.18.0']);
    expect([users.properties.provisioningState, users.properties.version]).toEqual(['Succeeded', '2.18.0']);
    expect(pk.ExchangeOnlineManagement.properties.provisioningState).toBe('Succeeded');
    // Users was put only once Authentication's import had finished (imports take importMs)
    const gap = Date.parse(users.systemData.createdAt) - Date.parse(auth.systemData.createdAt);
    expect(gap).toBeGreaterThanOrEqual(sim.sim.state.config.importMs);
    const puts = sim.requests.filter((r) => r.method === 'PUT' && r.path.includes('/packages/'));
    const at = (n: string) => puts.findIndex((r) => r.path.endsWith(`/packages/${n}`));
    expect(at('Microsoft.Graph.Authentication')).toBeGreaterThanOrEqual(0);
    expect(at('Microsoft.Graph.Authentication')).toBeLessThan(at('Microsoft.Graph.Users'));
    // the ownership tag lists what the action added for `modules`, and nothing else
    const env = await armOk(sim, 'GET', envPath(), AUTO);
    expect(env.tags['exo-automation-modules']).toBe('Microsoft.Graph.Authentication,Microsoft.Graph.Users');
    // ExchangeOnlineManagement 3.9.2 (latest on 7.4) beside Graph SDK 2.x: the MSAL warning, with its sources
    expect(first.summary).toMatch(/MSAL[\s\S]*M365-Assess issue 231/);

    const mark = sim.requests.length;
    const second = await act(sim, { modules: USERS });
    expect(second.code).toBe(0);
    expect(second.outputs.changes).toBe('0');
    expect(writesSince(sim, mark)).toEqual([]);
  });

  test('drift in the portal (a package removed, another at another version) is planned and corrected', async () => {
    expect((await armFetch(sim, 'DELETE', pkgPath('Microsoft.Graph.Users'), { apiVersion: AUTO })).status).toBeLessThan(
      300,
    );
    await putByHand('Microsoft.Graph.Authentication', '2.17.0');

    const mark = sim.requests.length;
    const planned = await act(sim, { modules: USERS, mode: 'plan' });
    expect(planned.code).toBe(0);
    expect(writesSince(sim, mark)).toEqual([]);
    const changes = JSON.parse(planned.outputs.plan).changes.map((c: any) => `${c.action} ${c.name}`);
    expect(changes.sort()).toEqual([
      `create ${ENV}/Microsoft.Graph.Users`,
      `update ${ENV}/Microsoft.Graph.Authentication`,
    ]);

    const run = await act(sim, { modules: USERS });
    expect(run.code).toBe(0);
    const pk = await packages();
    expect(pk['Microsoft.Graph.Authentication'].properties.version).toBe('2.18.0');
    expect(pk['Microsoft.Graph.Users'].properties).toMatchObject({ provisioningState: 'Succeeded', version: '2.18.0' });
  });

  test('a dropped module is pruned; a package added by hand is never touched', async () => {
    const both = `${USERS}\nPnP.PowerShell@3.1.0`;
    const add = await act(sim, { modules: both });
    expect(add.code).toBe(0);
    expect((await packages())['PnP.PowerShell'].properties.provisioningState).toBe('Succeeded');
    await putByHand('Az.Accounts', '2.2.5');

    const run = await act(sim, { modules: USERS });
    expect(log(run)).not.toMatch(/^::error/m);
    expect(run.code).toBe(0);
    const changes = JSON.parse(run.outputs.plan).changes.map((c: any) => `${c.action} ${c.name}`);
    expect(changes).toEqual([`delete ${ENV}/PnP.PowerShell`, `update ${ENV} [tag exo-automation-modules]`]);
    const pk = await packages();
    expect(pk['PnP.PowerShell']).toBeUndefined();
    expect(pk['Az.Accounts'].properties).toMatchObject({ provisioningState: 'Succeeded', version: '2.2.5' });
    expect(pk['Microsoft.Graph.Users'].properties.version).toBe('2.18.0');

    const mark = sim.requests.length;
    const again = await act(sim, { modules: USERS });
    expect(again.outputs.changes).toBe('0');
    expect(writesSince(sim, mark)).toEqual([]);
    // the hand-added package is still there after everything
    expect((await packages())['Az.Accounts']).toBeDefined();
  });
});

describe('modules: bad input is refused before any request', () => {
  let sim: Simulator;
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'a typosquat of ExchangeOnlineManagement',
      { modules: 'ExchangeOnlineManagment' },
      /modules: "ExchangeOnlineManagment": "ExchangeOnlineManagment" is one edit away from ExchangeOnlineManagement, a well-known module.*did you mean ExchangeOnlineManagement\?/,
    ],
    [
      'a version that cannot run on 5.1',
      { modules: 'PnP.PowerShell@3.1.0', 'runtime-versions': '5.1' },
      /modules: "PnP.PowerShell@3.1.0": PnP.PowerShell 3.1.0 cannot load on runtime 5.1: .*requires PowerShell 7.4 or later \(source: pnp\/powershell/,
    ],
    [
      'an unknown runtime prefix',
      { modules: '7.9:Microsoft.Graph.Users' },
      /modules: "7.9:Microsoft.Graph.Users": "7.9" is not a runtime; expected .*5\.1, 7\.4, 7\.6/,
    ],
  ];
  const runs: Awaited<ReturnType<typeof act>>[] = [];
  beforeAll(async () => {
    sim = await startTestSimulator();
    runs.push(...(await Promise.all(cases.map(([, inputs]) => act(sim, inputs, { event: 'push' })))));
  }, 120_000);
  afterAll(() => sim.close());

  test.each(cases.map((c, i) => [c[0], i] as const))('%s: a clear error naming the input', (_name, i) => {
    const run = runs[i];
    expect(run.code).not.toBe(0);
    const errors = log(run)
      .split('\n')
      .filter((l) => l.startsWith('::error'))
      .join('\n')
      .replace(/%0A/g, '\n')
      .replace(/%25/g, '%');
    expect(errors).toMatch(cases[i][2]);
    expect(run.summary).toMatch(/^## ❌ exo-automation failed: bad input\n/);
  });

  test('not one request reached the simulator', () => {
    expect(sim.requests).toEqual([]);
  });
});
