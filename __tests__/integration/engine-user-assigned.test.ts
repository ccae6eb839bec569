// A user-assigned identity end to end: its principal id (SP object id) in every Graph call, its
// client id nowhere in Graph (only in the Connect-ExchangeOnline line, which main writes).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { aaPath, armFetch, AUTO, MSI, rgPath } from '../helpers/arm.js';
import { startTestSimulator } from '../helpers/sim.js';
import { kindsOf, lastSeq, replicated, resetState, run, writesSince } from './engine-helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => resetState(sim));

/** Every Graph request this process sends: URL and body, recorded on the way through. */
const graphCalls: { method: string; url: string; body: string }[] = [];
const realFetch = globalThis.fetch;
beforeEach(() => {
  graphCalls.length = 0;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname.startsWith('/v1.0/')) {
      graphCalls.push({ method: init?.method ?? 'GET', url: decodeURIComponent(url), body: String(init?.body ?? '') });
    }
    return realFetch(input, init);
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

const UA = { identityType: 'user-assigned' as const, identityName: 'id-exo', identityResourceGroup: 'rg-id' };

describe('user-assigned identity', () => {
  it('converges from empty; Graph calls carry the principal id and never the client id', async () => {
    const result = await run(sim, 'apply', UA);
    expect(kindsOf(result)).toEqual([
      'create resource-group rg-exo',
      'create resource-group rg-id',
      'create user-assigned-identity id-exo',
      'create automation-account aa-exo',
      'create app-role-assignment Exchange.ManageAsApp',
      'create directory-role-assignment Exchange Administrator',
      'create runtime-environment exo-pwsh-7-4',
      'create package exo-pwsh-7-4/ExchangeOnlineManagement',
    ]);

    const uai = await armFetch(
      sim,
      'GET',
      `${rgPath(sim, 'rg-id')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-exo`,
      {
        apiVersion: MSI,
      },
    );
    const { principalId, clientId } = uai.json.properties as { principalId: string; clientId: string };
    expect(principalId).not.toBe(clientId); // they always differ in the simulator, as in Entra
    expect(result.identity).toEqual({ type: 'user-assigned', name: 'id-exo', principalId, clientId });

    const account = await armFetch(sim, 'GET', aaPath(sim, 'rg-exo', 'aa-exo'), { apiVersion: AUTO });
    expect(account.json.identity.type).toBe('UserAssigned');
    expect(Object.keys(account.json.identity.userAssignedIdentities).map((k) => k.toLowerCase())).toEqual([
      uai.json.id.toLowerCase(),
    ]);

    // Each id in its place: principalId in Graph paths, filters and bodies; clientId never.
    // (a POST may repeat while Entra replicates the new principal)
    const writes = graphCalls.filter((c) => c.method === 'POST');
    expect(writes.some((c) => c.url.endsWith(`/servicePrincipals/${principalId}/appRoleAssignments`))).toBe(true);
    expect(writes.some((c) => c.url.endsWith('/roleManagement/directory/roleAssignments'))).toBe(true);
    for (const c of writes) {
      expect(`${c.url} ${c.body}`).toContain(principalId);
    }
    expect(graphCalls.some((c) => c.url.includes(`/servicePrincipals/${principalId}/appRoleAssignments`))).toBe(true);
    for (const c of graphCalls) {
      expect(c.url).not.toContain(clientId);
      expect(c.body).not.toContain(clientId);
    }
    const body = JSON.parse(writes.find((c) => c.url.includes('roleAssignments'))!.body);
    expect(body).toEqual({
      '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
      roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
      principalId,
      directoryScopeId: '/',
    });

    // The grants live on the principal
    await replicated(sim);
    const g = sim.sim.state.graph;
    expect(g.appRoleAssignments.filter((a) => a.principalId === principalId)).toHaveLength(1);
    expect(g.roleAssignments.filter((a) => a.principalId === principalId)).toHaveLength(1);
    expect(g.appRoleAssignments.some((a) => a.principalId === clientId)).toBe(false);

    // and a second apply writes nothing
    const from = lastSeq(sim);
    const again = await run(sim, 'apply', UA);
    expect(kindsOf(again)).toEqual([]);
    expect(writesSince(sim, from)).toEqual([]);
  });

  it('attaching the identity keeps the system-assigned identity and user-assigned ones it does not manage', async () => {
    // An account made by hand with a system identity and someone else's user-assigned identity
    await run(sim, 'apply', {
      identityType: 'user-assigned',
      identityName: 'someone-elses',
      identityResourceGroup: 'rg-exo',
    });
    const enable = await armFetch(sim, 'PATCH', aaPath(sim, 'rg-exo', 'aa-exo'), {
      apiVersion: AUTO,
      body: {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: {
            [`/subscriptions/${sim.subscriptionId}/resourceGroups/rg-exo/providers/Microsoft.ManagedIdentity/userAssignedIdentities/someone-elses`]:
              {},
          },
        },
      },
    });
    expect(enable.status).toBe(200);
    const systemPrincipal = enable.json.identity.principalId;
    await replicated(sim);

    const from = lastSeq(sim);
    const plan = await run(sim, 'plan', UA);
    expect(writesSince(sim, from)).toEqual([]);
    expect(kindsOf(plan)).toContain('update automation-account aa-exo');

    await run(sim, 'apply', UA);
    const account = await armFetch(sim, 'GET', aaPath(sim, 'rg-exo', 'aa-exo'), { apiVersion: AUTO });
    expect(account.json.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(account.json.identity.principalId).toBe(systemPrincipal);
    expect(Object.keys(account.json.identity.userAssignedIdentities).map((k) => k.split('/').pop())).toEqual(
      expect.arrayContaining(['someone-elses', 'id-exo']),
    );
  });
});
