// Microsoft Graph application permissions of the identity (input graph-permissions): app role
// assignments on the Microsoft Graph service principal (appId 00000003-0000-0000-c000-000000000000)
// granted to the identity's service principal, by its *object* id. Entries are resolved by value or
// id among the Graph SP's appRoles at plan time (src/graph-permissions/resolve.ts); existing grants
// are adopted; with exclusive-graph-permissions the identity's other Graph permissions are removed.
import { isAlreadyExists } from '../clients/errors.js';
import type { GraphAppRoleAssignment } from '../clients/graph.js';
import { AzureError, ConfigError } from '../errors.js';
import { GRAPH_NEEDS } from '../engine/graph-needs.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { GRAPH_APP_ID, isPrivilegedPermission } from '../graph-permissions/catalog.js';
import {
  applicationRoles,
  diffGraphAssignments,
  resolveGraphPermissions,
  type GraphAppRole,
  type ResolvedPermission,
} from '../graph-permissions/resolve.js';
import { GRAPH_PERMISSIONS } from './names.js';

/** Microsoft Graph application permissions of the identity, resolved against the Graph SP at plan time. */
export interface DesiredGraphPermissions {
  /** canonical values or lower-case app role ids, as the inputs checked them offline */
  entries: string[];
  /** remove every other Graph application permission */
  exclusive: boolean;
  /** privileged permissions allowed (allow-privileged-permissions) */
  allowPrivileged: boolean;
}

declare module '../engine/types.js' {
  interface Desired {
    /** absent when neither graph-permissions nor exclusive-graph-permissions is set */
    graphPermissions?: DesiredGraphPermissions;
  }
}
import {
  identityKindOf,
  observedPrincipalId,
  requirePrincipal,
  unlessNotReplicated,
  withReplicationRetry,
} from './principal.js';

export interface ObservedGraphPermissions {
  principalId?: string;
  /** the Microsoft Graph service principal of this tenant */
  graphSp?: { id: string; appRoles: GraphAppRole[] };
  /** every app role assignment of the identity (on any resource) */
  assignments: GraphAppRoleAssignment[];
}

/** create: the role on the Graph SP; delete: the identity's assignment */
type GraphPermissionData = { appRoleId: string; graphSpId: string } | { assignmentId: string };

/** The entries resolved against the Graph SP's roles; every problem at once, naming the input. */
function resolveDesired(
  wanted: DesiredGraphPermissions,
  observed: ObservedGraphPermissions,
): { resolved: ResolvedPermission[]; graphSp: NonNullable<ObservedGraphPermissions['graphSp']> } {
  if (!observed.graphSp) {
    // constructed: the Graph SP exists in every tenant; without it nothing can be granted
    throw new ConfigError([
      `graph-permissions: the tenant has no Microsoft Graph service principal (appId ${GRAPH_APP_ID}) to grant its permissions on`,
    ]);
  }
  const { resolved, problems } = resolveGraphPermissions(wanted.entries, observed.graphSp.appRoles);
  if (!wanted.allowPrivileged) {
    // the inputs refuse these offline already; the service principal's ids are checked again here
    for (const p of resolved.filter((r) => isPrivilegedPermission(r.id))) {
      problems.push(`graph-permissions: ${p.value} is privileged; refused unless allow-privileged-permissions is true`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return { resolved, graphSp: observed.graphSp };
}

export function diffGraphPermissions(
  desired: Desired,
  observed: ObservedGraphPermissions,
): EngineChange<GraphPermissionData>[] {
  const wanted = desired.graphPermissions;
  if (!wanted) return [];
  const { resolved, graphSp } = resolveDesired(wanted, observed);
  const { grant, revoke } = diffGraphAssignments(resolved, observed.assignments, graphSp.id, wanted.exclusive);
  const names = new Map(applicationRoles(graphSp.appRoles).map((r) => [r.id, r.value]));
  return [
    ...grant.map((p) => ({
      kind: GRAPH_PERMISSIONS,
      name: p.value,
      action: 'create' as const,
      reason: observed.principalId ? 'not granted to the identity' : 'not granted: the identity does not exist yet',
      after: { resource: 'Microsoft Graph', appRoleId: p.id },
      data: { appRoleId: p.id, graphSpId: graphSp.id },
    })),
    ...revoke.map((a) => ({
      kind: GRAPH_PERMISSIONS,
      name: names.get(a.appRoleId.toLowerCase()) ?? a.appRoleId,
      action: 'delete' as const,
      reason: 'not in `graph-permissions` and `exclusive-graph-permissions` is true',
      before: { resource: 'Microsoft Graph', appRoleId: a.appRoleId },
      data: { assignmentId: a.id },
    })),
  ];
}

async function revoke(assignmentId: string, ctx: ApplyContext): Promise<void> {
  try {
    await ctx.clients.graph.deleteAppRoleAssignment(requirePrincipal(ctx), assignmentId);
  } catch (e) {
    if (!(e instanceof AzureError && e.status === 404)) throw e; // already gone
  }
}

export const graphPermissionsKind: ResourceKind<ObservedGraphPermissions, GraphPermissionData> = {
  kind: GRAPH_PERMISSIONS,
  desire: ({ inputs }) =>
    inputs.graphPermissions.length || inputs.exclusiveGraphPermissions
      ? {
          graphPermissions: {
            entries: inputs.graphPermissions,
            exclusive: inputs.exclusiveGraphPermissions,
            allowPrivileged: inputs.allowPrivilegedPermissions,
          },
        }
      : {},
  enabled: (d) => d.graphPermissions !== undefined,
  dependsOn: (d) => [identityKindOf(d)],
  permissions: { graphRead: [GRAPH_NEEDS.readServicePrincipals], graphWrite: [GRAPH_NEEDS.grantAppRole] },
  async observe(ctx) {
    const [principalId, sp] = await Promise.all([
      observedPrincipalId(ctx),
      ctx.clients.graph.findServicePrincipalByAppId(GRAPH_APP_ID),
    ]);
    const observed: ObservedGraphPermissions = {
      principalId,
      graphSp: sp ? { id: sp.id, appRoles: sp.appRoles ?? [] } : undefined,
      assignments: [],
    };
    // a principal Graph does not see yet has no grants
    if (principalId) {
      observed.assignments = await unlessNotReplicated(ctx.clients.graph.listAppRoleAssignments(principalId), []);
    }
    return observed;
  },
  diff: diffGraphPermissions,
  async apply(change: EngineChange<GraphPermissionData>, ctx: ApplyContext) {
    const { data } = change;
    if ('assignmentId' in data) return revoke(data.assignmentId, ctx);
    const principalId = requirePrincipal(ctx);
    await withReplicationRetry(ctx, `grant ${change.name}`, async () => {
      try {
        await ctx.clients.graph.addAppRoleAssignment(principalId, data.graphSpId, data.appRoleId);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e; // made by hand or a concurrent run: adopted
      }
    });
  },
};
