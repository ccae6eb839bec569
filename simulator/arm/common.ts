// What every ARM route shares: api-version checks per provider, authentication and scope-based
// authorization, the gateway's resource-group check, ARM response headers, ids and paging.
// Order of checks follows ARM: api-version, token, authorization, resource group, then the RP.
import { randomUUID } from 'node:crypto';
import { armError, SimHttpError } from '../http-error.js';
import { header } from '../request-header.js';
import { verifyAccessToken, type AccessClaims } from '../entra/tokens.js';
import type { ArmResource, Handler, Sim, SimRequest, SimResponse } from '../types.js';
import { takeToken } from './throttle.js';
import { settle } from './settle.js';

/** api-versions the simulator serves, newest first (real versions of each provider). */
export const API_VERSIONS = {
  /**
   * Microsoft.Resources (resource groups, subscriptions): the versions of @azure/arm-resources and
   * before them the list ARM itself gives in InvalidApiVersionParameter (ansible-collections/azure#1739,
   * 2024); the Azure CLI 2.45 sends 2021-04-01 (groups) and 2019-11-01 (subscriptions).
   */
  resources: [
    '2025-04-01',
    '2024-11-01',
    '2024-08-01',
    '2024-07-01',
    '2024-06-01-preview',
    '2024-03-01',
    '2023-07-01',
    '2023-07-01-preview',
    '2023-03-01-preview',
    '2022-12-01',
    '2022-11-01-preview',
    '2022-09-01',
    '2022-06-01',
    '2022-05-01',
    '2022-03-01-preview',
    '2022-01-01',
    '2021-04-01',
    '2021-01-01',
    '2020-10-01',
    '2020-09-01',
    '2020-08-01',
    '2020-07-01',
    '2020-06-01',
    '2020-05-01',
    '2020-01-01',
    '2019-11-01',
    '2019-10-01',
    '2019-09-01',
    '2019-08-01',
    '2019-07-01',
    '2019-06-01',
    '2019-05-10',
    '2019-05-01',
    '2019-03-01',
    '2018-11-01',
    '2018-09-01',
    '2018-08-01',
    '2018-07-01',
    '2018-06-01',
    '2018-05-01',
    '2018-02-01',
    '2018-01-01',
    '2017-12-01',
    '2017-08-01',
    '2017-06-01',
    '2017-05-10',
    '2017-05-01',
    '2017-03-01',
    '2016-09-01',
    '2016-07-01',
    '2016-06-01',
    '2016-02-01',
    '2015-11-01',
    '2015-01-01',
    '2014-04-01-preview',
    '2014-04-01',
    '2014-01-01',
    '2013-03-01',
    '2014-02-26',
    '2014-04',
  ],
  /**
   * Microsoft.ManagedIdentity: every version in azure-rest-api-specs up to the SDK's 2024-11-30
   * (the Azure CLI 2.45 sends 2022-01-31-preview, azure-mgmt-msi 6.1.0 2018-11-30). Answers take
   * the requested version's shape (identity-versions.ts).
   */
  msi: [
    '2024-11-30',
    '2023-07-31-preview',
    '2023-01-31',
    '2022-01-31-preview',
    '2021-09-30-preview',
    '2018-11-30',
    '2015-08-31-preview',
  ],
  /**
   * Microsoft.Automation accounts, modules, runbooks, jobs: the versions ARM lists for
   * automationAccounts (Azure/Azure-Landing-Zones#2596, a region then without 2024-10-23), with
   * 2024-10-23; azure-mgmt-automation 1.1.0b3 sends 2022-08-08, @azure/arm-automation 10 2015-10-31
   * and 2018-06-30. Older versions answer in their own shape (automation-versions.ts).
   */
  automation: [
    '2024-10-23',
    '2023-11-01',
    '2023-05-15-preview',
    '2022-08-08',
    '2022-02-22',
    '2022-01-31',
    '2021-06-22',
    '2021-04-01',
    '2020-01-13-preview',
    '2019-06-01',
    '2018-06-30',
    '2018-01-15',
    '2017-05-15-preview',
    '2015-10-31',
    '2015-01-01-preview',
  ],
  /** powerShell72Modules exist only in 2023-11-01 (azure-specs README section 1) */
  ps72: ['2023-11-01'],
  /** runtime environments and packages: GA in 2024-10-23 */
  runtimeEnvironments: ['2024-10-23'],
  compute: ['2026-04-01', '2025-04-01', '2024-11-01', '2024-07-01'],
} as const;

// A realistic region list for NoRegisteredProviderFound messages.
const LOCATIONS =
  'eastus, eastus2, westus, westus2, centralus, northeurope, westeurope, uksouth, francecentral, germanywestcentral, swedencentral, australiaeast, japaneast, southeastasia, canadacentral';

export const MISSING_API_VERSION = 'The api-version query parameter (?api-version=) is required for all requests.';

/**
 * 400 MissingApiVersionParameter / NoRegisteredProviderFound (resource providers) /
 * InvalidApiVersionParameter (Microsoft.Resources), with ARM's wording as seen in
 * Azure/azure-cli#28496, Azure/azure-sdk-for-js#4097 and Azure/azure-rest-api-specs#11711.
 */
export function checkApiVersion(
  req: SimRequest,
  supported: readonly string[],
  type: string,
  location = 'eastus',
): string {
  const v = req.query.get('api-version');
  if (!v) throw armError(400, 'MissingApiVersionParameter', MISSING_API_VERSION);
  if (supported.includes(v)) return v;
  if (type === 'resourceGroups' || type === 'subscriptions' || type === 'operationresults') {
    throw armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${v}' is invalid. The supported versions are '${supported.join(',')}'.`,
    );
  }
  throw armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location.toLowerCase().replace(/\s+/g, '')}' and API version '${v}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'. The supported locations are '${LOCATIONS}'.`,
  );
}

export type Verb = 'read' | 'write' | 'delete' | 'action';

export interface GuardOptions {
  versions: readonly string[];
  /** resource type for api-version errors, without the namespace, e.g. 'automationAccounts/runbooks' */
  apiType: string;
  /** resource id the request targets (authorization scope) */
  id: string;
  /** authorization action, e.g. 'Microsoft.Automation/automationAccounts/runbooks/write' */
  action: string;
  /** check that the resource group in `id` exists (all routes below a resource group) */
  requireResourceGroup?: boolean;
}

export interface Guarded {
  claims: AccessClaims;
  apiVersion: string;
}

export async function guard(req: SimRequest, sim: Sim, o: GuardOptions): Promise<Guarded> {
  const p = parseId(o.id);
  const rg = p.resourceGroup ? getResource(sim, rgId(sim, p.subscription, p.resourceGroup)) : undefined;
  const apiVersion = checkApiVersion(req, o.versions, o.apiType, rg?.location ?? 'eastus');
  const claims = await verifyAccessToken(req, sim, 'arm');
  requireSubscription(sim, p.subscription);
  authorize(sim, claims, o.id, o.action, isWrite(o.action));
  if (o.requireResourceGroup !== false && p.resourceGroup) {
    if (!rg) throw resourceGroupNotFound(p.resourceGroup);
    if (rg.sim?.deletingUntil !== undefined && isWrite(o.action)) throw resourceGroupBeingDeleted(rg.name);
  }
  return { claims, apiVersion };
}

/** 404 SubscriptionNotFound unless `sub` is the simulator's subscription. */
export function requireSubscription(sim: Sim, sub: string): void {
  if (sub.toLowerCase() !== sim.state.subscriptionId.toLowerCase()) {
    throw armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  }
}

function isWrite(action: string): boolean {
  return !action.endsWith('/read');
}

/** A grant at `grantScope` applies at `scope` when it is the same scope or a parent of it. */
export function covers(grantScope: string, scope: string): boolean {
  const g = key(grantScope);
  const s = key(scope);
  return s === g || s.startsWith(g + '/');
}

/**
 * Writes need the id under one of deployer.armWriteScopes; reads under read or write scopes.
 * 403 AuthorizationFailed with ARM's message (Azure/ARO-RP#66).
 */
export function authorize(sim: Sim, claims: AccessClaims, id: string, action: string, write: boolean): void {
  const d = sim.state.deployer;
  const scopes = write ? d.armWriteScopes : [...d.armReadScopes, ...d.armWriteScopes];
  if (scopes.some((s) => covers(s, id))) return;
  const oid = claims.oid ?? claims.appid;
  const scope = id.replace(/\/resourceGroups\//i, '/resourcegroups/');
  throw armError(
    403,
    'AuthorizationFailed',
    `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** Gateway 404 (azure-specs arm-lro-and-errors.facts.json, observedGatewayErrors). */
export function resourceGroupNotFound(rg: string): SimHttpError {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`, {
    'x-ms-failure-cause': 'gateway',
  });
}

/** ARM's answer to a write into a resource group that is being deleted. */
export function resourceGroupBeingDeleted(rg: string): SimHttpError {
  return armError(
    409,
    'ResourceGroupBeingDeleted',
    `The resource group '${rg}' is in deprovisioning state and cannot perform this operation.`,
  );
}

/** 400 of a PUT without the required location (resource groups, identities, accounts). */
export function locationRequired(): SimHttpError {
  return armError(400, 'LocationRequired', 'The location property is required for this definition.');
}

/** ResourceNotFound with the template of arm-lro-and-errors.facts.json. `typePath` e.g. 'Microsoft.Automation/automationAccounts/acc/runbooks/rb'. */
export function resourceNotFound(typePath: string, rg: string): SimHttpError {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${typePath}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    { 'x-ms-failure-cause': 'gateway' },
  );
}

export interface ParsedId {
  subscription: string;
  resourceGroup?: string;
  /** provider namespace, e.g. Microsoft.Automation */
  provider?: string;
  /** [type, name] pairs after the provider */
  segments: [string, string][];
}

export function parseId(id: string): ParsedId {
  const parts = id.split('/').filter(Boolean);
  const out: ParsedId = { subscription: parts[1] ?? '', segments: [] };
  let i = 2;
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    out.resourceGroup = parts[i + 1];
    i += 2;
  }
  if (parts[i]?.toLowerCase() === 'providers') {
    out.provider = parts[i + 1];
    i += 2;
    for (; i + 1 < parts.length; i += 2) out.segments.push([parts[i], parts[i + 1]]);
  }
  return out;
}

export function rgId(sim: Sim, sub: string, rg: string): string {
  const stored = getResource(sim, `/subscriptions/${sub}/resourceGroups/${rg}`);
  return stored?.id ?? `/subscriptions/${sim.state.subscriptionId}/resourceGroups/${rg}`;
}

/** The resource group's name as stored (ids echo its casing), or as requested when it is missing. */
export function storedRgName(sim: Sim, sub: string, rg: string): string {
  return getResource(sim, `/subscriptions/${sub}/resourceGroups/${rg}`)?.name ?? rg;
}

/** The stored resource group (echoing its stored casing) or a gateway 404. */
export function requireRg(sim: Sim, sub: string, rg: string): ArmResource {
  const r = getResource(sim, `/subscriptions/${sub}/resourceGroups/${rg}`);
  if (!r) throw resourceGroupNotFound(rg);
  return r;
}

export function key(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}

export function getResource(sim: Sim, id: string): ArmResource | undefined {
  return sim.state.arm[key(id)];
}

export function putResource(sim: Sim, r: ArmResource): ArmResource {
  sim.state.arm[key(r.id)] = r;
  return r;
}

export function deleteResource(sim: Sim, id: string): void {
  delete sim.state.arm[key(id)];
}

/** Direct children of `parentId` of one child type (e.g. 'runbooks'), in creation order. */
export function children(sim: Sim, parentId: string, childType: string): ArmResource[] {
  const prefix = key(parentId) + '/' + childType.toLowerCase() + '/';
  return Object.entries(sim.state.arm)
    .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
    .map(([, r]) => r);
}

/** Every stored resource strictly below `id` (for cascade deletes). */
export function descendants(sim: Sim, id: string): ArmResource[] {
  const prefix = key(id) + '/';
  return Object.entries(sim.state.arm)
    .filter(([k]) => k.startsWith(prefix))
    .map(([, r]) => r);
}

/** The public body of a stored resource: everything but the private `sim` field. */
export function view(r: ArmResource): Record<string, unknown> {
  const { sim: _sim, ...rest } = r;
  return structuredClone(rest);
}

/**
 * A `{value, nextLink}` page of `items` using config.pageSize and an opaque $skiptoken, or
 * `$skip` (skipParam) where the RP's nextLink shows it (Automation schedules and variables:
 * '...?api-version=2024-10-23&$skip=100', azure-specs facts file).
 */
export function page(
  req: SimRequest,
  sim: Sim,
  items: unknown[],
  skipParam: '$skiptoken' | '$skip' = '$skiptoken',
): { value: unknown[]; nextLink?: string } {
  const size = Math.max(1, sim.state.config.pageSize);
  const given =
    skipParam === '$skip' ? req.query.get('$skip') : (req.query.get('$skiptoken') ?? req.query.get('$skipToken'));
  const skip = Number(given ?? 0) || 0;
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const q = new URLSearchParams(req.query);
  for (const k of ['$skipToken', '$skiptoken', '$skip']) q.delete(k);
  const rest = q.toString();
  return { value, nextLink: `${req.baseUrl}${req.path}?${rest ? rest + '&' : ''}${skipParam}=${skip + size}` };
}

export function isoNow(sim: Sim): string {
  return new Date(sim.now()).toISOString();
}

/** Automation timestamps look like 2017-03-26T01:13:43.267+00:00. */
export function automationTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Absolute URL of an ARM path on this simulator, with the api-version query. */
export function armUrl(req: SimRequest, path: string, apiVersion: string): string {
  return `${req.baseUrl}${path}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** The caller's object id from its bearer token, unverified: only the throttling key and text use it. */
function actorOf(req: SimRequest): string | undefined {
  const token = /^Bearer\s+([^.]+)\.([^.]+)\./i.exec(header(req, 'authorization') ?? '');
  if (!token) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token[2], 'base64url').toString('utf8')) as { oid?: string };
    return typeof claims.oid === 'string' ? claims.oid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wraps a handler: settles time-driven state first, turns thrown SimHttpErrors into answers,
 * and adds ARM's tracing headers to every answer.
 */
export function arm(handler: Handler): Handler {
  return async (req, sim) => {
    let res: SimResponse;
    // the subscription's token bucket first: a throttled request is not processed
    const budget = takeToken(sim, req.method, req.path, actorOf(req));
    if ('throttled' in budget) res = budget.throttled;
    else {
      try {
        settle(sim);
        res = await handler(req, sim);
      } catch (e) {
        if (!(e instanceof SimHttpError)) throw e;
        res = e.toResponse();
      }
    }
    const requestId = randomUUID();
    const correlation = header(req, 'x-ms-correlation-request-id') ?? randomUUID();
    const client = header(req, 'x-ms-client-request-id');
    res.headers = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': correlation,
      'x-ms-routing-request-id': `WESTEUROPE:${new Date(sim.now()).toISOString().replace(/[-:.]/g, '').slice(0, 15)}Z:${requestId}`,
      ...(client ? { 'x-ms-client-request-id': client } : {}),
      ...('headers' in budget ? budget.headers : {}),
      'cache-control': 'no-cache',
      ...createdLocation(req, res),
      ...res.headers,
    };
    return res;
  };
}

/**
 * A 201 names what it created in Location: Automation the request URL with its api-version, the
 * ManagedIdentity RP the resource id, relative (every 201 in the recordings under __tests__/recordings).
 */
function createdLocation(req: SimRequest, res: SimResponse): Record<string, string> {
  if (req.method !== 'PUT' || res.status !== 201) return {};
  if (/\/providers\/Microsoft\.Automation\//i.test(req.path))
    return { Location: `${req.baseUrl}${req.path}?${req.query.toString()}` };
  const id = (res.body as { id?: unknown } | undefined)?.id;
  if (
    /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(req.path) &&
    typeof id === 'string'
  )
    return { Location: id };
  return {};
}

/** Flat 400 of the Automation RP for a body it cannot use. */
export function requireObject(body: unknown, what: string): Record<string, any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw armError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${what}' must be a JSON object.`,
    );
  }
  return body as Record<string, any>;
}
