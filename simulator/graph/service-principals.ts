// /v1.0/servicePrincipals: list with $filter, get by id or by appId alternate key, create a
// first-party app's principal by appId, delete.
import { randomUUID } from 'node:crypto';
import { deleteServicePrincipal, isVisible } from '../entra/directory.js';
import { servicePrincipalFromApp } from '../state.js';
import type { ServicePrincipal, SimResponse } from '../types.js';
import {
  anyServicePrincipal,
  collection,
  entity,
  readJson,
  requireGuid,
  visibleServicePrincipal,
  type GraphContext,
} from './context.js';
import * as errors from './errors.js';
import { allows } from './permissions.js';
import { renderServicePrincipal, SERVICE_PRINCIPAL_PROPERTIES } from './shapes.js';

const FILTERABLE = ['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled', 'appOwnerOrganizationId'];

export function listServicePrincipals(ctx: GraphContext): SimResponse {
  return collection(ctx, {
    context: 'servicePrincipals',
    type: 'servicePrincipal',
    resource: 'ServicePrincipal',
    properties: SERVICE_PRINCIPAL_PROPERTIES,
    filterable: FILTERABLE,
    items: ctx.sim.state.graph.servicePrincipals.filter((sp) => isVisible(sp, ctx.sim)),
    render: renderServicePrincipal,
    countNeedsEventual: true,
  });
}

/** `{id}` or the `(appId='...')` alternate key; 404 when absent (or, for reads, not replicated yet). */
/**
 * The path's service principal. Reads see only replicated ones (404 before); a write may set
 * `replicating` to reach one still replicating, so that it can answer as Graph does for it.
 */
export function resolveServicePrincipal(
  ctx: GraphContext,
  key: { id?: string; appId?: string },
  replicating = false,
): ServicePrincipal {
  const seen = (s: ServicePrincipal) => replicating || isVisible(s, ctx.sim);
  if (key.appId !== undefined) {
    const sp = ctx.sim.state.graph.servicePrincipals.find(
      (s) => s.appId.toLowerCase() === key.appId!.toLowerCase() && seen(s),
    );
    if (!sp) throw errors.notFound(key.appId);
    return sp;
  }
  requireGuid(key.id!);
  const sp = replicating ? anyServicePrincipal(ctx, key.id!) : visibleServicePrincipal(ctx, key.id!);
  if (!sp) throw errors.notFound(key.id!);
  return sp;
}

export function getServicePrincipal(ctx: GraphContext, sp: ServicePrincipal): SimResponse {
  return entity(
    ctx,
    'servicePrincipals/$entity',
    renderServicePrincipal(sp),
    SERVICE_PRINCIPAL_PROPERTIES,
    'servicePrincipal',
  );
}

export function createServicePrincipal(ctx: GraphContext): SimResponse {
  const body = readJson(ctx);
  const appId = body.appId;
  if (typeof appId !== 'string' || appId.trim() === '') throw errors.invalidProperty('appId', 'ServicePrincipal');
  const g = ctx.sim.state.graph;
  // The uniqueness check is on the writable replica: a principal still replicating counts.
  if (g.servicePrincipals.some((sp) => sp.appId.toLowerCase() === appId.toLowerCase())) {
    throw errors.servicePrincipalExists(appId);
  }
  const app = (g.firstPartyApps ?? []).find((a) => a.appId.toLowerCase() === appId.toLowerCase());
  if (!app) throw errors.noBackingApplication(appId);
  const sp: ServicePrincipal = {
    ...servicePrincipalFromApp(app, randomUUID()),
    createdDateTime: new Date(ctx.sim.now()).toISOString(),
  };
  // Application.ReadWrite.OwnedBy may only instantiate apps homed in this tenant.
  if (
    !allows(
      'servicePrincipals.create',
      ctx.roles.filter((r) => r.toLowerCase() !== 'application.readwrite.ownedby'),
    )
  ) {
    if (sp.appOwnerOrganizationId?.toLowerCase() !== ctx.sim.state.tenant.id.toLowerCase())
      throw errors.ownedByForeignApp();
  }
  if (typeof body.accountEnabled === 'boolean') sp.accountEnabled = body.accountEnabled;
  if (Array.isArray(body.tags)) sp.tags = body.tags.filter((t): t is string => typeof t === 'string');
  sp.visibleAfter = ctx.sim.now() + ctx.sim.state.config.replicationDelayMs;
  g.servicePrincipals.push(sp);
  return entity(
    ctx,
    'servicePrincipals/$entity',
    renderServicePrincipal(sp),
    SERVICE_PRINCIPAL_PROPERTIES,
    'servicePrincipal',
    201,
  );
}

export function removeServicePrincipal(ctx: GraphContext, sp: ServicePrincipal): SimResponse {
  deleteServicePrincipal(ctx.sim, sp.id);
  return { status: 204 };
}
