// /v1.0/roleManagement/directory: role definitions (read-only, built-in roles have id ==
// templateId) and role assignments (list needs a $filter on principalId or roleDefinitionId;
// create, get, delete). New assignments replicate like app role grants.
import { isVisible } from '../entra/directory.js';
import type { RoleAssignment, RoleDefinition, SimResponse } from '../types.js';
import { collection, entity, readJson, visibleServicePrincipal, type GraphContext } from './context.js';
import * as errors from './errors.js';
import { constrains } from './odata.js';
import {
  GUID,
  renderServicePrincipal,
  renderRoleAssignment,
  renderRoleDefinition,
  ROLE_ASSIGNMENT_PROPERTIES,
  ROLE_DEFINITION_PROPERTIES,
  roleAssignmentId,
} from './shapes.js';

const DEFINITIONS = 'roleManagement/directory/roleDefinitions';
const ASSIGNMENTS = 'roleManagement/directory/roleAssignments';

/** By role object id or template id (the docs accept either wherever a role is named). */
function findDefinition(ctx: GraphContext, id: string): RoleDefinition | undefined {
  const key = id.toLowerCase();
  return ctx.sim.state.graph.roleDefinitions.find(
    (d) => d.id.toLowerCase() === key || d.templateId.toLowerCase() === key,
  );
}

export function listRoleDefinitions(ctx: GraphContext): SimResponse {
  return collection(ctx, {
    context: DEFINITIONS,
    type: 'unifiedRoleDefinition',
    resource: 'UnifiedRoleDefinition',
    properties: ROLE_DEFINITION_PROPERTIES,
    filterable: ['id', 'displayName', 'isBuiltIn', 'templateId', 'isEnabled'],
    items: ctx.sim.state.graph.roleDefinitions,
    render: renderRoleDefinition,
  });
}

export function getRoleDefinition(ctx: GraphContext, id: string): SimResponse {
  const d = findDefinition(ctx, id);
  if (!d) throw errors.notFound(id);
  return entity(
    ctx,
    `${DEFINITIONS}/$entity`,
    renderRoleDefinition(d),
    ROLE_DEFINITION_PROPERTIES,
    'unifiedRoleDefinition',
  );
}

export function listRoleAssignments(ctx: GraphContext): SimResponse {
  const g = ctx.sim.state.graph;
  return collection(ctx, {
    context: ASSIGNMENTS,
    type: 'unifiedRoleAssignment',
    resource: 'UnifiedRoleAssignment',
    properties: ROLE_ASSIGNMENT_PROPERTIES,
    filterable: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId'],
    items: g.roleAssignments.filter((a) => isVisible(a, ctx.sim)),
    render: renderRoleAssignment,
    // roleDefinitionId in a filter may be the role's object id or its template id.
    get: (obj, prop) => {
      const name = ROLE_ASSIGNMENT_PROPERTIES.find((p) => p.toLowerCase() === prop.toLowerCase()) ?? prop;
      if (name !== 'roleDefinitionId') return obj[name];
      const d = findDefinition(ctx, String(obj.roleDefinitionId));
      return d ? [d.id, d.templateId] : [obj.roleDefinitionId];
    },
    expandable: {
      principal: (obj) => {
        const sp = visibleServicePrincipal(ctx, String(obj.principalId));
        return sp ? { '@odata.type': '#microsoft.graph.servicePrincipal', ...renderServicePrincipal(sp) } : null;
      },
      roleDefinition: (obj) => {
        const d = findDefinition(ctx, String(obj.roleDefinitionId));
        return d ? renderRoleDefinition(d) : null;
      },
    },
    checkFilter: (node) => {
      if (!node || !(constrains(node, 'principalId') || constrains(node, 'roleDefinitionId'))) {
        throw errors.roleAssignmentFilterRequired();
      }
    },
  });
}

export function getRoleAssignment(ctx: GraphContext, id: string): SimResponse {
  const a = ctx.sim.state.graph.roleAssignments.find((x) => x.id === id && isVisible(x, ctx.sim));
  if (!a) throw errors.notFound(id);
  return entity(
    ctx,
    `${ASSIGNMENTS}/$entity`,
    renderRoleAssignment(a),
    ROLE_ASSIGNMENT_PROPERTIES,
    'unifiedRoleAssignment',
  );
}

export function createRoleAssignment(ctx: GraphContext): SimResponse {
  const body = readJson(ctx);
  const type = body['@odata.type'];
  if (type !== undefined && String(type).replace(/^#/, '').toLowerCase() !== 'microsoft.graph.unifiedroleassignment') {
    throw errors.invalidProperty('@odata.type', 'UnifiedRoleAssignment');
  }
  const { roleDefinitionId, principalId, directoryScopeId, appScopeId } = body;
  if (typeof roleDefinitionId !== 'string' || roleDefinitionId === '')
    throw errors.invalidProperty('roleDefinitionId', 'UnifiedRoleAssignment');
  if (typeof principalId !== 'string' || !GUID.test(principalId))
    throw errors.invalidProperty('principalId', 'UnifiedRoleAssignment');
  const hasDir = typeof directoryScopeId === 'string' && directoryScopeId.startsWith('/');
  const hasApp = typeof appScopeId === 'string' && appScopeId !== '';
  // The docs: either directoryScopeId or appScopeId is required.
  if (hasDir === hasApp) throw errors.invalidProperty('directoryScopeId', 'UnifiedRoleAssignment');

  // A principal still replicating: Request_ResourceNotFound, as seen for a just-created managed
  // identity's directory role (Azure/AVDBlueprint issue 131: "Code: Request_ResourceNotFound";
  // errors.json). The 404 status itself is UNVERIFIED for this POST (app role grants answer 400
  // "Not a valid reference update." instead, see app-role-assignments.ts).
  const definition = findDefinition(ctx, roleDefinitionId);
  if (!definition) throw errors.notFound(roleDefinitionId);
  const principal = visibleServicePrincipal(ctx, principalId);
  if (!principal) throw errors.notFound(principalId);

  const g = ctx.sim.state.graph;
  const scope = hasDir ? (directoryScopeId as string) : '/';
  const duplicate = g.roleAssignments.some(
    (a) =>
      a.principalId.toLowerCase() === principal.id.toLowerCase() &&
      a.roleDefinitionId.toLowerCase() === definition.id.toLowerCase() &&
      a.directoryScopeId.toLowerCase() === scope.toLowerCase() &&
      (a.appScopeId ?? null) === (hasApp ? appScopeId : null),
  );
  if (duplicate) throw errors.conflictingObject();

  const assignment: RoleAssignment = {
    id: roleAssignmentId(definition.id, principal.id, hasApp ? `app:${appScopeId}` : scope),
    principalId: principal.id,
    roleDefinitionId: definition.id,
    directoryScopeId: scope,
    appScopeId: hasApp ? (appScopeId as string) : null,
    visibleAfter: ctx.sim.now() + ctx.sim.state.config.replicationDelayMs,
  };
  g.roleAssignments.push(assignment);
  return entity(
    ctx,
    `${ASSIGNMENTS}/$entity`,
    renderRoleAssignment(assignment),
    ROLE_ASSIGNMENT_PROPERTIES,
    'unifiedRoleAssignment',
    201,
  );
}

export function deleteRoleAssignment(ctx: GraphContext, id: string): SimResponse {
  const g = ctx.sim.state.graph;
  const index = g.roleAssignments.findIndex((a) => a.id === id);
  if (index < 0) throw errors.notFound(id);
  g.roleAssignments.splice(index, 1);
  return { status: 204 };
}
