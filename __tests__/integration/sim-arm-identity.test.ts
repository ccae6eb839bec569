// Managed identities with the real @azure/arm-msi client, and the Automation account identity
// rules (the SystemAssigned PATCH trap included).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { Simulator } from '../../simulator/server.js';
import { isVisible } from '../../simulator/entra/directory.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armCredential } from '../helpers/tokens.js';
import { aaPath, armFetch, AUTO, RES, rgPath } from '../helpers/arm.js';

let sim: Simulator;
let msi: ManagedServiceIdentityClient;
const RG = 'rg-identity';

beforeAll(async () => {
  sim = await startTestSimulator({ config: { replicationDelayMs: 60_000 } });
  msi = new ManagedServiceIdentityClient(armCredential(sim), sim.subscriptionId, { endpoint: sim.url });
  await armFetch(sim, 'PUT', rgPath(sim, RG), { apiVersion: RES, body: { location: 'westeurope' } });
});
afterAll(async () => {
  await sim.close();
});

describe('user-assigned identities (@azure/arm-msi)', () => {
  it('create returns distinct client and principal ids at once; the SP becomes visible after the replication delay', async () => {
    const created = await msi.userAssignedIdentities.createOrUpdate(RG, 'uai-one', {
      location: 'westeurope',
      tags: { a: 'b' },
    });
    expect(created.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.clientId).not.toBe(created.principalId);
    expect(created.tenantId).toBe(sim.tenantId);
    expect(created.type).toBe('Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(created.id).toBe(
      `/subscriptions/${sim.subscriptionId}/resourcegroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-one`,
    );
    const sp = sim.sim.state.graph.servicePrincipals.find((s) => s.id === created.principalId)!;
    expect(sp).toMatchObject({
      appId: created.clientId,
      displayName: 'uai-one',
      servicePrincipalType: 'ManagedIdentity',
    });
    expect(isVisible(sp, sim.sim)).toBe(false);
    expect(isVisible(sp, { ...sim.sim, now: () => Date.now() + 60_000 })).toBe(true);

    const again = await msi.userAssignedIdentities.createOrUpdate(RG, 'UAI-ONE', { location: 'westeurope' });
    expect(again.clientId).toBe(created.clientId);
    expect(again.name).toBe('uai-one');

    const got = await msi.userAssignedIdentities.get(RG, 'uai-one');
    expect(got.principalId).toBe(created.principalId);
    const patched = await msi.userAssignedIdentities.update(RG, 'uai-one', { tags: { x: 'y' } });
    expect(patched.tags).toEqual({ x: 'y' });
    const list = [];
    for await (const i of msi.userAssignedIdentities.listByResourceGroup(RG)) list.push(i.name);
    expect(list).toContain('uai-one');
  });

  it('get of a missing identity is a 404 ResourceNotFound', async () => {
    await expect(msi.userAssignedIdentities.get(RG, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('delete removes the service principal', async () => {
    const created = await msi.userAssignedIdentities.createOrUpdate(RG, 'uai-gone', { location: 'westeurope' });
    await msi.userAssignedIdentities.delete(RG, 'uai-gone');
    expect(sim.sim.state.graph.servicePrincipals.some((s) => s.id === created.principalId)).toBe(false);
    const again = await armFetch(
      sim,
      'DELETE',
      `${rgPath(sim, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-gone`,
      { apiVersion: '2024-11-30' },
    );
    expect(again.status).toBe(204);
  });
});

describe('Automation account identity', () => {
  const acc = () => aaPath(sim, RG, 'aa-id');

  it('create with a system identity: SP named like the account; GET identities/default answers it', async () => {
    const put = await armFetch(sim, 'PUT', acc(), {
      apiVersion: AUTO,
      body: { location: 'westeurope', identity: { type: 'SystemAssigned' }, properties: { sku: { name: 'Basic' } } },
    });
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({
      name: 'aa-id',
      type: 'Microsoft.Automation/AutomationAccounts',
      location: 'westeurope',
      identity: { type: 'SystemAssigned', tenantId: sim.tenantId },
      properties: { sku: { name: 'Basic' }, state: 'Ok' },
    });
    const pid = put.json.identity.principalId;
    expect(sim.sim.state.graph.servicePrincipals.find((s) => s.id === pid)?.displayName).toBe('aa-id');
    const sys = await msi.systemAssignedIdentities.getByScope(acc().slice(1));
    expect(sys.principalId).toBe(pid);
    expect(sys.clientId).toBe(sim.sim.state.graph.servicePrincipals.find((s) => s.id === pid)?.appId);
    expect(
      (
        await armFetch(sim, 'PUT', acc(), {
          apiVersion: AUTO,
          body: { location: 'westeurope', properties: { sku: { name: 'Basic' } } },
        })
      ).status,
    ).toBe(200);
  });

  it('a PATCH of type SystemAssigned drops the user-assigned identities (the documented trap)', async () => {
    const u1 = await msi.userAssignedIdentities.createOrUpdate(RG, 'uai-a', { location: 'westeurope' });
    const u2 = await msi.userAssignedIdentities.createOrUpdate(RG, 'uai-b', { location: 'westeurope' });
    const both = await armFetch(sim, 'PATCH', acc(), {
      apiVersion: AUTO,
      body: {
        identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u1.id!]: {}, [u2.id!]: {} } },
      },
    });
    expect(both.status).toBe(200);
    expect(both.json.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(both.json.identity.userAssignedIdentities[u1.id!]).toEqual({
      principalId: u1.principalId,
      clientId: u1.clientId,
    });
    const systemPid = both.json.identity.principalId;

    // a null value removes one entry, the rest is merged
    const removed = await armFetch(sim, 'PATCH', acc(), {
      apiVersion: AUTO,
      body: {
        identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u2.id!.toUpperCase()]: null } },
      },
    });
    expect(Object.keys(removed.json.identity.userAssignedIdentities)).toEqual([u1.id]);

    const trap = await armFetch(sim, 'PATCH', acc(), {
      apiVersion: AUTO,
      body: { identity: { type: 'SystemAssigned' } },
    });
    expect(trap.status).toBe(200);
    expect(trap.json.identity).toEqual({ type: 'SystemAssigned', principalId: systemPid, tenantId: sim.tenantId });
    const got = await armFetch(sim, 'GET', acc(), { apiVersion: AUTO });
    expect(got.json.identity.userAssignedIdentities).toBeUndefined();
  });

  it('UserAssigned alone disables the system identity and deletes its SP; None removes all', async () => {
    const u1 = await msi.userAssignedIdentities.get(RG, 'uai-a');
    const before = (await armFetch(sim, 'GET', acc(), { apiVersion: AUTO })).json.identity.principalId;
    const ua = await armFetch(sim, 'PATCH', acc(), {
      apiVersion: AUTO,
      body: { identity: { type: 'UserAssigned', userAssignedIdentities: { [u1.id!]: {} } } },
    });
    expect(ua.json.identity.principalId).toBeUndefined();
    expect(sim.sim.state.graph.servicePrincipals.some((s) => s.id === before)).toBe(false);
    const none = await armFetch(sim, 'PATCH', acc(), { apiVersion: AUTO, body: { identity: { type: 'None' } } });
    expect(none.json.identity).toBeUndefined();
    await expect(msi.systemAssignedIdentities.getByScope(acc().slice(1))).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a missing user-assigned identity is refused with FailedIdentityOperation', async () => {
    const ghost = `${rgPath(sim, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ghost`;
    const r = await armFetch(sim, 'PATCH', acc(), {
      apiVersion: AUTO,
      body: { identity: { type: 'UserAssigned', userAssignedIdentities: { [ghost]: {} } } },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('FailedIdentityOperation');
    expect(r.json.error.message).toContain(`Resource '${ghost}' was not found.`);
  });

  it('GET of a missing account: 404 ResourceNotFound with the ARM template', async () => {
    const r = await armFetch(sim, 'GET', aaPath(sim, RG, 'missing-aa'), { apiVersion: AUTO });
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({
      code: 'ResourceNotFound',
      message: `The Resource 'Microsoft.Automation/automationAccounts/missing-aa' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    });
  });
});
