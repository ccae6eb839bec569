// Microsoft Graph v1.0 on the simulator, driven by the real @microsoft/microsoft-graph-client
// over HTTPS (its retry, auth and paging middleware included).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Client, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { createManagedIdentityPrincipal } from '../../simulator/entra/directory.js';
import { EXCHANGE_APP_ID, EXCHANGE_MANAGE_AS_APP_ROLE_ID } from '../../simulator/ids.js';
import type { Simulator } from '../../simulator/server.js';
import { defaultState } from '../../simulator/state.js';
import { startTestSimulator } from '../helpers/sim.js';
import { graphToken } from '../helpers/tokens.js';

const REPLICATION_MS = 60_000;
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const ALL_WRITE = [
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
];

let sim: Simulator;
/** Simulated time offset: replication delays pass by moving the simulator's clock, not by waiting. */
let offset = 0;
const advance = (ms = REPLICATION_MS + 1) => {
  offset += ms;
};

function graph(token: string): Client {
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: async () => token },
    baseUrl: sim.url + '/',
    defaultVersion: 'v1.0',
    // The client attaches the bearer token only to Graph hosts and these.
    customHosts: new Set(['127.0.0.1']),
  });
}

async function failure(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** The client keeps the body's `error` object, serialised, in `body`. */
function errorOf(e: GraphError): any {
  return typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
}

function newIdentity(name = 'uai-exo'): string {
  const rid = `/subscriptions/${sim.subscriptionId}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  return createManagedIdentityPrincipal(sim.sim, name, rid).principalId;
}

let deployer: Client;
let admin: Client;

beforeAll(async () => {
  sim = await startTestSimulator({ config: { replicationDelayMs: REPLICATION_MS } });
  sim.sim.now = () => Date.now() + offset;
  deployer = graph(await graphToken(sim));
  admin = graph(await graphToken(sim, ALL_WRITE));
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.sim.state = defaultState();
  sim.sim.state.config.replicationDelayMs = REPLICATION_MS;
  sim.faults.clear();
});

describe('servicePrincipals', () => {
  it('finds the Exchange Online principal by appId filter and by alternate key', async () => {
    const list = await deployer.api('/servicePrincipals').filter(`appId eq '${EXCHANGE_APP_ID}'`).get();
    expect(list['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#servicePrincipals`);
    expect(list.value).toHaveLength(1);
    const sp = list.value[0];
    expect(sp).toMatchObject({
      appId: EXCHANGE_APP_ID,
      displayName: 'Office 365 Exchange Online',
      servicePrincipalType: 'Application',
      accountEnabled: true,
      deletedDateTime: null,
      keyCredentials: [],
      passwordCredentials: [],
    });
    expect(sp.appRoles).toContainEqual(
      expect.objectContaining({
        id: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
        value: 'Exchange.ManageAsApp',
        allowedMemberTypes: ['Application'],
      }),
    );
    expect(sp).not.toHaveProperty('visibleAfter');

    const byKey = await deployer.api(`/servicePrincipals(appId='${EXCHANGE_APP_ID}')`).get();
    expect(byKey['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#servicePrincipals/$entity`);
    expect(byKey.id).toBe(sp.id);
    const byId = await deployer.api(`/servicePrincipals/${sp.id}`).select(['id', 'appId']).get();
    expect(byId).toEqual({
      '@odata.context': `${sim.url}/v1.0/$metadata#servicePrincipals(id,appId)/$entity`,
      id: sp.id,
      appId: EXCHANGE_APP_ID,
    });
  });

  it('filters by displayName and type, selects, and rejects unknown properties', async () => {
    const res = await deployer
      .api('/servicePrincipals')
      .filter("displayName eq 'microsoft graph' and servicePrincipalType eq 'Application'")
      .select('appId,displayName')
      .get();
    expect(res['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#servicePrincipals(appId,displayName)`);
    expect(res.value).toEqual([{ appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph' }]);

    const e = await failure(deployer.api('/servicePrincipals').filter("colour eq 'red'").get());
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BadRequest');
    const syntax = await failure(deployer.api('/servicePrincipals').filter("appId eq '123").get());
    expect(syntax.statusCode).toBe(400);
    expect(syntax.message).toMatch(/Invalid filter clause/);
  });

  it('answers 404 Request_ResourceNotFound for a missing principal, by id and by appId', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    const e = await failure(deployer.api(`/servicePrincipals/${missing}`).get());
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe('Request_ResourceNotFound');
    expect(e.message).toBe(
      `Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`,
    );
    const byKey = await failure(deployer.api(`/servicePrincipals(appId='${missing}')`).get());
    expect(byKey.statusCode).toBe(404);
    const bad = await failure(deployer.api('/servicePrincipals/not-a-guid').get());
    expect(bad.statusCode).toBe(400);
    expect(bad.message).toBe("Invalid object identifier 'not-a-guid'.");
  });

  it('re-creates the Exchange principal by appId after it was deleted', async () => {
    const [exo] = (await admin.api('/servicePrincipals').filter(`appId eq '${EXCHANGE_APP_ID}'`).get()).value;
    await admin.api(`/servicePrincipals/${exo.id}`).delete();
    expect((await admin.api('/servicePrincipals').filter(`appId eq '${EXCHANGE_APP_ID}'`).get()).value).toEqual([]);
    expect((await failure(admin.api(`/servicePrincipals(appId='${EXCHANGE_APP_ID}')`).get())).statusCode).toBe(404);

    // The deployer's default permissions cannot create principals.
    const denied = await failure(deployer.api('/servicePrincipals').post({ appId: EXCHANGE_APP_ID }));
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('Authorization_RequestDenied');
    // OwnedBy may only instantiate apps of this tenant; Exchange is Microsoft's.
    const ownedBy = graph(await graphToken(sim, ['Application.ReadWrite.OwnedBy']));
    const foreign = await failure(ownedBy.api('/servicePrincipals').post({ appId: EXCHANGE_APP_ID }));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.message).toMatch(
      /backing application of the service principal being created must in the local tenant/,
    );

    const created = await admin.api('/servicePrincipals').post({ appId: EXCHANGE_APP_ID });
    expect(created['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#servicePrincipals/$entity`);
    expect(created).toMatchObject({ appId: EXCHANGE_APP_ID, displayName: 'Office 365 Exchange Online' });
    expect(created.id).not.toBe(exo.id);
    expect(created.appRoles.map((r: any) => r.value)).toContain('Exchange.ManageAsApp');

    // A second create for the same appId conflicts, even while the first is still replicating.
    const dup = await failure(admin.api('/servicePrincipals').post({ appId: EXCHANGE_APP_ID }));
    expect(dup.statusCode).toBe(409);
    expect(dup.code).toBe('Request_MultipleObjectsWithSameKeyValue');

    // Fresh objects replicate before reads see them.
    expect((await failure(admin.api(`/servicePrincipals/${created.id}`).get())).statusCode).toBe(404);
    advance();
    expect((await admin.api(`/servicePrincipals/${created.id}`).get()).appId).toBe(EXCHANGE_APP_ID);
  });

  it('refuses an appId with no application behind it', async () => {
    const e = await failure(admin.api('/servicePrincipals').post({ appId: '12345678-1234-1234-1234-123456789012' }));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('Request_BadRequest');
    expect(e.message).toBe(
      "The appId '12345678-1234-1234-1234-123456789012' of the service principal does not reference a valid application object.",
    );
    expect(errorOf(e).details[0].code).toBe('NoBackingApplicationObject');
  });

  it('hides a managed identity principal until it has replicated', async () => {
    const principalId = newIdentity();
    const e = await failure(deployer.api(`/servicePrincipals/${principalId}`).get());
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe('Request_ResourceNotFound');
    const mis = () =>
      deployer.api('/servicePrincipals').filter("servicePrincipalType eq 'ManagedIdentity'").get() as Promise<any>;
    expect((await mis()).value).toEqual([]);
    const grant = await failure(
      deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments`).post({
        principalId,
        resourceId: sim.sim.state.graph.servicePrincipals[0].id,
        appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
      }),
    );
    // A grant to a principal still replicating: 400 "Not a valid reference update." (as real Graph
    // answers for a just-created managed identity), in Graph's error envelope.
    expect(grant.statusCode).toBe(400);
    expect(grant.code).toBe('Request_BadRequest');
    expect(grant.message).toBe('Not a valid reference update.');
    expect(errorOf(grant)).toEqual({
      code: 'Request_BadRequest',
      message: 'Not a valid reference update.',
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
        'client-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });
    // The same from the resource's side (appRoleAssignedTo, as in the public reports).
    const exoId = sim.sim.state.graph.servicePrincipals[0].id;
    const assignedTo = await failure(
      deployer
        .api(`/servicePrincipals/${exoId}/appRoleAssignedTo`)
        .post({ principalId, resourceId: exoId, appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID }),
    );
    expect([assignedTo.statusCode, assignedTo.message]).toEqual([400, 'Not a valid reference update.']);
    // A principal that does not exist at all is still missing, not "replicating".
    const missing = await failure(
      deployer.api(`/servicePrincipals/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/appRoleAssignments`).post({
        principalId: `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`,
        resourceId: exoId,
        appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
      }),
    );
    expect(missing.statusCode).toBe(404);

    advance();
    const visible = await mis();
    expect(visible.value).toHaveLength(1);
    expect(visible.value[0]).toMatchObject({
      id: principalId,
      servicePrincipalType: 'ManagedIdentity',
      appDisplayName: null,
    });
  });

  it('pages with an absolute @odata.nextLink that the client follows', async () => {
    for (let i = 0; i < 4; i++) newIdentity(`uai-${i}`);
    advance();
    const first: PageCollection = await deployer.api('/servicePrincipals').top(2).get();
    expect(first.value).toHaveLength(2);
    const link = new URL(first['@odata.nextLink']!);
    expect(link.origin).toBe(sim.url);
    expect(link.pathname).toBe('/v1.0/servicePrincipals');
    expect(link.searchParams.get('$top')).toBe('2');
    expect(link.searchParams.get('$skiptoken')).toBeTruthy();

    const seen: string[] = [];
    await new PageIterator(deployer, first, (sp: any) => {
      seen.push(sp.id);
      return true;
    }).iterate();
    const all = sim.sim.state.graph.servicePrincipals.map((sp) => sp.id);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(7);

    // Without $top the service page size applies.
    sim.sim.state.config.pageSize = 5;
    const page = await deployer.api('/servicePrincipals').get();
    expect(page.value).toHaveLength(5);
    expect(page['@odata.nextLink']).toBeDefined();
  });

  it('answers $count only with ConsistencyLevel: eventual', async () => {
    const e = await failure(deployer.api('/servicePrincipals').count(true).get());
    expect(e.statusCode).toBe(400);
    const res = await deployer
      .api('/servicePrincipals')
      .header('ConsistencyLevel', 'eventual')
      .count(true)
      .top(1)
      .get();
    expect(res['@odata.count']).toBe(3);
    expect(res.value).toHaveLength(1);
  });

  it('retries a throttled request after Retry-After and then succeeds', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/v1.0/servicePrincipals',
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
    });
    const before = sim.requests.length;
    const res = await deployer.api('/servicePrincipals').filter(`appId eq '${EXCHANGE_APP_ID}'`).get();
    expect(res.value).toHaveLength(1);
    const calls = sim.requests.slice(before).filter((r) => r.path === '/v1.0/servicePrincipals');
    expect(calls.map((r) => r.status)).toEqual([429, 200]);
  });
});

describe('appRoleAssignments', () => {
  it('grants Exchange.ManageAsApp, refuses a duplicate, lists it once replicated, and deletes it', async () => {
    const principalId = newIdentity();
    advance();
    const exo = (await deployer.api(`/servicePrincipals(appId='${EXCHANGE_APP_ID}')`).get()) as any;
    const body = { principalId, resourceId: exo.id, appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID };

    const created = await deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments`).post(body);
    expect(created).toMatchObject({
      '@odata.context': `${sim.url}/v1.0/$metadata#appRoleAssignments/$entity`,
      appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
      principalDisplayName: 'uai-exo',
      principalId,
      principalType: 'ServicePrincipal',
      resourceDisplayName: 'Office 365 Exchange Online',
      resourceId: exo.id,
      deletedDateTime: null,
    });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);

    // Not yet replicated: lists miss it, but a second grant is still refused.
    const list = () => deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments`).get() as Promise<any>;
    expect((await list()).value).toEqual([]);
    const dup = await failure(deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments`).post(body));
    expect(dup.statusCode).toBe(400);
    expect(dup.code).toBe('Request_BadRequest');
    expect(dup.message).toBe('Permission being assigned already exists on the object.');

    advance();
    const listed = await list();
    expect(listed['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#appRoleAssignments`);
    expect(listed.value).toEqual([
      {
        id: created.id,
        deletedDateTime: null,
        appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
        createdDateTime: created.createdDateTime,
        principalDisplayName: 'uai-exo',
        principalId,
        principalType: 'ServicePrincipal',
        resourceDisplayName: 'Office 365 Exchange Online',
        resourceId: exo.id,
      },
    ]);
    const assignedTo = await deployer
      .api(`/servicePrincipals/${exo.id}/appRoleAssignedTo`)
      .filter(`principalId eq '${principalId}'`)
      .get();
    expect(assignedTo.value.map((a: any) => a.id)).toEqual([created.id]);

    await deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments/${created.id}`).delete();
    expect((await list()).value).toEqual([]);
    const gone = await failure(
      deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments/${created.id}`).delete(),
    );
    expect(gone.statusCode).toBe(404);
  });

  it('validates the resource, the app role and the principal named in the body', async () => {
    const principalId = newIdentity();
    advance();
    const exoId = sim.sim.state.graph.servicePrincipals[0].id;
    const post = (b: object) => failure(deployer.api(`/servicePrincipals/${principalId}/appRoleAssignments`).post(b));

    const role = await post({ principalId, resourceId: exoId, appRoleId: '6e8d5d4f-0f8c-4a43-9f5a-1b2c3d4e5f60' });
    expect(role.statusCode).toBe(400);
    expect(role.message).toBe('Permission being assigned was not found on application.');

    const resource = await post({
      principalId,
      resourceId: '6e8d5d4f-0f8c-4a43-9f5a-1b2c3d4e5f60',
      appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
    });
    expect(resource.statusCode).toBe(400);
    expect(resource.message).toBe("Invalid value specified for property 'resourceId' of resource 'AppRoleAssignment'.");

    const other = await post({ principalId: exoId, resourceId: exoId, appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID });
    expect(other.statusCode).toBe(400);
    expect(other.message).toBe("Invalid value specified for property 'principalId' of resource 'AppRoleAssignment'.");
  });

  it('grants through the resource side (appRoleAssignedTo) and lists by the appId alternate key', async () => {
    const principalId = newIdentity();
    advance();
    const exoId = sim.sim.state.graph.servicePrincipals[0].id;
    const created = await deployer
      .api(`/servicePrincipals/${exoId}/appRoleAssignedTo`)
      .post({ principalId, resourceId: exoId, appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID });
    expect(created).toMatchObject({ principalId, resourceId: exoId, appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID });
    const dup = await failure(
      deployer
        .api(`/servicePrincipals/${principalId}/appRoleAssignments`)
        .post({ principalId, resourceId: exoId, appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID }),
    );
    expect(dup.statusCode).toBe(400);
    advance();
    const onResource = await deployer.api(`/servicePrincipals(appId='${EXCHANGE_APP_ID}')/appRoleAssignedTo`).get();
    expect(onResource['@odata.context']).toBe(
      `${sim.url}/v1.0/$metadata#servicePrincipals('${exoId}')/appRoleAssignedTo`,
    );
    expect(onResource.value.map((a: any) => a.principalId)).toEqual([principalId]);
  });

  it("answers Graph's 400 for a body that is not JSON", async () => {
    const token = await graphToken(sim);
    const res = await fetch(
      `${sim.url}/v1.0/servicePrincipals/${sim.sim.state.graph.servicePrincipals[0].id}/appRoleAssignedTo`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{not json',
      },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/^Unable to read JSON request payload/);
  });

  it('requires AppRoleAssignment.ReadWrite.All to grant', async () => {
    const principalId = newIdentity();
    advance();
    const reader = graph(await graphToken(sim, ['Application.Read.All']));
    const e = await failure(
      reader.api(`/servicePrincipals/${principalId}/appRoleAssignments`).post({
        principalId,
        resourceId: sim.sim.state.graph.servicePrincipals[0].id,
        appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
      }),
    );
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('Authorization_RequestDenied');
    expect(e.message).toBe('Insufficient privileges to complete the operation.');
  });
});

describe('roleManagement/directory', () => {
  it('finds a built-in role by displayName and templateId (id == templateId)', async () => {
    const res = await deployer
      .api('/roleManagement/directory/roleDefinitions')
      .filter("displayName eq 'Exchange Administrator'")
      .get();
    expect(res['@odata.context']).toBe(`${sim.url}/v1.0/$metadata#roleManagement/directory/roleDefinitions`);
    expect(res.value).toHaveLength(1);
    expect(res.value[0]).toMatchObject({
      id: EXCHANGE_ADMIN,
      templateId: EXCHANGE_ADMIN,
      isBuiltIn: true,
      isEnabled: true,
    });
    const byTemplate = await deployer
      .api('/roleManagement/directory/roleDefinitions')
      .filter(`templateId eq '${EXCHANGE_ADMIN}'`)
      .get();
    expect(byTemplate.value.map((d: any) => d.displayName)).toEqual(['Exchange Administrator']);
    const one = await deployer.api(`/roleManagement/directory/roleDefinitions/${EXCHANGE_ADMIN}`).get();
    expect(one.displayName).toBe('Exchange Administrator');
  });

  it('requires a $filter to list role assignments', async () => {
    const e = await failure(deployer.api('/roleManagement/directory/roleAssignments').get());
    expect(e.statusCode).toBe(400);
    const onlyScope = await failure(
      deployer.api('/roleManagement/directory/roleAssignments').filter("directoryScopeId eq '/'").get(),
    );
    expect(onlyScope.statusCode).toBe(400);
  });

  it('assigns a directory role, refuses the duplicate, filters, reads and deletes it', async () => {
    const principalId = newIdentity();
    const body = {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
      roleDefinitionId: EXCHANGE_ADMIN,
      principalId,
      directoryScopeId: '/',
    };
    const assignments = deployer.api('/roleManagement/directory/roleAssignments');
    // A principal still replicating is not found.
    const early = await failure(deployer.api('/roleManagement/directory/roleAssignments').post(body));
    expect(early.statusCode).toBe(404);
    expect(early.code).toBe('Request_ResourceNotFound');
    advance();

    const created = await assignments.post(body);
    expect(created).toEqual({
      '@odata.context': `${sim.url}/v1.0/$metadata#roleManagement/directory/roleAssignments/$entity`,
      id: expect.stringMatching(/^[A-Za-z0-9_-]{43}-1$/),
      principalId,
      resourceScope: '/',
      directoryScopeId: '/',
      roleDefinitionId: EXCHANGE_ADMIN,
    });

    const dup = await failure(deployer.api('/roleManagement/directory/roleAssignments').post(body));
    expect(dup.statusCode).toBe(400);
    expect(dup.code).toBe('Request_BadRequest');
    expect(dup.message).toBe(
      'A conflicting object with one or more of the specified property values is present in the directory.',
    );

    const byPrincipal = () =>
      deployer
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${principalId}'`)
        .get() as Promise<any>;
    expect((await byPrincipal()).value).toEqual([]);
    advance();
    expect((await byPrincipal()).value).toEqual([
      { id: created.id, principalId, resourceScope: '/', directoryScopeId: '/', roleDefinitionId: EXCHANGE_ADMIN },
    ]);
    const both = await deployer
      .api('/roleManagement/directory/roleAssignments')
      .filter(`(principalId eq '${principalId}') and roleDefinitionId eq '${EXCHANGE_ADMIN}'`)
      .get();
    expect(both.value).toHaveLength(1);
    const otherRole = await deployer
      .api('/roleManagement/directory/roleAssignments')
      .filter(`principalId eq '${principalId}' and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'`)
      .get();
    expect(otherRole.value).toEqual([]);

    const expanded = await deployer
      .api('/roleManagement/directory/roleAssignments')
      .filter(`roleDefinitionId eq '${EXCHANGE_ADMIN}'`)
      .expand('principal')
      .get();
    expect(expanded['@odata.context']).toBe(
      `${sim.url}/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())`,
    );
    expect(expanded.value[0].principal).toMatchObject({
      '@odata.type': '#microsoft.graph.servicePrincipal',
      id: principalId,
      servicePrincipalType: 'ManagedIdentity',
    });

    const one = await deployer.api(`/roleManagement/directory/roleAssignments/${created.id}`).get();
    expect(one.principalId).toBe(principalId);
    await deployer.api(`/roleManagement/directory/roleAssignments/${created.id}`).delete();
    expect((await byPrincipal()).value).toEqual([]);
    const gone = await failure(deployer.api(`/roleManagement/directory/roleAssignments/${created.id}`).get());
    expect(gone.statusCode).toBe(404);
  });

  it('refuses an unknown role definition and needs RoleManagement.ReadWrite.Directory to write', async () => {
    const principalId = newIdentity();
    advance();
    const unknown = await failure(
      deployer.api('/roleManagement/directory/roleAssignments').post({
        roleDefinitionId: '0b1c2d3e-0000-4000-8000-000000000000',
        principalId,
        directoryScopeId: '/',
      }),
    );
    expect(unknown.statusCode).toBe(404);

    const reader = graph(await graphToken(sim, ['RoleManagement.Read.Directory']));
    const list = await reader
      .api('/roleManagement/directory/roleAssignments')
      .filter(`principalId eq '${principalId}'`)
      .get();
    expect(list.value).toEqual([]);
    const e = await failure(
      reader.api('/roleManagement/directory/roleAssignments').post({
        roleDefinitionId: EXCHANGE_ADMIN,
        principalId,
        directoryScopeId: '/',
      }),
    );
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('Authorization_RequestDenied');
  });
});

describe('protocol', () => {
  it('refuses a token without roles with 403 Authorization_RequestDenied', async () => {
    const none = graph(await graphToken(sim, []));
    for (const call of [
      none.api('/servicePrincipals').get(),
      none.api('/roleManagement/directory/roleDefinitions').get(),
    ]) {
      const e = await failure(call);
      expect(e.statusCode).toBe(403);
      expect(e.code).toBe('Authorization_RequestDenied');
      expect(e.message).toBe('Insufficient privileges to complete the operation.');
    }
  });

  it('matches paths case-insensitively and echoes client-request-id in headers and innerError', async () => {
    const token = await graphToken(sim);
    const ok = await fetch(`${sim.url}/V1.0/SERVICEPRINCIPALS?$filter=appId eq '${EXCHANGE_APP_ID}'`, {
      headers: { authorization: `Bearer ${token}`, 'client-request-id': 'abc-123' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('client-request-id')).toBe('abc-123');
    expect(ok.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await ok.json()) as any).value).toHaveLength(1);

    const missing = await fetch(`${sim.url}/v1.0/servicePrincipals/11111111-2222-3333-4444-555555555555`, {
      headers: { authorization: `Bearer ${token}`, 'client-request-id': 'abc-456' },
    });
    const body = (await missing.json()) as any;
    expect(missing.status).toBe(404);
    expect(body.error.innerError['client-request-id']).toBe('abc-456');
    expect(body.error.innerError['request-id']).toBe(missing.headers.get('request-id'));
  });

  it('answers 401 without a token, 400 for an unknown segment and 405 for an unsupported method', async () => {
    const anon = await fetch(`${sim.url}/v1.0/servicePrincipals`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as any).error.code).toBe('InvalidAuthenticationToken');

    const unknown = await failure(deployer.api('/widgets').get());
    expect(unknown.statusCode).toBe(400);
    expect(unknown.message).toBe("Resource not found for the segment 'widgets'.");

    const put = await failure(deployer.api('/servicePrincipals').put({}));
    expect(put.statusCode).toBe(405);
  });
});
