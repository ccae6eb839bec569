// Microsoft Graph contract cases: every file in azure-specs/graph. There is no swagger here, so
// each answer is checked for the documented status and structurally against the doc example's
// responseBody (every property present with the same JSON type). Ids the example names are
// seeded with exactly those ids; where an example points at objects the simulator's tenant
// does not model (another resource app's role, a custom role definition), the id is replaced by
// the one the action really uses and the case says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createManagedIdentityPrincipal } from '../../simulator/entra/directory.js';
import { EXCHANGE_APP_ID, EXCHANGE_MANAGE_AS_APP_ROLE_ID } from '../../simulator/ids.js';
import type { Simulator } from '../../simulator/server.js';
import { send, type HttpResult } from './http.js';
import { GRAPH_DIR } from './specs.js';
import { structuralErrors } from './structural.js';
import { graphToken } from '../helpers/tokens.js';

export const EXCHANGE_ADMIN_ROLE = '29232cdf-9323-42fd-ade2-1d097af3e4de';

export interface GraphCase {
  file: string;
  /** key inside errors.json, or a variant label */
  variant?: string;
  /** why ids were substituted, printed with the result */
  note?: string;
  /** default: the file's method/url/requestBody/responseStatus/responseBody */
  build?: (g: GraphCtx, doc: any) => Promise<GraphRequest> | GraphRequest;
  seed?: (g: GraphCtx, doc: any) => Promise<void> | void;
  /** compare error.code exactly (error cases) */
  expectCode?: string;
  /** not replayable against the simulator's own behaviour */
  skipReason?: string;
  /** a documented request the action does not send: run by the coverage report only */
  informational?: boolean;
  /** a collection: page size 1, follow every @odata.nextLink, each page like the example; at least this many items */
  paging?: number;
}

export interface GraphRequest {
  method: string;
  url: string;
  body?: unknown;
  status: number;
  expected: unknown;
  roles?: string[];
  headers?: Record<string, string>;
}

export interface GraphCtx {
  sim: Simulator;
  exoSpId(): string;
  /** a managed-identity service principal with exactly this object id */
  managedIdentity(id: string, name?: string): void;
  post(path: string, body: unknown): Promise<HttpResult>;
}

export function readGraphDoc(file: string): any {
  return JSON.parse(readFileSync(join(GRAPH_DIR, file), 'utf8'));
}

export function graphCtx(sim: Simulator): GraphCtx {
  return {
    sim,
    exoSpId: () => {
      const sp = sim.sim.state.graph.servicePrincipals.find((s) => s.appId === EXCHANGE_APP_ID);
      if (!sp) throw new Error('default state has no Exchange Online service principal');
      return sp.id;
    },
    managedIdentity: (id, name = 'contract-identity') => {
      if (sim.sim.state.graph.servicePrincipals.some((s) => s.id === id)) return;
      const created = createManagedIdentityPrincipal(
        sim.sim,
        name,
        `/subscriptions/${sim.subscriptionId}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
      );
      const sp = sim.sim.state.graph.servicePrincipals.find((s) => s.id === created.principalId)!;
      sp.id = id;
      delete sp.visibleAfter;
    },
    post: async (path, body) => {
      // Seeding is not under test: the token holds every permission the seeds need.
      const roles = [
        ...sim.sim.state.deployer.graphPermissions,
        'Application.ReadWrite.All',
        'AppRoleAssignment.ReadWrite.All',
        'RoleManagement.ReadWrite.Directory',
      ];
      const r = await send(sim, { method: 'POST', url: `/v1.0${path}`, token: await graphToken(sim, roles), body });
      if (r.status >= 400) throw new Error(`seed POST ${path} failed: ${r.status} ${r.text.slice(0, 300)}`);
      return r;
    },
  };
}

/** The documented URL, on the simulator. The doc's "$filter = x" (spaces) is normalised to "$filter=x". */
function localUrl(url: string): string {
  return url.replace(/^https:\/\/graph\.microsoft\.com/, '').replace(/\$filter\s*=\s*/, '$filter=');
}

function fromDoc(doc: any, over: Partial<GraphRequest> = {}): GraphRequest {
  return {
    method: doc.method,
    url: localUrl(doc.url),
    body: doc.requestBody ?? undefined,
    status: doc.responseStatus,
    expected: doc.responseBody,
    ...over,
  };
}

/** The doc's 'amasf' principal (publisher Contoso) as a catalogue app instantiated by POST. */
async function seedAmasf(g: GraphCtx): Promise<void> {
  const appId = '7c1b8a52-3f0e-4d5a-9b8c-2e6f4a1d0c93';
  g.sim.sim.state.graph.firstPartyApps.push({ appId, displayName: 'amasf', appRoles: [] });
  await g.post('/servicePrincipals', { appId });
  const sp = g.sim.sim.state.graph.servicePrincipals.find((x) => x.appId === appId);
  if (sp) {
    sp.publisherName ??= 'Contoso';
    delete sp.visibleAfter;
  }
}

const grantManageAsApp = async (g: GraphCtx, principalId: string) =>
  g.post(`/servicePrincipals/${principalId}/appRoleAssignments`, {
    principalId,
    resourceId: g.exoSpId(),
    appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID,
  });

const assignExchangeAdmin = async (g: GraphCtx, principalId: string) =>
  g.post('/roleManagement/directory/roleAssignments', {
    '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
    roleDefinitionId: EXCHANGE_ADMIN_ROLE,
    principalId,
    directoryScopeId: '/',
  });

export const GRAPH_CASES: GraphCase[] = [
  { file: 'serviceprincipal-list.json' },
  {
    file: 'serviceprincipal-post-serviceprincipals.json',
    note: "the example's appId (a multi-tenant 'My App') is added to the tenant's app catalogue first",
    seed: (g, doc) => {
      const appId = doc.requestBody.appId;
      const apps = g.sim.sim.state.graph.firstPartyApps;
      if (!apps.some((a) => a.appId === appId))
        apps.push({ appId, displayName: doc.responseBody.appDisplayName ?? 'My App', appRoles: [] });
    },
  },
  {
    file: 'serviceprincipal-post-serviceprincipals.json',
    variant: 'Exchange Online appId (the action’s request)',
    seed: (g) => {
      const st = g.sim.sim.state.graph;
      st.servicePrincipals = st.servicePrincipals.filter((s) => s.appId !== EXCHANGE_APP_ID);
    },
    build: (_g, doc) => fromDoc(doc, { body: { appId: EXCHANGE_APP_ID } }),
  },
  {
    file: 'serviceprincipal-post-serviceprincipals.json',
    variant: 'GET /servicePrincipals/{id} (no doc example saved: the entity shape of this example)',
    note: 'the action reads principals by object id; azure-specs has no serviceprincipal-get example, so the servicePrincipal entity of the POST example is the expectation',
    build: (g, doc) => ({
      method: 'GET',
      url: `/v1.0/servicePrincipals/${g.exoSpId()}`,
      status: 200,
      expected: {
        ...doc.responseBody,
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity',
      },
    }),
  },
  {
    file: 'serviceprincipal-list-approleassignments.json',
    note: 'the listed principal is a seeded managed identity holding Exchange.ManageAsApp',
    seed: async (g, doc) => {
      const id = /servicePrincipals\/([^/]+)\//.exec(doc.url)![1];
      g.managedIdentity(id);
      await grantManageAsApp(g, id);
    },
  },
  {
    file: 'serviceprincipal-post-approleassignments.json',
    note: 'resourceId/appRoleId (a Microsoft Graph app role) replaced by the Exchange Online principal and Exchange.ManageAsApp',
    seed: (g, doc) => g.managedIdentity(doc.requestBody.principalId),
    build: (g, doc) =>
      fromDoc(doc, {
        body: { ...doc.requestBody, resourceId: g.exoSpId(), appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID },
      }),
  },
  {
    file: 'rbacapplication-list-roledefinitions.json',
    build: (_g, doc) => fromDoc(doc, { expected: doc.documentedExample.responseBody }),
  },
  {
    file: 'rbacapplication-list-roleassignments.json',
    note: 'the filtered principal is a seeded managed identity holding Exchange Administrator at "/"',
    seed: async (g, doc) => {
      const id = /principalId eq '([^']+)'/.exec(doc.url)![1];
      g.managedIdentity(id);
      await assignExchangeAdmin(g, id);
    },
  },
  {
    file: 'rbacapplication-post-roleassignments.json',
    note: "roleDefinitionId (not a built-in role of the simulator's tenant) replaced by Exchange Administrator",
    seed: (g, doc) => g.managedIdentity(doc.requestBody.principalId),
    build: (_g, doc) => fromDoc(doc, { body: { ...doc.requestBody, roleDefinitionId: EXCHANGE_ADMIN_ROLE } }),
  },

  {
    file: 'serviceprincipal-list-approleassignments.json',
    variant: 'paging (page size 1)',
    note: 'the listed principal holds both Exchange Online app roles',
    paging: 2,
    seed: async (g, doc) => {
      const id = /servicePrincipals\/([^/]+)\//.exec(doc.url)![1];
      g.managedIdentity(id);
      const exo = g.sim.sim.state.graph.servicePrincipals.find((s) => s.appId === EXCHANGE_APP_ID)!;
      for (const role of exo.appRoles)
        await g.post(`/servicePrincipals/${id}/appRoleAssignments`, {
          principalId: id,
          resourceId: exo.id,
          appRoleId: role.id,
        });
    },
  },
  {
    file: 'rbacapplication-list-roleassignments.json',
    variant: 'paging (page size 1)',
    note: 'the filtered principal holds Exchange Administrator and Global Reader at "/"',
    paging: 2,
    seed: async (g, doc) => {
      const id = /principalId eq '([^']+)'/.exec(doc.url)![1];
      g.managedIdentity(id);
      await assignExchangeAdmin(g, id);
      await g.post('/roleManagement/directory/roleAssignments', {
        '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
        roleDefinitionId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
        principalId: id,
        directoryScopeId: '/',
      });
    },
  },

  // Further documented examples in the same files (not requests the action sends)
  {
    file: 'rbacapplication-list-roledefinitions.json',
    variant: 'documentedExample: unfiltered list',
    informational: true,
    build: (_g, doc) => fromDoc(doc.documentedExample),
  },
  {
    file: 'serviceprincipal-list.json',
    variant: 'documentedExamples: list_serviceprincipal',
    informational: true,
    note: "the example's principal 'amasf' (publisher Contoso) is instantiated from the app catalogue first",
    seed: seedAmasf,
    build: (_g, doc) => fromDoc(doc.documentedExamples.find((e: any) => e.name === 'list_serviceprincipal')),
  },
  {
    file: 'serviceprincipal-list.json',
    variant: 'documentedExamples: get_a_count',
    informational: true,
    note: "the example's principal 'amasf' (publisher Contoso) is instantiated from the app catalogue first",
    seed: seedAmasf,
    build: (_g, doc) => {
      const e = doc.documentedExamples.find((x: any) => x.name === 'get_a_count');
      return { ...fromDoc(e), headers: e.requestHeaders };
    },
  },
  {
    file: 'rbacapplication-list-roleassignments.json',
    variant: 'otherDocumentedExamples: $filter=roleDefinitionId + $expand=principal',
    informational: true,
    note: 'a seeded managed identity holds the filtered role (Global Administrator) at "/"; the doc example\'s principal is a user (mail, userType, ...), which the simulator does not model',
    seed: async (g, doc) => {
      const e = doc.otherDocumentedExamples[0];
      const principalId = e.responseBodyExcerpt.value[0].principalId;
      g.managedIdentity(principalId);
      await g.post('/roleManagement/directory/roleAssignments', {
        '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
        roleDefinitionId: /roleDefinitionId eq '([^']+)'/.exec(e.url)![1],
        principalId,
        directoryScopeId: '/',
      });
    },
    build: (_g, doc) => {
      const e = doc.otherDocumentedExamples[0];
      return fromDoc(e, { expected: e.responseBodyExcerpt });
    },
  },
  {
    file: 'rbacapplication-post-roleassignments.json',
    variant: 'otherDocumentedExamples: administrative unit scope',
    skipReason:
      "administrative units are not modelled by the simulator; the action assigns roles at directoryScopeId '/' only",
  },

  // errors.json: the error answers the action relies on
  {
    file: 'errors.json',
    variant: 'duplicateAppRoleAssignment',
    expectCode: 'Request_BadRequest',
    build: async (g, doc) => {
      const id = '9028d19c-26a9-4809-8e3f-20ff73e2d75e';
      g.managedIdentity(id);
      await grantManageAsApp(g, id);
      const e = doc.duplicateAppRoleAssignment;
      return {
        method: 'POST',
        url: `/v1.0/servicePrincipals/${id}/appRoleAssignments`,
        body: { principalId: id, resourceId: g.exoSpId(), appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID },
        status: e.status,
        expected: e.body,
      };
    },
  },
  {
    file: 'errors.json',
    variant: 'duplicateDirectoryRoleAssignment',
    expectCode: 'Request_BadRequest',
    build: async (g, doc) => {
      const id = 'f8ca5a85-489a-49a0-b555-0a6d81e56f0d';
      g.managedIdentity(id);
      await assignExchangeAdmin(g, id);
      const e = doc.duplicateDirectoryRoleAssignment;
      return {
        method: 'POST',
        url: '/v1.0/roleManagement/directory/roleAssignments',
        body: {
          '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
          roleDefinitionId: EXCHANGE_ADMIN_ROLE,
          principalId: id,
          directoryScopeId: '/',
        },
        status: 400,
        expected: e.body,
      };
    },
  },
  {
    file: 'errors.json',
    variant: 'principalNotFoundOrReplicationDelay',
    expectCode: 'Request_ResourceNotFound',
    build: (_g, doc) => {
      const e = doc.principalNotFoundOrReplicationDelay;
      return {
        method: 'GET',
        url: '/v1.0/servicePrincipals/6c0a2f9e-1b7d-4d55-9a37-0c2f3b9d8e11',
        status: e.status,
        expected: e.body,
      };
    },
  },
  {
    file: 'errors.json',
    variant: 'principalNotFoundOrReplicationDelay (appId alternate key)',
    expectCode: 'Request_ResourceNotFound',
    build: (_g, doc) => {
      const e = doc.principalNotFoundOrReplicationDelay;
      return {
        method: 'GET',
        url: "/v1.0/servicePrincipals(appId='6c0a2f9e-1b7d-4d55-9a37-0c2f3b9d8e11')",
        status: e.status,
        expected: e.body,
      };
    },
  },
  {
    file: 'errors.json',
    variant: 'authorizationRequestDenied',
    note: 'a Graph token without application permissions (roles claim empty) posting an app role assignment',
    expectCode: 'Authorization_RequestDenied',
    build: (g, doc) => {
      const id = '9028d19c-26a9-4809-8e3f-20ff73e2d75e';
      g.managedIdentity(id);
      const e = doc.authorizationRequestDenied;
      return {
        method: 'POST',
        url: `/v1.0/servicePrincipals/${id}/appRoleAssignments`,
        body: { principalId: id, resourceId: g.exoSpId(), appRoleId: EXCHANGE_MANAGE_AS_APP_ROLE_ID },
        status: e.status,
        expected: e.body,
        roles: [],
      };
    },
  },
  {
    file: 'errors.json',
    variant: 'throttling429',
    skipReason:
      'throttling is not simulated behaviour; it is produced by the fault table (POST /_sim/faults), which answers whatever the test configures',
  },
];

export interface GraphResult {
  title: string;
  file: string;
  operationKey: string;
  ok: boolean;
  skipped?: string;
  informational?: boolean;
  status?: number;
  expectedStatus?: number;
  errors: string[];
  warnings: string[];
  notes: string[];
}

export function graphTitle(c: GraphCase): string {
  return `${c.file}${c.variant ? ` [${c.variant}]` : ''}`;
}

/** Graph request -> template: object ids become {id}, $filter keeps the property it filters on. */
export function graphKey(method: string, pathAndQuery: string): string {
  const [path, query = ''] = pathAndQuery.split('?');
  const p = decodeURIComponent(path)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\(appId='\{id\}'\)/, "(appId='{appId}')");
  const filter = /\$filter=\s*([A-Za-z]+)/.exec(decodeURIComponent(query.replace(/\+/g, ' ')))?.[1];
  return `${method} ${p}${filter ? `?$filter=${filter} eq ...` : ''} (v1.0)`;
}

export async function runGraphCase(sim: Simulator, c: GraphCase): Promise<GraphResult> {
  const doc = readGraphDoc(c.file);
  const out: GraphResult = {
    title: graphTitle(c),
    file: c.file,
    operationKey: '',
    ok: false,
    errors: [],
    warnings: [],
    notes: c.note ? [c.note] : [],
  };
  out.informational = c.informational;
  if (c.skipReason) {
    out.operationKey = '(fault injection)';
    out.skipped = c.skipReason;
    out.ok = true;
    return out;
  }
  const g = graphCtx(sim);
  try {
    await c.seed?.(g, doc);
    const req = await (c.build ?? ((_g: GraphCtx, d: any) => fromDoc(d)))(g, doc);
    out.operationKey = graphKey(req.method, req.url);
    out.expectedStatus = req.status;
    // The token carries the application permissions the doc lists for the operation (plus the
    // deploying app's), so the case tests the operation, not the default tenant's grants.
    const documented = String(doc.permissions?.application ?? '')
      .split(',')
      .map((x: string) => x.trim())
      .filter(Boolean);
    const roles = req.roles ?? [...new Set([...sim.sim.state.deployer.graphPermissions, ...documented])];
    const token = await graphToken(sim, roles);
    if (c.paging) sim.sim.state.config.pageSize = 1;
    const r = await send(sim, { method: req.method, url: req.url, token, body: req.body, headers: req.headers });
    out.status = r.status;
    if (r.status !== req.status)
      out.errors.push(
        `${req.method} ${req.url}: status ${r.status}, documented ${req.status}; body: ${r.text.slice(0, 400)}`,
      );
    else if (r.json === undefined)
      out.errors.push(`expected a JSON body, got content-type '${r.headers['content-type'] ?? ''}'`);
    else {
      const warnings: string[] = [];
      out.errors.push(...structuralErrors(req.expected, r.json, '', warnings));
      out.warnings.push(...new Set(warnings));
      const code = (r.json as any)?.error?.code;
      if (c.expectCode && code !== c.expectCode) out.errors.push(`error.code '${code}', documented '${c.expectCode}'`);
      if (c.paging) await followGraphPages(sim, token, r, req.expected, c.paging, out);
    }
  } catch (e) {
    out.errors.push(`harness/seed: ${(e as Error).message}`);
  }
  out.ok = out.errors.length === 0;
  return out;
}

/** OData paging: @odata.nextLink absolute, every page like the example, every item once. */
async function followGraphPages(
  sim: Simulator,
  token: string,
  first: HttpResult,
  expected: unknown,
  atLeast: number,
  out: GraphResult,
): Promise<void> {
  const ids: string[] = [];
  let page = first;
  for (let i = 0; i < 50; i++) {
    const body: any = page.json;
    ids.push(...(body?.value ?? []).map((v: any) => String(v?.id)));
    const next = body?.['@odata.nextLink'];
    if (next === undefined) break;
    if (!/^https:\/\//.test(String(next))) {
      out.errors.push(`page ${i + 1}: @odata.nextLink '${next}' is not an absolute https URL`);
      return;
    }
    page = await send(sim, { method: 'GET', url: next, token });
    if (page.status !== 200) {
      out.errors.push(`page ${i + 2}: GET @odata.nextLink answered ${page.status}: ${page.text.slice(0, 200)}`);
      return;
    }
    const warnings: string[] = [];
    out.errors.push(...structuralErrors(expected, page.json, '', warnings).map((e) => `page ${i + 2}: ${e}`));
  }
  out.notes.push(`paging: ${ids.length} item(s) over the pages`);
  if (new Set(ids).size !== ids.length) out.errors.push(`paging: an item came twice: ${ids.join(', ')}`);
  if (ids.length < atLeast) out.errors.push(`paging: ${ids.length} item(s) arrived, at least ${atLeast} expected`);
}

export function formatGraphResult(r: GraphResult): string {
  const lines = [
    `${r.ok ? (r.skipped ? 'SKIP' : 'PASS') : 'FAIL'} ${r.title}`,
    `  operation: ${r.operationKey}`,
    `  status: ${r.status ?? '-'} (documented ${r.expectedStatus ?? '-'})`,
  ];
  for (const e of r.errors) lines.push(`  error: ${e}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  if (r.skipped) lines.push(`  skipped: ${r.skipped}`);
  return lines.join('\n');
}
