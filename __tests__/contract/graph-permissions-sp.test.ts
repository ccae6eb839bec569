// The Microsoft Graph service principal over HTTPS: found by its appId, carrying Graph's real
// application permissions (ids from azure-specs/graph/microsoft-graph-app-roles.facts.json), and
// the target of app role assignments through the same route the Exchange grant uses.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { EXCHANGE_MANAGE_AS_APP_ROLE_ID, GRAPH_APP_ID } from '../../simulator/ids.js';
import { startHarness, type Harness } from './context.js';
import { graphCtx } from './graph-cases.js';
import { send } from './http.js';
import { graphToken } from '../helpers/tokens.js';

// From the facts file (source S1, permissions-ids.md).
const MAIL_SEND = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const GROUP_READ_ALL = '5b567255-7703-4780-807c-7be8301ae99b';
const ROLE_MANAGEMENT_RW_DIRECTORY = '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8';
const IDENTITY = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.reset());

const ROLES = ['Application.Read.All', 'AppRoleAssignment.ReadWrite.All'];

async function graph(method: string, path: string, body?: unknown) {
  return send(h.sim, { method, url: `/v1.0${path}`, token: await graphToken(h.sim, ROLES), body });
}

async function graphSp(): Promise<{
  id: string;
  appRoles: { id: string; value: string; allowedMemberTypes: string[] }[];
}> {
  const r = await graph('GET', `/servicePrincipals?$filter=appId eq '${GRAPH_APP_ID}'`);
  expect(r.status).toBe(200);
  const list = (r.json as { value: any[] }).value;
  expect(list).toHaveLength(1);
  return list[0];
}

function grant(resourceId: string, appRoleId: string) {
  return graph('POST', `/servicePrincipals/${IDENTITY}/appRoleAssignments`, {
    principalId: IDENTITY,
    resourceId,
    appRoleId,
  });
}

describe('the Microsoft Graph service principal', () => {
  test('is listed by its appId filter, named Microsoft Graph, with the real app role ids', async () => {
    const sp = await graphSp();
    expect(sp).toMatchObject({ appId: GRAPH_APP_ID, displayName: 'Microsoft Graph' });
    const byValue = new Map(sp.appRoles.map((r) => [r.value, r]));
    expect(byValue.get('Mail.Send')?.id).toBe(MAIL_SEND);
    expect(byValue.get('Group.Read.All')?.id).toBe(GROUP_READ_ALL);
    expect(byValue.get('RoleManagement.ReadWrite.Directory')?.id).toBe(ROLE_MANAGEMENT_RW_DIRECTORY);
    expect(sp.appRoles.every((r) => r.allowedMemberTypes.includes('Application'))).toBe(true);
    expect(new Set(sp.appRoles.map((r) => r.id)).size).toBe(sp.appRoles.length);
  });

  test('is reachable by the appId alternate key with $select=appRoles', async () => {
    const r = await graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles`);
    expect(r.status).toBe(200);
    const roles = (r.json as { appRoles: { value: string }[] }).appRoles.map((x) => x.value);
    expect(roles).toEqual(expect.arrayContaining(['Mail.Send', 'User.Read.All', 'Directory.ReadWrite.All']));
  });
});

describe('app role assignments on the Microsoft Graph service principal', () => {
  test('assign, list from both sides, delete', async () => {
    graphCtx(h.sim).managedIdentity(IDENTITY);
    const sp = await graphSp();
    const created = await grant(sp.id, MAIL_SEND);
    expect(created.status).toBe(201);
    const a = created.json as { id: string; appRoleId: string; resourceId: string; principalId: string };
    expect(a).toMatchObject({ appRoleId: MAIL_SEND, resourceId: sp.id, principalId: IDENTITY });
    expect((await grant(sp.id, GROUP_READ_ALL)).status).toBe(201);

    const mine = await graph('GET', `/servicePrincipals/${IDENTITY}/appRoleAssignments`);
    expect((mine.json as { value: { appRoleId: string }[] }).value.map((x) => x.appRoleId).sort()).toEqual(
      [GROUP_READ_ALL, MAIL_SEND].sort(),
    );
    const onGraph = await graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignedTo`);
    expect((onGraph.json as { value: { principalId: string }[] }).value.map((x) => x.principalId)).toEqual([
      IDENTITY,
      IDENTITY,
    ]);

    expect((await graph('DELETE', `/servicePrincipals/${IDENTITY}/appRoleAssignments/${a.id}`)).status).toBe(204);
    const after = await graph('GET', `/servicePrincipals/${IDENTITY}/appRoleAssignments`);
    expect((after.json as { value: { appRoleId: string }[] }).value.map((x) => x.appRoleId)).toEqual([GROUP_READ_ALL]);
  });

  test('a second identical grant is refused as a duplicate', async () => {
    graphCtx(h.sim).managedIdentity(IDENTITY);
    const sp = await graphSp();
    expect((await grant(sp.id, MAIL_SEND)).status).toBe(201);
    const again = await grant(sp.id, MAIL_SEND);
    expect(again.status).toBe(400);
  });

  test("Exchange's role id is not a role of Microsoft Graph", async () => {
    graphCtx(h.sim).managedIdentity(IDENTITY);
    const sp = await graphSp();
    const r = await grant(sp.id, EXCHANGE_MANAGE_AS_APP_ROLE_ID);
    expect(r.status).toBe(400);
    expect(r.text).toContain('Permission being assigned was not found on application.');
    expect(h.sim.sim.state.graph.appRoleAssignments).toEqual([]);
  });
});
