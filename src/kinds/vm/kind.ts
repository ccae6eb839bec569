// resource-type vm: the VM's managed identity. The action never creates a VM; it enables the
// system-assigned identity or attaches the user-assigned one with a PATCH that carries every
// identity the VM already has (a PATCH to "SystemAssigned" alone would drop user-assigned ones).
import type { Vm } from '../../clients/compute.js';
import { ConfigError } from '../../errors.js';
import { requiredPackages } from '../../compat.js';
import { vmModuleVersion } from '../../engine/desired.js';
import type { ApplyContext, Desired, DesiredPackage, EngineChange, ResourceKind } from '../../engine/types.js';
import { combinedIdentity, identitySatisfied, type IdentityBody } from '../automation-account.js';
import { createdHolderOutputs, holderOutputs, observeClientId } from '../identity-holder.js';
import type { HolderOutputs } from '../names.js';
import { RESOURCE_GROUP, USER_ASSIGNED_IDENTITY, VM, OBSERVED } from '../names.js';
import { groupExists } from '../resource-group.js';
import { holderNeeds } from '../identity-needs.js';

/**
 * resource-type vm: the VM (never created by the action) and the module installed on it through
 * Run Command. One installation serves every runtime in `runtime-versions` (see vm-module.ts).
 */
export interface DesiredVm {
  name: string;
  /** ExchangeOnlineManagement version: runs on every runtime listed in runtime-versions */
  moduleVersion: string;
  /** what Windows PowerShell 5.1 needs first (PackageManagement, PowerShellGet); Windows VMs only */
  windowsPackages: DesiredPackage[];
}

declare module '../../engine/types.js' {
  interface Desired {
    /** set when resourceType is vm */
    vm?: DesiredVm;
  }
}

export interface ObservedVm {
  vm?: Vm;
  /** a system-assigned identity's client id (read beside the observation) */
  clientId?: Promise<string | undefined>;
}

export function vmName(desired: Desired): string {
  if (!desired.vm) throw new Error('the vm kind runs only with resource-type vm');
  return desired.vm.name;
}

export function vmMissingError(desired: Desired): ConfigError {
  return new ConfigError([
    `vm-name: VM "${vmName(desired)}" does not exist in resource group "${desired.resourceGroup}" (resource-group) ` +
      `of subscription ${desired.subscriptionId}; this action does not create VMs: create the VM first, or fix vm-name / resource-group`,
  ]);
}

export function diffVm(desired: Desired, observed: ObservedVm): EngineChange<{ identity: IdentityBody }>[] {
  const { vm } = observed;
  if (!vm) throw vmMissingError(desired);
  if (identitySatisfied(desired, vm.identity)) return [];
  const identity = combinedIdentity(desired, vm.identity);
  const before = vm.identity?.type ?? 'None';
  const kept = Object.keys(vm.identity?.userAssignedIdentities ?? {}).length;
  const keeps = kept ? `; keeps its ${kept} other user-assigned identit${kept === 1 ? 'y' : 'ies'}` : '';
  const types = before === identity.type ? `identity stays ${before}` : `identity ${before} -> ${identity.type}`;
  return [
    {
      kind: VM,
      name: vm.name || vmName(desired),
      action: 'update',
      reason:
        desired.identity.type === 'system-assigned'
          ? `enable the system-assigned identity (${types}${keeps})`
          : `attach user-assigned identity ${desired.identity.name} (${types}${keeps})`,
      before: { identity: before },
      after: { identity },
      data: { identity },
    },
  ];
}

export const vmKind: ResourceKind<ObservedVm, { identity: IdentityBody }, HolderOutputs> = {
  kind: VM,
  desire: ({ inputs, gallery }) =>
    inputs.resourceType === 'vm'
      ? {
          vm: {
            name: inputs.vmName!,
            moduleVersion: vmModuleVersion(inputs, gallery),
            windowsPackages: requiredPackages('5.1').map((p) => ({ name: p.name, version: p.version })),
          },
        }
      : {},
  enabled: (d) => d.resourceType === 'vm',
  dependsOn: (d) => (d.identity.type === 'user-assigned' ? [RESOURCE_GROUP, USER_ASSIGNED_IDENTITY] : [RESOURCE_GROUP]),
  permissions: {
    armRead: (at) => [
      { scope: at.scopeOf(at.desired.resourceGroup), action: 'Microsoft.Compute/virtualMachines/read' },
    ],
    armWrite: (_c, at) => holderNeeds(at, 'Microsoft.Compute/virtualMachines/write'),
  },
  async observe(ctx) {
    const groups = await ctx.get(OBSERVED.resourceGroups);
    if (!groupExists(groups, ctx.desired.resourceGroup)) return {};
    const vm = await ctx.clients.compute.getVm(ctx.desired.resourceGroup, vmName(ctx.desired));
    return { vm, clientId: observeClientId(ctx.clients.graph, ctx.desired, vm?.identity) };
  },
  outputs: (observed, desired) => holderOutputs(observed.vm, observed.clientId, desired),
  diff: diffVm,
  async apply(change: EngineChange<{ identity: IdentityBody }>, ctx: ApplyContext) {
    const { identity } = change.data;
    const vm = await ctx.clients.compute.updateVm(ctx.desired.resourceGroup, vmName(ctx.desired), { identity });
    return createdHolderOutputs(ctx, vm.location, vm.identity);
  },
};
