// resource-type vm end to end: dist/index.js run as the runner runs it against the simulator, for
// a VM that already carries a user-assigned identity the action does not manage.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, log, writesSince } from '../helpers/e2e.js';
import { seedVmWithOtherIdentity, storedVm, VM_RG } from '../helpers/vm.js';

const ORG = 'contoso.onmicrosoft.com';
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';

function vmInputs(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'resource-type': 'vm',
    'automation-account': '',
    'vm-name': name,
    'resource-group': VM_RG,
    ...extra,
  };
}

function grantsOf(sim: Simulator, principalId: string) {
  const g = sim.sim.state.graph;
  return {
    appRoles: g.appRoleAssignments.filter((a) => a.principalId === principalId).map((a) => a.appRoleId),
    roles: g.roleAssignments.filter((a) => a.principalId === principalId).map((a) => a.roleDefinitionId),
  };
}

describe.each([
  ['Windows', 'system-assigned'],
  ['Linux', 'user-assigned'],
  ['Windows', 'user-assigned'],
] as const)('a %s VM with a %s identity', (os, identityType) => {
  let sim: Simulator;
  const name = `vm-${os.toLowerCase()}-${identityType.split('-')[0]}`;
  const extra: Record<string, string> =
    identityType === 'user-assigned' ? { 'identity-type': 'user-assigned', 'identity-name': 'id-exo-vm' } : {};
  let seeded: Awaited<ReturnType<typeof seedVmWithOtherIdentity>>;

  beforeAll(async () => {
    sim = await startTestSimulator();
    seeded = await seedVmWithOtherIdentity(sim, { name, os, tags: { owner: 'team-a' } });
  });
  afterAll(() => sim.close());

  test('converges; the second apply writes nothing; the other identity survives; the summary has the exact line', async () => {
    const plan = await act(sim, vmInputs(name, { ...extra, mode: 'plan' }));
    expect(log(plan)).not.toMatch(/^::error/m);
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.outputs.plan).changes;
    expect(planned.map((c: { kind: string }) => c.kind)).toEqual(expect.arrayContaining(['vm', 'vm-module']));
    expect(planned.find((c: { kind: string }) => c.kind === 'vm-module').reason).toMatch(
      /not observable without running a command/,
    );
    expect(planned.map((c: { kind: string }) => c.kind)).not.toContain('automation-account');

    const first = await act(sim, vmInputs(name, extra));
    expect(log(first)).not.toMatch(/^::error/m);
    expect(first.code).toBe(0);
    expect(first.outputs.drift).toBe('true');
    const principalId = first.outputs['principal-id'];
    const clientId = first.outputs['client-id'];
    expect(principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);

    const vm = storedVm(sim, name);
    // the identity the action did not manage is still attached, next to the action's
    const attached = Object.keys(vm.identity.userAssignedIdentities ?? {}).map((k) => k.toLowerCase());
    expect(attached).toContain(seeded.otherIdentityId.toLowerCase());
    if (identityType === 'system-assigned') {
      expect(vm.identity.type).toBe('SystemAssigned, UserAssigned');
      expect(vm.identity.principalId).toBe(principalId);
    } else {
      expect(vm.identity.type).toBe('UserAssigned');
      expect(attached).toHaveLength(2);
    }
    // the module is installed and recorded; other tags are kept
    expect(vm.sim.modules.ExchangeOnlineManagement).toHaveLength(1);
    expect(vm.tags).toMatchObject({ owner: 'team-a', 'exo-automation:module': expect.any(String) });
    if (os === 'Windows') expect(vm.sim.modules.PowerShellGet).toContain('2.2.5');
    // Entra: the action's identity holds the grants; the other identity got none
    expect(grantsOf(sim, principalId)).toEqual({ appRoles: [MANAGE_AS_APP], roles: [EXCHANGE_ADMIN] });
    expect(grantsOf(sim, seeded.otherPrincipalId)).toEqual({ appRoles: [], roles: [] });

    const line =
      identityType === 'system-assigned'
        ? `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}`
        : `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ManagedIdentityAccountId ${clientId}`;
    expect(first.summary).toContain(line);
    if (identityType === 'user-assigned')
      expect(first.summary).not.toContain(`-ManagedIdentityAccountId ${principalId}`);

    const mark = sim.requests.length;
    const second = await act(sim, vmInputs(name, extra));
    expect(second.code).toBe(0);
    expect(second.outputs.changes).toBe('0');
    expect(second.outputs.drift).toBe('false');
    expect(writesSince(sim, mark)).toEqual([]);
    expect(second.summary).toContain('No changes.');
    expect(second.summary).toContain(line);
    expect(second.outputs['principal-id']).toBe(principalId);
    expect(second.outputs['client-id']).toBe(clientId);
  });

  test('smoke test: the connect line and Get-AcceptedDomain run on the VM', async () => {
    const run = await act(sim, vmInputs(name, { ...extra, 'smoke-test': 'true' }));
    expect(log(run)).not.toMatch(/^::error/m);
    expect(run.outputs['smoke-test']).toBe('passed');
    expect(run.summary).toContain('contoso.com');
  });
});

describe('failures', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
    await seedVmWithOtherIdentity(sim, { name: 'vm-present', os: 'Windows' });
    await seedVmWithOtherIdentity(sim, { name: 'vm-no-pwsh', os: 'Linux', pwsh: false });
  });

  test("a failed install fails the step with the script's error stream, in the log and the summary", async () => {
    const run = await act(sim, vmInputs('vm-no-pwsh'));
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(/::error::.*Installing ExchangeOnlineManagement/);
    expect(log(run)).toMatch(/pwsh \(PowerShell 7\) is not installed on this VM/);
    expect(run.summary).toMatch(/pwsh \(PowerShell 7\) is not installed on this VM/);
    expect(storedVm(sim, 'vm-no-pwsh').tags['exo-automation:module']).toBeUndefined();
  });
  afterAll(() => sim.close());

  test('fails with an error naming vm-name and the resource group, and writes nothing', async () => {
    const mark = sim.requests.length;
    const run = await act(sim, vmInputs('vm-absent'));
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(/vm-name: VM "vm-absent" does not exist in resource group "rg-vm"/);
    expect(log(run)).toMatch(/does not create VMs/);
    expect(writesSince(sim, mark)).toEqual([]);
  });
});
