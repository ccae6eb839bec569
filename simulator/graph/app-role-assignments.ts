// /v1.0/servicePrincipals/{id}/appRoleAssignments (granted to it) and .../appRoleAssignedTo
// (granted on it, as the resource). New grants replicate: lists miss them for
// config.replicationDelayMs, while the duplicate check (on the writable replica) sees them.
import { isVisible } from '../entra/directory.js';
import type { AppRoleAssignment, ServicePrincipal, SimResponse } from '../types.js';
import { anyServicePrincipal, collection, entity, readJson, type GraphContext } from './context.js';
import * as errors from './errors.js';
import { APP_ROLE_ASSIGNMENT_PROPERTIES, appRoleAssignmentId, GUID, renderAppRoleAssignment } from './shapes.js';

/** 'appRoleAssignments': the path principal is the client; 'appRoleAssignedTo': it is the resource. */
export type AssignmentSide = 'appRoleAssignments' | 'appRoleAssignedTo';

const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

function ownedBy(a: AppRoleAssignment, sp: ServicePrincipal, side: AssignmentSide): boolean {
  const key = side === 'appRoleAssignments' ? a.principalId : a.resourceId;
  return key.toLowerCase() === sp.id.toLowerCase();
}

function contextOf(sp: ServicePrincipal, side: AssignmentSide): string {
  // The doc example for appRoleAssignments uses the short form; appRoleAssignedTo names its parent.
  return side === 'appRoleAssignments' ? 'appRoleAssignments' : `servicePrincipals('${sp.id}')/appRoleAssignedTo`;
}

export function listAssignments(ctx: GraphContext, sp: ServicePrincipal, side: AssignmentSide): SimResponse {
  return collection(ctx, {
    context: contextOf(sp, side),
    type: 'appRoleAssignment',
    resource: 'AppRoleAssignment',
    properties: APP_ROLE_ASSIGNMENT_PROPERTIES,
    filterable: [
      'id',
      'appRoleId',
      'principalId',
      'resourceId',
      'principalType',
      'principalDisplayName',
      'resourceDisplayName',
    ],
    items: ctx.sim.state.graph.appRoleAssignments.filter((a) => ownedBy(a, sp, side) && isVisible(a, ctx.sim)),
    render: renderAppRoleAssignment,
  });
}

export function getAssignment(ctx: GraphContext, sp: ServicePrincipal, side: AssignmentSide, id: string): SimResponse {
  const a = ctx.sim.state.graph.appRoleAssignments.find(
    (x) => x.id === id && ownedBy(x, sp, side) && isVisible(x, ctx.sim),
  );
  if (!a) throw errors.notFound(id);
  return entity(
    ctx,
    `${contextOf(sp, side)}/$entity`,
    renderAppRoleAssignment(a),
    APP_ROLE_ASSIGNMENT_PROPERTIES,
    'appRoleAssignment',
  );
}

export function createAssignment(ctx: GraphContext, sp: ServicePrincipal, side: AssignmentSide): SimResponse {
  const body = readJson(ctx);
  for (const prop of ['principalId', 'resourceId', 'appRoleId']) {
    const v = body[prop];
    if (typeof v !== 'string' || !GUID.test(v)) throw errors.invalidProperty(prop, 'AppRoleAssignment');
  }
  const principalId = body.principalId as string;
  const resourceId = body.resourceId as string;
  const appRoleId = (body.appRoleId as string).toLowerCase();
  // The path object must be the one the body names on its side.
  if (side === 'appRoleAssignments' && principalId.toLowerCase() !== sp.id.toLowerCase())
    throw errors.invalidProperty('principalId', 'AppRoleAssignment');
  if (side === 'appRoleAssignedTo' && resourceId.toLowerCase() !== sp.id.toLowerCase())
    throw errors.invalidProperty('resourceId', 'AppRoleAssignment');

  // An object that exists but is still replicating makes the write "Not a valid reference
  // update." (400), and a later try succeeds; one that does not exist at all is missing.
  const principal = anyServicePrincipal(ctx, principalId);
  if (!principal) throw errors.notFound(principalId);
  const resource = anyServicePrincipal(ctx, resourceId);
  if (!resource) throw errors.invalidProperty('resourceId', 'AppRoleAssignment');
  if (!isVisible(principal, ctx.sim) || !isVisible(resource, ctx.sim)) throw errors.notValidReferenceUpdate();
  const appRoles = resource.appRoles ?? [];
  const role = appRoles.find((r) => r.id.toLowerCase() === appRoleId);
  const defaultAccess = appRoleId === DEFAULT_ACCESS_ROLE && appRoles.length === 0;
  if (!defaultAccess && (!role || !role.isEnabled || !role.allowedMemberTypes.includes('Application'))) {
    throw errors.appRoleNotFound();
  }

  const g = ctx.sim.state.graph;
  const duplicate = g.appRoleAssignments.some(
    (a) =>
      a.principalId.toLowerCase() === principal.id.toLowerCase() &&
      a.resourceId.toLowerCase() === resource.id.toLowerCase() &&
      a.appRoleId.toLowerCase() === appRoleId,
  );
  if (duplicate) throw errors.duplicateAppRoleAssignment();

  const now = ctx.sim.now();
  const assignment: AppRoleAssignment = {
    id: appRoleAssignmentId(principal.id),
    appRoleId: role?.id ?? DEFAULT_ACCESS_ROLE,
    principalId: principal.id,
    principalDisplayName: principal.displayName,
    principalType: 'ServicePrincipal',
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
    // Graph writes seven fractional digits, e.g. 2021-02-15T16:39:38.2975029Z.
    createdDateTime: new Date(now).toISOString().replace(/Z$/, '0000Z'),
    deletedDateTime: null,
    visibleAfter: now + ctx.sim.state.config.replicationDelayMs,
  };
  g.appRoleAssignments.push(assignment);
  return entity(
    ctx,
    'appRoleAssignments/$entity',
    renderAppRoleAssignment(assignment),
    APP_ROLE_ASSIGNMENT_PROPERTIES,
    'appRoleAssignment',
    201,
  );
}

export function deleteAssignment(
  ctx: GraphContext,
  sp: ServicePrincipal,
  side: AssignmentSide,
  id: string,
): SimResponse {
  const g = ctx.sim.state.graph;
  // Deletes go to the writable replica, so a grant still replicating can be removed.
  const index = g.appRoleAssignments.findIndex((a) => a.id === id && ownedBy(a, sp, side));
  if (index < 0) throw errors.notFound(id);
  g.appRoleAssignments.splice(index, 1);
  return { status: 204 };
}
