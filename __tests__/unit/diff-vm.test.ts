// resource-type vm: desired state, the identity diff (nothing the VM has is dropped), the module
// diff (tag-recorded state; nothing observable otherwise), and which kinds run.
import { describe, expect, it } from '@jest/globals';
import type { Vm } from '../../src/clients/compute.js';
import { buildDesired } from '../../src/engine/desire.js';
import { vmModuleVersion } from '../../src/engine/desired.js';
import { armNeeds } from '../../src/engine/preflight.js';
import { kindGraph, KINDS } from '../../src/engine/registry.js';
import { ConfigError } from '../../src/errors.js';
import { identityKindOf } from '../../src/kinds/principal.js';
import { diffVm } from '../../src/kinds/vm/kind.js';
import { diffVmModule, TAG_MODULE } from '../../src/kinds/vm/module.js';
import { inputs, SUB } from './engine-fixtures.js';

const OTHER = `/subscriptions/${SUB}/resourceGroups/rg-vm/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other`;
const OURS = `/subscriptions/${SUB}/resourceGroups/rg-vm/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-exo`;

const vmDesired = (o: Parameters<typeof inputs>[0] = {}) =>
  buildDesired(
    inputs({ resourceType: 'vm', automationAccount: undefined, vmName: 'vm1', resourceGroup: 'rg-vm', ...o }),
    undefined,
  );
const uaDesired = (o: Parameters<typeof inputs>[0] = {}) =>
  vmDesired({ identityType: 'user-assigned', identityName: 'id-exo', identityResourceGroup: 'rg-vm', ...o });

function vm(identity?: Vm['identity'], tags: Record<string, string> = {}, os: Vm['os'] = 'Windows'): Vm {
  return { id: 'x', name: 'vm1', location: 'westeurope', os, identity, tags };
}

describe('buildDesired for a VM', () => {
  it('accepts resource-type vm and carries the VM, one module version and the 5.1 packages', () => {
    const d = vmDesired();
    expect(d.resourceType).toBe('vm');
    expect(d.vm).toEqual({
      name: 'vm1',
      moduleVersion: '3.9.2',
      windowsPackages: [
        { name: 'PackageManagement', version: '1.4.8.1' },
        { name: 'PowerShellGet', version: '2.2.5' },
      ],
    });
  });

  it("'latest' on a VM is the newest version every listed runtime can run (7.4 stops at 3.9.x)", () => {
    const gallery = ['3.8.0', '3.9.2', '3.10.0', '3.11.0-Preview1'].map((version) => ({
      version,
      prerelease: version.includes('-'),
    }));
    const i = inputs({ resourceType: 'vm', vmName: 'vm1', moduleVersion: 'latest' });
    expect(vmModuleVersion({ ...i, runtimeVersions: ['7.6'] }, gallery)).toBe('3.10.0');
    expect(vmModuleVersion({ ...i, runtimeVersions: ['7.6', '7.4'] }, gallery)).toBe('3.9.2');
    expect(vmModuleVersion({ ...i, runtimeVersions: ['5.1', '7.6'] }, gallery)).toBe('3.10.0');
  });

  it('refuses a VM without vm-name', () => {
    expect(() => vmDesired({ vmName: undefined })).toThrow(/vm-name/);
  });
});

describe('diffVm', () => {
  it('a missing VM is an error naming vm-name and the resource group (the action never creates VMs)', () => {
    const run = () => diffVm(vmDesired(), {});
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/vm-name: VM "vm1" does not exist in resource group "rg-vm"/);
    expect(run).toThrow(/does not create VMs/);
  });

  it('no change when the system-assigned identity is on (with or without user-assigned ones)', () => {
    expect(diffVm(vmDesired(), { vm: vm({ type: 'SystemAssigned', principalId: 'p' }) })).toEqual([]);
    expect(
      diffVm(vmDesired(), {
        vm: vm({ type: 'SystemAssigned, UserAssigned', principalId: 'p', userAssignedIdentities: { [OTHER]: {} } }),
      }),
    ).toEqual([]);
  });

  it('enabling system-assigned keeps the user-assigned identities the VM has (the PATCH trap)', () => {
    const [c] = diffVm(vmDesired(), { vm: vm({ type: 'UserAssigned', userAssignedIdentities: { [OTHER]: {} } }) });
    expect(c).toMatchObject({ kind: 'vm', name: 'vm1', action: 'update' });
    expect(c.after).toEqual({
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [OTHER]: {} } },
    });
    expect(c.reason).toMatch(/keeps its 1 other user-assigned identity/);
  });

  it('enabling system-assigned on a VM without identity sends SystemAssigned alone', () => {
    const [c] = diffVm(vmDesired(), { vm: vm(undefined) });
    expect(c.after).toEqual({ identity: { type: 'SystemAssigned' } });
    expect(c.reason).toMatch(/None -> SystemAssigned/);
  });

  it('attaching user-assigned keeps the system identity and the other user-assigned ones', () => {
    const [c] = diffVm(uaDesired(), {
      vm: vm({ type: 'SystemAssigned, UserAssigned', principalId: 'p', userAssignedIdentities: { [OTHER]: {} } }),
    });
    expect(c.after).toEqual({
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [OTHER]: {}, [OURS]: {} } },
    });
    const [d] = diffVm(uaDesired(), { vm: vm({ type: 'SystemAssigned', principalId: 'p' }) });
    expect(d.after).toEqual({
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [OURS]: {} } },
    });
  });

  it('an attached user-assigned identity matches case-insensitively: no change', () => {
    expect(
      diffVm(uaDesired(), { vm: vm({ type: 'UserAssigned', userAssignedIdentities: { [OURS.toLowerCase()]: {} } }) }),
    ).toEqual([]);
  });
});

describe('diffVmModule', () => {
  const observed = (recorded?: string, os: Vm['os'] = 'Windows') => ({ exists: true, os, recorded });

  it('nothing recorded: a create that says the state is not observable without running a command', () => {
    const [c] = diffVmModule(vmDesired(), observed());
    expect(c).toMatchObject({ kind: 'vm-module', name: 'ExchangeOnlineManagement', action: 'create' });
    expect(c.reason).toMatch(/not observable without running a command/);
    expect(c.reason).toMatch(/RunPowerShellScript/);
    expect(c.after).toEqual({ version: '3.9.2', os: 'Windows' });
  });

  it('Linux VMs get RunShellScript with pwsh', () => {
    expect(diffVmModule(vmDesired(), observed(undefined, 'Linux'))[0].reason).toMatch(/RunShellScript with pwsh/);
  });

  it('the recorded version is the wanted one: no change; another version: an update', () => {
    expect(diffVmModule(vmDesired(), observed('3.9.2'))).toEqual([]);
    const [c] = diffVmModule(vmDesired(), observed('3.8.0'));
    expect(c).toMatchObject({ action: 'update', before: { version: '3.8.0' } });
    expect(c.reason).toMatch(new RegExp(`3\\.8\\.0 recorded on the VM \\(tag ${TAG_MODULE}\\); want 3\\.9\\.2`));
  });

  it('5.1 on a Linux VM is an input error; on Windows it is fine', () => {
    expect(() => diffVmModule(vmDesired({ runtimeVersions: ['5.1'] }), observed(undefined, 'Linux'))).toThrow(
      /runtime-versions: 5\.1 is Windows PowerShell/,
    );
    expect(diffVmModule(vmDesired({ runtimeVersions: ['5.1'] }), observed('3.9.2'))).toEqual([]);
  });

  it('a missing VM: no module change (the vm kind reports it)', () => {
    expect(diffVmModule(vmDesired(), { exists: false })).toEqual([]);
  });
});

describe('kinds for a VM', () => {
  it('vm and vm-module run; the Automation kinds do not; the Entra kinds do', () => {
    const kinds = [...kindGraph(KINDS, vmDesired()).depth.keys()];
    expect(kinds).toEqual(
      expect.arrayContaining([
        'resource-group',
        'vm',
        'vm-module',
        'exchange-service-principal',
        'app-role-assignment',
        'directory-role-assignment',
      ]),
    );
    for (const k of ['automation-account', 'runtime-environment', 'package', 'runbook', 'user-assigned-identity']) {
      expect(kinds).not.toContain(k);
    }
    expect([...kindGraph(KINDS, uaDesired()).depth.keys()]).toContain('user-assigned-identity');
  });

  it('the Automation account run has no VM kinds', () => {
    const kinds = [...kindGraph(KINDS, buildDesired(inputs(), undefined)).depth.keys()];
    expect(kinds).toContain('automation-account');
    expect(kinds).not.toContain('vm');
    expect(kinds).not.toContain('vm-module');
  });

  it('order: vm after the identity, vm-module after vm; the principal comes from the VM (system) or the identity', () => {
    const l = kindGraph(KINDS, uaDesired()).depth;
    expect(l.get('vm')!).toBeGreaterThan(l.get('user-assigned-identity')!);
    expect(l.get('vm-module')!).toBeGreaterThan(l.get('vm')!);
    expect(identityKindOf(vmDesired())).toBe('vm');
    expect(identityKindOf(uaDesired())).toBe('user-assigned-identity');
  });
});

describe('permissions a VM plan needs (preflight)', () => {
  it('reads the VM; writes it, runs commands on it and assigns the user-assigned identity', () => {
    const d = uaDesired();
    const groups = [{ name: 'rg-vm', exists: true }];
    const rg = `/subscriptions/${SUB}/resourcegroups/rg-vm`;
    expect(armNeeds(d, groups, [], false)).toEqual([{ scope: rg, action: 'Microsoft.Compute/virtualMachines/read' }]);
    const changes = [...diffVm(d, { vm: vm(undefined) }), ...diffVmModule(d, { exists: true, os: 'Windows' })];
    expect(armNeeds(d, groups, changes, true).map((n) => n.action)).toEqual([
      'Microsoft.Compute/virtualMachines/read',
      'Microsoft.Compute/virtualMachines/write',
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
      'Microsoft.Compute/virtualMachines/runCommand/action',
    ]);
  });
});
