// The user-assigned identity (identity-type user-assigned): created when missing.
import { ConfigError } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import type { UserAssignedIdentity } from '../clients/msi.js';
import { RESOURCE_GROUP, USER_ASSIGNED_IDENTITY, OBSERVED } from './names.js';
import { groupExists } from './resource-group.js';
import { identityGroup } from './identity-needs.js';

export interface ObservedUserAssignedIdentity {
  identity?: UserAssignedIdentity;
}

interface IdentityData {
  resourceGroup: string;
  location: string;
}

export function diffUserAssignedIdentity(
  desired: Desired,
  observed: ObservedUserAssignedIdentity,
): EngineChange<IdentityData>[] {
  if (desired.identity.type !== 'user-assigned' || observed.identity) return [];
  const { name, resourceGroup } = desired.identity;
  if (!desired.createMissing) {
    throw new ConfigError([
      `user-assigned identity "${name}" does not exist in resource group "${resourceGroup}" and \`create-missing\` is false: create it, or set \`create-missing: true\``,
    ]);
  }
  if (!desired.location) {
    throw new ConfigError([`user-assigned identity "${name}" must be created: set the \`location\` input`]);
  }
  return [
    {
      kind: USER_ASSIGNED_IDENTITY,
      name,
      action: 'create',
      reason: `missing; in resource group ${resourceGroup}`,
      after: { resourceGroup, location: desired.location },
      data: { resourceGroup, location: desired.location },
    },
  ];
}

export const userAssignedIdentityKind: ResourceKind<ObservedUserAssignedIdentity, IdentityData> = {
  kind: USER_ASSIGNED_IDENTITY,
  enabled: (d) => d.identity.type === 'user-assigned',
  dependsOn: () => [RESOURCE_GROUP],
  permissions: {
    armWrite: (_c, at) => [
      {
        scope: at.scopeOf(identityGroup(at.desired)),
        action: 'Microsoft.ManagedIdentity/userAssignedIdentities/write',
      },
    ],
  },
  async observe(ctx) {
    const id = ctx.desired.identity;
    if (id.type !== 'user-assigned') return {};
    // Read at once, beside the group (404 under a missing group): no round trip spent waiting.
    const [groups, identity] = await Promise.all([
      ctx.get(OBSERVED.resourceGroups),
      ctx.clients.msi.getUserAssigned(id.resourceGroup, id.name),
    ]);
    if (!groupExists(groups, id.resourceGroup)) return {};
    return { identity };
  },
  outputs: (observed) => ({ principalId: observed.identity?.principalId, clientId: observed.identity?.clientId }),
  diff: diffUserAssignedIdentity,
  async apply(change: EngineChange<IdentityData>, ctx: ApplyContext) {
    const { resourceGroup, location } = change.data;
    const created = await ctx.clients.msi.createUserAssigned(resourceGroup, change.name, location);
    return { principalId: created.principalId, clientId: created.clientId };
  },
};
