// Resource groups: the account's and (user-assigned) the identity's. Created when missing.
import { resourceGroupPath, RESOURCES_API_VERSION } from '../clients/automation.js';
import { ConfigError } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ObserveContext, ResourceKind } from '../engine/types.js';
import { RESOURCE_GROUP } from './names.js';

export interface ObservedResourceGroup {
  name: string;
  exists: boolean;
  location?: string;
}

export type ObservedResourceGroups = ObservedResourceGroup[];

/** Whether the observation saw group `name` (names compare case-insensitively, as in ARM). */
export function groupExists(groups: ObservedResourceGroups, name: string): boolean {
  return groups.find((g) => g.name.toLowerCase() === name.toLowerCase())?.exists ?? false;
}

/** One create per missing group; absence without create-missing or a location is a clear error. */
export function diffResourceGroups(
  desired: Desired,
  observed: ObservedResourceGroups,
): EngineChange<{ location: string }>[] {
  const problems: string[] = [];
  const changes: EngineChange<{ location: string }>[] = [];
  for (const rg of observed) {
    if (rg.exists) continue;
    if (!desired.createMissing) {
      problems.push(
        `resource group "${rg.name}" does not exist in subscription ${desired.subscriptionId} and \`create-missing\` is false: create it, or set \`create-missing: true\` with a \`location\``,
      );
    } else if (!desired.location) {
      problems.push(
        `resource group "${rg.name}" must be created: set the \`location\` input (an Azure region such as westeurope)`,
      );
    } else {
      changes.push({
        kind: RESOURCE_GROUP,
        name: rg.name,
        action: 'create',
        reason: `missing; location ${desired.location}`,
        after: { location: desired.location },
        data: { location: desired.location },
      });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return changes;
}

export const resourceGroupKind: ResourceKind<ObservedResourceGroups, { location: string }> = {
  kind: RESOURCE_GROUP,
  dependsOn: () => [],
  permissions: {
    armWrite: (_c, at) => [
      { scope: at.subscription, action: 'Microsoft.Resources/subscriptions/resourceGroups/write' },
    ],
  },
  async observe(ctx: ObserveContext) {
    const { desired, clients } = ctx;
    return Promise.all(
      desired.resourceGroups.map(async (name) => {
        const rg = await clients.arm.get<{ location: string }>(
          resourceGroupPath(desired.subscriptionId, name),
          RESOURCES_API_VERSION,
        );
        return { name, exists: rg !== undefined, location: rg?.location };
      }),
    );
  },
  diff: diffResourceGroups,
  async apply(change: EngineChange<{ location: string }>, ctx: ApplyContext) {
    const { location } = change.data;
    await ctx.clients.arm.put(resourceGroupPath(ctx.desired.subscriptionId, change.name), RESOURCES_API_VERSION, {
      location,
    });
  },
};
