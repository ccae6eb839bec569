// Phase 2: observation of every enabled kind, and beside it the permission lists the preflight
// reads (at the resource groups' scope, and the subscription's once a group turns out missing).
import { resourceGroupPath } from '../../clients/automation.js';
import type { ReadClients } from '../../clients/index.js';
import { OBSERVED } from '../../kinds/names.js';
import { observeAll } from '../observe.js';
import { permissionReader } from '../preflight.js';
import type { Desired, Logger, ResourceKind } from '../types.js';

export interface Observation {
  observed: Map<string, unknown>;
  permissions: ReturnType<typeof permissionReader>;
}

export async function observePhase(
  enabled: ResourceKind<any, any>[],
  desired: Desired,
  readers: ReadClients,
  log: Logger,
  skipPreflight: boolean | undefined,
): Promise<Observation> {
  const permissions = permissionReader(readers.arm);
  const side = skipPreflight
    ? undefined
    : async (get: <T>(ref: { kind: string; observed?: T }) => Promise<T>) => {
        for (const rg of desired.resourceGroups) void permissions(resourceGroupPath(desired.subscriptionId, rg));
        const groups = await get(OBSERVED.resourceGroups);
        if (groups.some((g) => !g.exists)) void permissions(`/subscriptions/${desired.subscriptionId}`);
      };
  const observed = await observeAll(enabled, desired, readers, log, side);
  return { observed, permissions };
}
