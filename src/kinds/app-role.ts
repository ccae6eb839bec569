// The Exchange.ManageAsApp app role of the Exchange Online service principal, granted to the
// identity's service principal. Graph paths and bodies use the principal *object* id.
import { isAlreadyExists } from '../clients/errors.js';
import type { GraphAppRoleAssignment } from '../clients/graph.js';
import { AzureError } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { APP_ROLE_ASSIGNMENT, EXCHANGE_SERVICE_PRINCIPAL, OBSERVED, OUTPUTS } from './names.js';
import {
  identityKindOf,
  observedPrincipalId,
  requirePrincipal,
  unlessNotReplicated,
  withReplicationRetry,
} from './principal.js';
import { GRAPH_NEEDS } from '../engine/graph-needs.js';

export const MANAGE_AS_APP_VALUE = 'Exchange.ManageAsApp';
export const MANAGE_AS_APP_ID = 'dc50a0fb-09a3-484d-be87-e023b12c6440';

/** The role id by its value among the SP's app roles, checked against the documented id. Pure. */
export function resolveManageAsApp(appRoles: { id: string; value: string | null }[] | undefined): {
  id: string;
  warning?: string;
} {
  const role = (appRoles ?? []).find((r) => r.value === MANAGE_AS_APP_VALUE);
  if (!role) {
    return {
      id: MANAGE_AS_APP_ID,
      warning: `The Exchange Online service principal lists no app role ${MANAGE_AS_APP_VALUE}; using its documented id ${MANAGE_AS_APP_ID}.`,
    };
  }
  if (role.id.toLowerCase() !== MANAGE_AS_APP_ID) {
    return {
      id: role.id,
      warning: `App role ${MANAGE_AS_APP_VALUE} has id ${role.id} in this tenant, not the documented ${MANAGE_AS_APP_ID}; using ${role.id}.`,
    };
  }
  return { id: role.id };
}

export interface ObservedAppRole {
  principalId?: string;
  exchangeSpId?: string;
  appRoleId: string;
  warning?: string;
  assignment?: GraphAppRoleAssignment;
}

export function diffAppRole(_desired: Desired, observed: ObservedAppRole): EngineChange[] {
  if (observed.assignment) return [];
  const reason = !observed.principalId
    ? 'not granted: the identity does not exist yet'
    : !observed.exchangeSpId
      ? 'not granted: the Exchange Online service principal does not exist yet'
      : 'not granted to the identity';
  return [{ kind: APP_ROLE_ASSIGNMENT, name: MANAGE_AS_APP_VALUE, action: 'create', reason }];
}

export const appRoleKind: ResourceKind<ObservedAppRole> = {
  kind: APP_ROLE_ASSIGNMENT,
  dependsOn: (d) => [identityKindOf(d), EXCHANGE_SERVICE_PRINCIPAL],
  permissions: { graphRead: [GRAPH_NEEDS.readServicePrincipals], graphWrite: [GRAPH_NEEDS.grantAppRole] },
  async observe(ctx) {
    const [principalId, exo] = await Promise.all([observedPrincipalId(ctx), ctx.get(OBSERVED.exchangeSp)]);
    const { id: appRoleId, warning } = resolveManageAsApp(exo.sp?.appRoles);
    const observed: ObservedAppRole = {
      principalId,
      exchangeSpId: exo.sp?.id,
      appRoleId,
      warning: exo.sp ? warning : undefined,
    };
    if (!principalId || !exo.sp) return observed;
    // a principal Graph does not see yet has no grants
    const assignments = await unlessNotReplicated(ctx.clients.graph.listAppRoleAssignments(principalId), []);
    observed.assignment = assignments.find(
      (a) =>
        a.resourceId.toLowerCase() === exo.sp!.id.toLowerCase() &&
        a.appRoleId.toLowerCase() === appRoleId.toLowerCase(),
    );
    return observed;
  },
  notes: (observed) => ({ warnings: observed.warning ? [observed.warning] : [] }),
  diff: diffAppRole,
  async apply(_change: EngineChange, ctx: ApplyContext) {
    const principalId = requirePrincipal(ctx);
    const exo = ctx.output(OUTPUTS.exchangeSp)?.sp;
    if (!exo) {
      throw new AzureError({
        service: 'Graph',
        status: 0,
        code: 'ExchangeServicePrincipalMissing',
        message: 'The Exchange Online service principal is missing; it should have been created first.',
      });
    }
    const { id: appRoleId } = resolveManageAsApp(exo.appRoles);
    await withReplicationRetry(ctx, 'grant Exchange.ManageAsApp', async () => {
      try {
        await ctx.clients.graph.addAppRoleAssignment(principalId, exo.id, appRoleId);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e; // made by hand or a concurrent run: adopted
      }
    });
  },
};
