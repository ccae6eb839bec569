// What Exchange Online would see for a resource's identities: built from ARM and directory
// state, handed to the pure runner (job-runner.ts).
import { EXCHANGE_APP_ID } from '../ids.js';
import type { ArmResource, Sim } from '../types.js';
import { EXCHANGE_MANAGE_AS_APP, type ExoContext, type ExoIdentity } from './job-runner.js';
import { systemClientId, type StoredIdentity } from './identity-model.js';

export function exoContext(sim: Sim, holder: ArmResource, exoModule: boolean): ExoContext {
  const identity = holder.identity as StoredIdentity | undefined;
  const g = sim.state.graph;
  const exoSp = g.servicePrincipals.find((sp) => sp.appId === EXCHANGE_APP_ID);
  const grants: ExoContext['grants'] = {};
  // A grant counts once Entra shows it and Exchange's permission cache has caught up.
  const delay = sim.state.config.exchangePermissionDelayMs ?? 0;
  const effective = (a: { visibleAfter?: number }) => (a.visibleAfter ?? 0) + delay <= sim.now();
  const add = (i: ExoIdentity) => {
    if (!g.servicePrincipals.some((sp) => sp.id === i.principalId)) return;
    grants[i.principalId] = {
      manageAsApp:
        !!exoSp &&
        g.appRoleAssignments.some(
          (a) =>
            a.principalId === i.principalId &&
            a.appRoleId === EXCHANGE_MANAGE_AS_APP &&
            a.resourceId === exoSp.id &&
            effective(a),
        ),
      roleTemplateIds: g.roleAssignments
        .filter((a) => a.principalId === i.principalId && (a.directoryScopeId ?? '/') === '/' && effective(a))
        .map(
          (a) =>
            g.roleDefinitions.find((d) => d.id === a.roleDefinitionId || d.templateId === a.roleDefinitionId)
              ?.templateId ?? a.roleDefinitionId,
        ),
    };
  };
  let systemIdentity: ExoIdentity | undefined;
  if (identity?.principalId) {
    const clientId = systemClientId(sim, identity.principalId);
    if (clientId) systemIdentity = { principalId: identity.principalId, clientId };
  }
  const userAssigned = Object.values(identity?.userAssignedIdentities ?? {}).filter(
    (v) => v?.principalId && v?.clientId,
  );
  if (systemIdentity) add(systemIdentity);
  userAssigned.forEach(add);
  return {
    organization: sim.state.tenant.organization,
    domains: sim.state.tenant.domains,
    systemIdentity,
    userAssigned,
    exoModule,
    grants,
  };
}
