// Phase 2: observation of every enabled kind, and beside it the permission lists the preflight
// reads (at the resource groups' scope, and the subscription's once a group turns out missing)
// and a system-assigned identity's client id, which lives on its service principal (appId).
import { resourceGroupPath } from '../../clients/automation.js';
import type { ReadClients } from '../../clients/index.js';
import { OBSERVED } from '../../resources/kinds.js';
import { observedPrincipalId, unlessNotReplicated } from '../../resources/principal.js';
import { observeAll } from '../observe.js';
import { permissionReader } from '../preflight.js';
import type { Desired, Logger, ResourceKind } from '../types.js';

export interface Observation {
  observed: Map<string, unknown>;
  permissions: ReturnType<typeof permissionReader>;
  /** the system-assigned identity's service principal as observed */
  observedSp?: { principalId: string; appId?: string };
}

export async function observePhase(
  enabled: ResourceKind<any, any>[],
  desired: Desired,
  readers: ReadClients,
  log: Logger,
  skipPreflight: boolean | undefined,
): Promise<Observation> {
  const permissions = permissionReader(readers.arm);
  let observedSp: Observation['observedSp'];
  const observed = await observeAll(enabled, desired, readers, log, async (get) => {
    const tasks: Promise<unknown>[] = [];
    if (!skipPreflight) {
      for (const rg of desired.resourceGroups) void permissions(resourceGroupPath(desired.subscriptionId, rg));
      tasks.push(
        get(OBSERVED.resourceGroups).then((groups) => {
          if (groups.some((g) => !g.exists)) void permissions(`/subscriptions/${desired.subscriptionId}`);
        }),
      );
    }
    if (desired.identity.type === 'system-assigned') {
      tasks.push(
        observedPrincipalId({ desired, clients: readers, log, get }).then(async (principalId) => {
          if (!principalId) return;
          const sp = await unlessNotReplicated(readers.graph.getServicePrincipal(principalId), undefined);
          observedSp = { principalId, appId: sp?.appId };
        }),
      );
    }
    await Promise.all(tasks);
  });
  return { observed, permissions, observedSp };
}
