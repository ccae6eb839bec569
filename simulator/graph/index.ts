// Microsoft Graph v1.0 under /v1.0/: service principals, app role assignments, directory role
// definitions and assignments. Order of checks as Graph does it: token (401), path (400/405),
// permission (403), then the objects (404 and the rest). Every answer carries request-id and
// echoes client-request-id, in the headers and in the error's innerError.
import { randomUUID } from 'node:crypto';
import { SimHttpError } from '../http-error.js';
import { header } from '../request-header.js';
import type { Router } from '../router.js';
import { verifyAccessToken } from '../entra/tokens.js';
import type { Sim, SimRequest, SimResponse } from '../types.js';
import {
  createAssignment,
  deleteAssignment,
  getAssignment,
  listAssignments,
  type AssignmentSide,
} from './app-role-assignments.js';
import type { GraphContext } from './context.js';
import * as errors from './errors.js';
import { requirePermission, type GraphOperation } from './permissions.js';
import {
  createRoleAssignment,
  deleteRoleAssignment,
  getRoleAssignment,
  getRoleDefinition,
  listRoleAssignments,
  listRoleDefinitions,
} from './role-management.js';
import {
  createServicePrincipal,
  getServicePrincipal,
  listServicePrincipals,
  removeServicePrincipal,
  resolveServicePrincipal,
} from './service-principals.js';

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

export function registerGraph(router: Router): void {
  for (const method of METHODS) router.add(method, 'v1.0/*path', handleGraph);
}

/** A resolved operation: the permission it needs, and the work, run only once that is checked. */
interface Operation {
  op: GraphOperation;
  run: () => SimResponse;
}

type Table = Partial<Record<string, Operation>>;

function pick(method: string, table: Table): Operation {
  const o = table[method];
  if (!o) throw errors.methodNotAllowed();
  return o;
}

const SP_BY_APP_ID = /^servicePrincipals\(appId=(?:'([^']*)'|"([^"]*)")\)$/i;

/** Maps the path below /v1.0/ (Graph paths are case-insensitive) to an operation. */
export function resolve(ctx: GraphContext, segments: string[], method: string): Operation {
  const [first, ...rest] = segments;
  const head = first.toLowerCase();
  if (head === 'serviceprincipals') {
    if (rest.length === 0) {
      return pick(method, {
        GET: { op: 'servicePrincipals.list', run: () => listServicePrincipals(ctx) },
        POST: { op: 'servicePrincipals.create', run: () => createServicePrincipal(ctx) },
      });
    }
    return servicePrincipalItem(ctx, { id: rest[0] }, rest.slice(1), method);
  }
  const byAppId = SP_BY_APP_ID.exec(first);
  if (byAppId) return servicePrincipalItem(ctx, { appId: byAppId[1] ?? byAppId[2] }, rest, method);
  if (head === 'rolemanagement') {
    if (rest[0]?.toLowerCase() !== 'directory') throw errors.segmentNotFound(rest[0] ?? first);
    return roleManagement(ctx, rest.slice(1), method);
  }
  throw errors.segmentNotFound(first);
}

function servicePrincipalItem(
  ctx: GraphContext,
  key: { id?: string; appId?: string },
  rest: string[],
  method: string,
): Operation {
  const sp = () => resolveServicePrincipal(ctx, key);
  if (rest.length === 0) {
    return pick(method, {
      GET: { op: 'servicePrincipals.get', run: () => getServicePrincipal(ctx, sp()) },
      DELETE: { op: 'servicePrincipals.delete', run: () => removeServicePrincipal(ctx, sp()) },
    });
  }
  const nav = rest[0].toLowerCase();
  const side: AssignmentSide | undefined =
    nav === 'approleassignments' ? 'appRoleAssignments' : nav === 'approleassignedto' ? 'appRoleAssignedTo' : undefined;
  if (!side) throw errors.segmentNotFound(rest[0]);
  if (rest.length === 1) {
    return pick(method, {
      GET: { op: 'appRoleAssignments.list', run: () => listAssignments(ctx, sp(), side) },
      // A grant on a principal still replicating reaches it, and is refused as Graph refuses it.
      POST: {
        op: 'appRoleAssignments.create',
        run: () => createAssignment(ctx, resolveServicePrincipal(ctx, key, true), side),
      },
    });
  }
  if (rest.length > 2) throw errors.segmentNotFound(rest[2]);
  const id = rest[1];
  return pick(method, {
    GET: { op: 'appRoleAssignments.list', run: () => getAssignment(ctx, sp(), side, id) },
    DELETE: { op: 'appRoleAssignments.delete', run: () => deleteAssignment(ctx, sp(), side, id) },
  });
}

function roleManagement(ctx: GraphContext, rest: string[], method: string): Operation {
  const set = rest[0]?.toLowerCase();
  if (set === 'roledefinitions') {
    if (rest.length === 1)
      return pick(method, { GET: { op: 'roleDefinitions.read', run: () => listRoleDefinitions(ctx) } });
    if (rest.length === 2) {
      return pick(method, { GET: { op: 'roleDefinitions.read', run: () => getRoleDefinition(ctx, rest[1]) } });
    }
    throw errors.segmentNotFound(rest[2]);
  }
  if (set === 'roleassignments') {
    if (rest.length === 1) {
      return pick(method, {
        GET: { op: 'roleAssignments.read', run: () => listRoleAssignments(ctx) },
        POST: { op: 'roleAssignments.write', run: () => createRoleAssignment(ctx) },
      });
    }
    if (rest.length === 2) {
      return pick(method, {
        GET: { op: 'roleAssignments.read', run: () => getRoleAssignment(ctx, rest[1]) },
        DELETE: { op: 'roleAssignments.write', run: () => deleteRoleAssignment(ctx, rest[1]) },
      });
    }
    throw errors.segmentNotFound(rest[2]);
  }
  throw errors.segmentNotFound(rest[0] ?? 'directory');
}

async function handleGraph(req: SimRequest, sim: Sim): Promise<SimResponse> {
  const clientRequestId = header(req, 'client-request-id') || undefined;
  let response: SimResponse;
  try {
    const claims = await verifyAccessToken(req, sim, 'graph');
    const ctx: GraphContext = {
      req,
      sim,
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
      appId: String(claims.appid ?? ''),
    };
    const segments = (req.params.path ?? '').split('/').filter(Boolean);
    const operation = resolve(ctx, segments, req.method);
    requirePermission(operation.op, ctx.roles);
    response = operation.run();
  } catch (e) {
    if (!(e instanceof SimHttpError)) throw e;
    response = e.toResponse();
  }
  return withRequestIds(response, clientRequestId);
}

/** Adds Graph's correlation headers, and makes an error's innerError name the same ids. */
function withRequestIds(response: SimResponse, clientRequestId: string | undefined): SimResponse {
  const headers = { ...(response.headers ?? {}) };
  const requestId = headers['request-id'] ?? randomUUID();
  const clientId = clientRequestId ?? requestId;
  const inner = (response.body as any)?.error?.innerError;
  if (inner && typeof inner === 'object') {
    inner['request-id'] = requestId;
    inner['client-request-id'] = clientId;
  }
  return {
    ...response,
    headers: {
      ...headers,
      'request-id': requestId,
      'client-request-id': clientId,
      'x-ms-ags-diagnostic': JSON.stringify({
        ServerInfo: { DataCenter: 'Local Simulator', Slice: 'E', Ring: '5', ScaleUnit: '000', RoleInstance: 'SIM' },
      }),
      'cache-control': 'no-cache',
      'strict-transport-security': 'max-age=31536000',
      ...(response.status < 400 && response.body !== undefined ? { 'odata-version': '4.0' } : {}),
    },
  };
}
