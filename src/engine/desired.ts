// Inputs (+ gallery versions for 'latest') -> the desired state. Pure.
import { compareVersions, incompatibilityReason, resolveLatest } from '../compat.js';
import type { GalleryVersion } from '../clients/gallery.js';
import { ConfigError } from '../errors.js';
import type { Inputs, Runtime } from '../types.js';
import type { SharedDesired } from './types.js';

export const EXO_MODULE = 'ExchangeOnlineManagement';

export function userAssignedIdentityId(inputs: Inputs): string {
  return (
    `/subscriptions/${inputs.subscriptionId}/resourceGroups/${inputs.identityResourceGroup}` +
    `/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.identityName}`
  );
}

/** The ExchangeOnlineManagement version for a runtime. */
export function moduleVersionFor(runtime: Runtime, inputs: Inputs, gallery: GalleryVersion[] | undefined): string {
  if (inputs.moduleVersion !== 'latest') {
    const why = incompatibilityReason(runtime, inputs.moduleVersion);
    if (why) throw new ConfigError([`module-version: ${why}`]);
    return inputs.moduleVersion;
  }
  const ga = (gallery ?? []).filter((v) => !v.prerelease).map((v) => v.version);
  const v = resolveLatest(runtime, ga);
  if (!v) {
    throw new ConfigError([
      `module-version: no release of ${EXO_MODULE} in \`gallery-endpoint\` runs on PowerShell ${runtime} (found ${ga.length} releases)`,
    ]);
  }
  return v;
}

/**
 * The one ExchangeOnlineManagement version installed on a VM: the oldest of the versions each
 * listed runtime resolves to, so that it runs under every one of them (7.4 stops at 3.9.x).
 */
export function vmModuleVersion(inputs: Inputs, gallery: GalleryVersion[] | undefined): string {
  const versions = inputs.runtimeVersions.map((rt) => moduleVersionFor(rt, inputs, gallery));
  return versions.sort(compareVersions)[0];
}

/** The fields every kind shares (each kind adds its own part: src/engine/desire.ts). */
export function sharedDesired(inputs: Inputs): SharedDesired {
  const vm = inputs.resourceType === 'vm';
  if (vm ? !inputs.vmName : inputs.resourceType !== 'automation-account' || !inputs.automationAccount) {
    throw new ConfigError([
      vm
        ? 'vm-name: required when resource-type is vm'
        : 'resource-type: the reconcile engine handles `automation-account` (with `automation-account` set) and `vm` (with `vm-name` set)',
    ]);
  }
  const userAssigned = inputs.identityType === 'user-assigned';
  if (userAssigned && !inputs.identityName) {
    throw new ConfigError(['identity-name: required when identity-type is user-assigned']);
  }
  const groups = [inputs.resourceGroup];
  if (userAssigned && inputs.identityResourceGroup.toLowerCase() !== inputs.resourceGroup.toLowerCase()) {
    groups.push(inputs.identityResourceGroup);
  }
  return {
    inputs,
    subscriptionId: inputs.subscriptionId,
    resourceType: inputs.resourceType,
    resourceGroup: inputs.resourceGroup,
    resourceGroups: groups,
    location: inputs.location,
    createMissing: inputs.createMissing,
    accountName: inputs.automationAccount ?? '',
    identity: userAssigned
      ? {
          type: 'user-assigned',
          name: inputs.identityName!,
          resourceGroup: inputs.identityResourceGroup,
          resourceId: userAssignedIdentityId(inputs),
        }
      : { type: 'system-assigned' },
  };
}
