// The engine end to end against the simulator, with the real clients and the real credential:
// a system-assigned identity from an empty subscription, idempotence, plan mode, drift.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AzureError } from '../../src/errors.js';
import type { Simulator } from '../../simulator/server.js';
import { aaPath, armFetch, AUTO } from '../helpers/arm.js';
import { startTestSimulator } from '../helpers/sim.js';
import { graphToken } from '../helpers/tokens.js';
import { kindsOf, lastSeq, replicated, resetState, run, writesSince } from './engine-helpers.js';

const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => resetState(sim));

async function graphGet(path: string): Promise<any> {
  const res = await fetch(`${sim.url}/v1.0${path}`, {
    headers: {
      authorization: `Bearer ${await graphToken(sim, ['Application.Read.All', 'RoleManagement.Read.Directory'])}`,
    },
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** The state as ARM and Graph report it. */
async function readBack() {
  await replicated(sim);
  const account = await armFetch(sim, 'GET', aaPath(sim, 'rg-exo', 'aa-exo'), { apiVersion: AUTO });
  const principalId: string | undefined = account.json?.identity?.principalId;
  const envs = await armFetch(sim, 'GET', `${aaPath(sim, 'rg-exo', 'aa-exo')}/runtimeEnvironments`, {
    apiVersion: AUTO,
  });
  const pkgs = await armFetch(
    sim,
    'GET',
    `${aaPath(sim, 'rg-exo', 'aa-exo')}/runtimeEnvironments/exo-pwsh-7-4/packages`,
    {
      apiVersion: AUTO,
    },
  );
  const exo = (await graphGet(`/servicePrincipals?$filter=appId eq '${EXO_APP_ID}'`)).value[0];
  const grants = principalId ? (await graphGet(`/servicePrincipals/${principalId}/appRoleAssignments`)).value : [];
  const roles = principalId
    ? (await graphGet(`/roleManagement/directory/roleAssignments?$filter=principalId eq '${principalId}'`)).value
    : [];
  return { account, principalId, envs: envs.json?.value ?? [], pkgs: pkgs.json?.value ?? [], exo, grants, roles };
}

describe('system-assigned identity', () => {
  it('converges from an empty subscription, and the state read back is the desired one', async () => {
    const secrets: string[] = [];
    const result = await run(sim, 'apply', {}, { secrets });
    expect(kindsOf(result)).toEqual([
      'create resource-group rg-exo',
      'create automation-account aa-exo',
      'create runtime-environment exo-pwsh-7-4',
      'create app-role-assignment Exchange.ManageAsApp',
      'create directory-role-assignment Exchange Administrator',
      'create package exo-pwsh-7-4/ExchangeOnlineManagement',
    ]);
    expect(result.applied).toHaveLength(6);
    expect(result.drift).toBe(true);
    expect(result.runtimes).toEqual([
      {
        version: '7.4',
        environment: 'exo-pwsh-7-4',
        modules: [{ name: 'ExchangeOnlineManagement', version: '3.9.2' }],
      },
    ]);
    // every token (GitHub's and Entra's) was handed to setSecret
    expect(secrets.length).toBeGreaterThanOrEqual(3);

    const s = await readBack();
    expect(s.account.status).toBe(200);
    expect(s.account.json.identity.type).toBe('SystemAssigned');
    expect(result.identity.principalId).toBe(s.principalId);
    expect(result.identity.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.envs.map((e: any) => [e.name, e.properties.runtime.version])).toEqual([['exo-pwsh-7-4', '7.4']]);
    const exoPkg = s.pkgs.find((p: any) => p.name === 'ExchangeOnlineManagement');
    expect(exoPkg.properties).toMatchObject({ provisioningState: 'Succeeded', version: '3.9.2' });
    expect(s.grants).toEqual([
      expect.objectContaining({ principalId: s.principalId, resourceId: s.exo.id, appRoleId: MANAGE_AS_APP }),
    ]);
    expect(s.roles).toEqual([
      expect.objectContaining({ principalId: s.principalId, roleDefinitionId: EXCHANGE_ADMIN, directoryScopeId: '/' }),
    ]);
  });

  it('a second apply makes zero write requests and reports 0 changes', async () => {
    await run(sim, 'apply');
    await replicated(sim);
    const from = lastSeq(sim);
    const again = await run(sim, 'apply');
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.counts).toEqual({ create: 0, update: 0, delete: 0 });
    expect(again.applied).toEqual([]);
    expect(again.drift).toBe(false);
    expect(writesSince(sim, from)).toEqual([]);
  });

  it('plan mode on an empty subscription lists the changes and writes nothing', async () => {
    const result = await run(sim, 'plan');
    expect(result.plan.mode).toBe('plan');
    expect(result.plan.counts).toEqual({ create: 6, update: 0, delete: 0 });
    expect(result.applied).toEqual([]);
    expect(writesSince(sim, 0)).toEqual([]);
    // things under a missing parent are read at once, beside the parent (no round trip spent
    // waiting for it): each such read is a GET answered 404
    const under = sim.requests.filter((r) => /automationAccounts/i.test(r.path));
    expect(under.length).toBeGreaterThan(0);
    expect(under.every((r) => r.method === 'GET' && r.status === 404)).toBe(true);
    // the only POSTs are to the token endpoint
    expect(sim.requests.filter((r) => r.method === 'POST').every((r) => r.service === 'entra')).toBe(true);
  });

  it('reports hand-made drift in plan mode without writing, and apply corrects it', async () => {
    const first = await run(sim, 'apply');
    await replicated(sim);
    const oldPrincipal = first.identity.principalId!;
    const s = sim.sim.state;
    // Re-creating the Exchange Online SP needs Application.ReadWrite.All (not in the default set)
    s.deployer.graphPermissions.push('Application.ReadWrite.All');

    // 1. Exchange Administrator removed, 2. app role removed
    s.graph.roleAssignments = s.graph.roleAssignments.filter((a) => a.principalId !== oldPrincipal);
    s.graph.appRoleAssignments = s.graph.appRoleAssignments.filter((a) => a.principalId !== oldPrincipal);
    // 3. package version changed by hand
    const pkgKey = Object.keys(s.arm).find((k) => k.endsWith('/packages/exchangeonlinemanagement'))!;
    s.arm[pkgKey].sim!.import = { ...s.arm[pkgKey].sim!.import, version: '3.7.0' };
    // 4. Exchange SP deleted
    s.graph.servicePrincipals = s.graph.servicePrincipals.filter((sp) => sp.appId !== EXO_APP_ID);

    const from = lastSeq(sim);
    const plan = await run(sim, 'plan');
    expect(writesSince(sim, from)).toEqual([]);
    expect(kindsOf(plan)).toEqual([
      'create exchange-service-principal Office 365 Exchange Online',
      'create app-role-assignment Exchange.ManageAsApp',
      'create directory-role-assignment Exchange Administrator',
      'update package exo-pwsh-7-4/ExchangeOnlineManagement',
    ]);
    expect(plan.drift).toBe(true);
    expect(plan.plan.changes.find((c) => c.kind === 'package')!.reason).toMatch(/version 3\.7\.0; import 3\.9\.2/);

    const fixed = await run(sim, 'apply');
    expect(fixed.applied).toHaveLength(4);
    const after = await readBack();
    expect(after.exo).toBeDefined();
    expect(after.grants).toEqual([expect.objectContaining({ resourceId: after.exo.id, appRoleId: MANAGE_AS_APP })]);
    expect(after.roles.map((r: any) => r.roleDefinitionId)).toEqual([EXCHANGE_ADMIN]);
    expect(after.pkgs.find((p: any) => p.name === 'ExchangeOnlineManagement').properties.version).toBe('3.9.2');

    const from2 = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply'))).toEqual([]);
    expect(writesSince(sim, from2)).toEqual([]);
  });

  it('re-enables a disabled identity and grants the new principal everything again', async () => {
    const first = await run(sim, 'apply');
    await replicated(sim);
    const disable = await armFetch(sim, 'PATCH', aaPath(sim, 'rg-exo', 'aa-exo'), {
      apiVersion: AUTO,
      body: { identity: { type: 'None' } },
    });
    expect(disable.status).toBe(200);

    const from = lastSeq(sim);
    const plan = await run(sim, 'plan');
    expect(writesSince(sim, from)).toEqual([]);
    expect(kindsOf(plan)).toEqual([
      'update automation-account aa-exo',
      'create app-role-assignment Exchange.ManageAsApp',
      'create directory-role-assignment Exchange Administrator',
    ]);
    expect(plan.plan.changes[0].reason).toMatch(/disabled/);

    const fixed = await run(sim, 'apply');
    expect(fixed.identity.principalId).toBeDefined();
    expect(fixed.identity.principalId).not.toBe(first.identity.principalId);
    const after = await readBack();
    expect(after.principalId).toBe(fixed.identity.principalId);
    // the old principal is gone; every grant is on the new one
    expect(after.grants).toHaveLength(1);
    expect(after.roles).toHaveLength(1);
    expect(kindsOf(await run(sim, 'apply'))).toEqual([]);
  });

  it("fails on a Failed import with Azure's message, and the next run converges once the cause is gone", async () => {
    const gone = sim.sim.state.gallery.ExchangeOnlineManagement.find((v) => v.version === '3.9.2')!;
    gone.downloadable = false;
    let error: unknown;
    try {
      await run(sim, 'apply', { moduleVersion: '3.9.2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AzureError);
    const message = (error as AzureError).message;
    expect(message).toContain('ExchangeOnlineManagement 3.9.2');
    expect(message).toContain('exo-pwsh-7-4');
    expect(message).toContain('PowerShell 7.4');
    expect(message).toContain('ModuleImportException: While importing the module, an error occurred');
    expect((error as AzureError).hint).toContain('published on the PowerShell Gallery');

    // the plan now shows the failed import, to be put again
    await replicated(sim);
    const plan = await run(sim, 'plan', { moduleVersion: '3.9.2' });
    expect(kindsOf(plan)).toEqual(['update package exo-pwsh-7-4/ExchangeOnlineManagement']);
    expect(plan.plan.changes[0].reason).toMatch(/Failed/);

    gone.downloadable = true;
    const fixed = await run(sim, 'apply', { moduleVersion: '3.9.2' });
    expect(kindsOf(fixed)).toEqual(['update package exo-pwsh-7-4/ExchangeOnlineManagement']);
    const again = await run(sim, 'apply', { moduleVersion: '3.9.2' });
    expect(kindsOf(again)).toEqual([]);
  });
});

describe('preflight', () => {
  it('reports every missing permission at once: a warning in plan mode, an error before any write in apply mode', async () => {
    const s = sim.sim.state;
    s.deployer.graphPermissions = ['Application.Read.All', 'RoleManagement.Read.Directory'];
    s.deployer.armWriteScopes = [];

    const plan = await run(sim, 'plan');
    expect(plan.warnings.join('\n')).toContain('AppRoleAssignment.ReadWrite.All');

    let error: unknown;
    try {
      await run(sim, 'apply');
    } catch (e) {
      error = e;
    }
    const message = (error as Error).message;
    expect(message).toContain('grant AppRoleAssignment.ReadWrite.All (Microsoft Graph application permission)');
    expect(message).toContain('grant RoleManagement.ReadWrite.Directory (Microsoft Graph application permission)');
    expect(message).toContain(
      `allow Microsoft.Resources/subscriptions/resourceGroups/write on /subscriptions/${sim.subscriptionId}`,
    );
    expect(message).toContain('Microsoft.Automation/automationAccounts/write');
    expect(writesSince(sim, 0)).toEqual([]);
  });
});
