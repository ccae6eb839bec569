// VM fixtures for the VM tests: a VM seeded in the simulator (the action never creates VMs) that
// already carries a user-assigned identity the action does not manage.
import type { Simulator } from '../../simulator/server.js';
import { seedVm } from '../../simulator/arm/index.js';
import { getResource } from '../../simulator/arm/common.js';
import { armFetch, rgPath } from './arm.js';

export const VM_RG = 'rg-vm';

export interface SeededVm {
  name: string;
  /** resource id of the identity the VM had before the action ran */
  otherIdentityId: string;
  otherPrincipalId: string;
}

/** Creates the user-assigned identity `other-id` through ARM, then a VM that has it attached. */
export async function seedVmWithOtherIdentity(
  sim: Simulator,
  o: { name: string; os: 'Windows' | 'Linux'; rg?: string; tags?: Record<string, string>; pwsh?: boolean },
): Promise<SeededVm> {
  const rg = o.rg ?? VM_RG;
  await armFetch(sim, 'PUT', rgPath(sim, rg), { apiVersion: '2025-04-01', body: { location: 'westeurope' } });
  const uai = await armFetch(
    sim,
    'PUT',
    `${rgPath(sim, rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other-id-${o.name}`,
    { apiVersion: '2024-11-30', body: { location: 'westeurope' } },
  );
  if (uai.status >= 300) throw new Error(`identity PUT answered ${uai.status}: ${uai.text}`);
  const id = uai.json.id as string;
  const vm = seedVm(sim.sim, {
    rg,
    name: o.name,
    os: o.os,
    location: 'westeurope',
    pwsh: o.pwsh,
    identity: { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } },
  });
  if (o.tags) getResource(sim.sim, vm.id)!.tags = { ...o.tags };
  return { name: o.name, otherIdentityId: id, otherPrincipalId: uai.json.properties.principalId };
}

/** The VM as the simulator stores it. */
export function storedVm(sim: Simulator, name: string, rg = VM_RG): any {
  const id = `/subscriptions/${sim.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
  return getResource(sim.sim, id);
}
