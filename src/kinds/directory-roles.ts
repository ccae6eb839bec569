// Entra directory roles assigned to the identity at scope "/", by template id (built-in role
// definition ids equal their template ids). With exclusive-roles, the other supported roles go.
import { isAlreadyExists } from '../clients/errors.js';
import type { GraphRoleAssignment } from '../clients/graph.js';
import { AzureError } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { SUPPORTED_ROLES } from '../roles.js';
import type { RoleRef } from '../types.js';
import { DIRECTORY_ROLE_ASSIGNMENT } from './names.js';
import {
  identityKindOf,
  observedPrincipalId,
  requirePrincipal,
  unlessNotReplicated,
  withReplicationRetry,
} from './principal.js';
import { GRAPH_NEEDS } from '../engine/graph-needs.js';

declare module '../engine/types.js' {
  interface Desired {
    /** roles: the Entra roles the identity holds at scope "/" */
    roles: RoleRef[];
    /** exclusive-roles: the other supported roles go */
    exclusiveRoles: boolean;
  }
}

export interface ObservedDirectoryRoles {
  principalId?: string;
  assignments: GraphRoleAssignment[];
}

interface RoleData {
  templateId?: string;
  assignmentId?: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function diffDirectoryRoles(desired: Desired, observed: ObservedDirectoryRoles): EngineChange<RoleData>[] {
  const changes: EngineChange<RoleData>[] = [];
  for (const role of desired.roles) {
    const held = observed.assignments.some(
      (a) => same(a.roleDefinitionId, role.templateId) && a.directoryScopeId === '/',
    );
    if (held) continue;
    changes.push({
      kind: DIRECTORY_ROLE_ASSIGNMENT,
      name: role.displayName,
      action: 'create',
      reason: observed.principalId ? 'not assigned at scope /' : 'not assigned: the identity does not exist yet',
      after: { roleDefinitionId: role.templateId, directoryScopeId: '/' },
      data: { templateId: role.templateId } satisfies RoleData,
    });
  }
  if (desired.exclusiveRoles) {
    for (const a of observed.assignments) {
      const supported = SUPPORTED_ROLES.find((r) => same(r.templateId, a.roleDefinitionId));
      // Only the roles Exchange supports are ours to remove; anything else is never touched.
      if (!supported || desired.roles.some((r) => same(r.templateId, a.roleDefinitionId))) continue;
      changes.push({
        kind: DIRECTORY_ROLE_ASSIGNMENT,
        name: supported.displayName,
        action: 'delete',
        reason: `not in \`roles\` and \`exclusive-roles\` is true (scope ${a.directoryScopeId})`,
        before: { roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId },
        data: { assignmentId: a.id } satisfies RoleData,
      });
    }
  }
  return changes;
}

export const directoryRolesKind: ResourceKind<ObservedDirectoryRoles, RoleData> = {
  desire: ({ inputs }) => ({ roles: inputs.roles, exclusiveRoles: inputs.exclusiveRoles }),
  kind: DIRECTORY_ROLE_ASSIGNMENT,
  dependsOn: (d) => [identityKindOf(d)],
  permissions: { graphRead: [GRAPH_NEEDS.readRoleAssignments], graphWrite: [GRAPH_NEEDS.assignDirectoryRole] },
  async observe(ctx) {
    const principalId = await observedPrincipalId(ctx);
    if (!principalId) return { assignments: [] };
    return {
      principalId,
      assignments: await unlessNotReplicated(ctx.clients.graph.listRoleAssignments(principalId), []),
    };
  },
  diff: diffDirectoryRoles,
  async apply(change: EngineChange<RoleData>, ctx: ApplyContext) {
    const { data } = change;
    if (change.action === 'delete') {
      try {
        await ctx.clients.graph.deleteRoleAssignment(data.assignmentId!);
      } catch (e) {
        if (!(e instanceof AzureError && e.status === 404)) throw e; // already gone
      }
      return;
    }
    const principalId = requirePrincipal(ctx);
    await withReplicationRetry(ctx, `assign ${change.name}`, async () => {
      try {
        await ctx.clients.graph.addRoleAssignment(principalId, data.templateId!, '/');
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
    });
  },
};
