// resource-type vm through the engine with the real clients (@azure/arm-compute among them) over
// HTTPS to the simulator: plan writes nothing and runs no command; apply converges and keeps every
// identity and tag the VM had; a failed install shows the script's error stream; plan clients
// cannot write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createReadClients, createWriteClients } from '../../src/clients/index.js';
import { runVmSmokeTest } from '../../src/smoke/vm.js';
import { silentLogger } from '../../src/engine/types.js';
import { AzureError, ConfigError } from '../../src/errors.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { seedVmWithOtherIdentity, storedVm, VM_RG } from '../helpers/vm.js';
import { simInputs } from '../helpers/inputs.js';
import { lastSeq, replicated, resetState, run, simCredential, writesSince } from './engine-helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => resetState(sim));

const VM_INPUTS = {
  resourceType: 'vm' as const,
  automationAccount: undefined,
  vmName: 'vm1',
  resourceGroup: VM_RG,
  identityResourceGroup: VM_RG,
};
const UA = { ...VM_INPUTS, identityType: 'user-assigned' as const, identityName: 'id-exo' };

const kinds = (r: { plan: { changes: { kind: string }[] } }) => r.plan.changes.map((c) => c.kind);

describe('a Windows VM, system-assigned', () => {
  it('plan: no write and no run command; apply: identity, grants and module; again: nothing', async () => {
    const seeded = await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Windows', tags: { owner: 'team-a' } });
    let mark = lastSeq(sim);
    const plan = await run(sim, 'plan', VM_INPUTS);
    expect(writesSince(sim, mark)).toEqual([]);
    expect(sim.requests.some((r) => /runCommand/i.test(r.path))).toBe(false);
    // the Exchange SP exists in the default tenant; the module is planned without running anything
    expect(kinds(plan).sort()).toEqual(['app-role-assignment', 'directory-role-assignment', 'vm', 'vm-module']);
    expect(plan.plan.changes.find((c) => c.kind === 'vm-module')!.reason).toMatch(
      /not observable without running a command/,
    );

    mark = lastSeq(sim);
    const applied = await run(sim, 'apply', VM_INPUTS);
    expect(kinds(applied).sort()).toEqual(['app-role-assignment', 'directory-role-assignment', 'vm', 'vm-module']);
    const writes = writesSince(sim, mark).filter((r) => r.service === 'arm');
    // identity PATCH, the run command, the tag PATCH: all with an api-version the SDK sends
    expect(writes.map((r) => `${r.method} ${r.path.replace(/.*\/virtualMachines\//, '')}`)).toEqual([
      'PATCH vm1',
      'POST vm1/runCommand',
      'PATCH vm1',
    ]);
    expect(writes.every((r) => /api-version=2026-04-01/.test(r.query))).toBe(true);

    const vm = storedVm(sim, 'vm1');
    expect(vm.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(Object.keys(vm.identity.userAssignedIdentities)).toEqual([seeded.otherIdentityId]);
    expect(applied.identity.principalId).toBe(vm.identity.principalId);
    expect(applied.identity.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.tags).toEqual({ owner: 'team-a', 'exo-automation:module': '3.9.2' });
    expect(vm.sim.modules).toMatchObject({
      ExchangeOnlineManagement: ['3.9.2'],
      PackageManagement: expect.arrayContaining(['1.4.8.1']),
      PowerShellGet: expect.arrayContaining(['2.2.5']),
    });

    await replicated(sim);
    mark = lastSeq(sim);
    const again = await run(sim, 'apply', VM_INPUTS);
    expect(again.plan.changes).toEqual([]);
    expect(writesSince(sim, mark)).toEqual([]);
    expect(again.identity.principalId).toBe(applied.identity.principalId);
  });
});

describe('a Linux VM, user-assigned', () => {
  it('attaches next to the identity it has, installs with pwsh; 5.1 is refused', async () => {
    const seeded = await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Linux' });
    await expect(run(sim, 'plan', { ...UA, runtimeVersions: ['5.1'] })).rejects.toThrow(ConfigError);
    const applied = await run(sim, 'apply', UA);
    expect(kinds(applied)).toContain('user-assigned-identity');
    const vm = storedVm(sim, 'vm1');
    expect(vm.identity.type).toBe('UserAssigned');
    const attached = Object.entries(vm.identity.userAssignedIdentities) as [string, { clientId: string }][];
    expect(attached.map(([id]) => id.toLowerCase())).toEqual([
      seeded.otherIdentityId.toLowerCase(),
      expect.stringMatching(/\/userassignedidentities\/id-exo$/),
    ]);
    expect(applied.identity.clientId).toBe(attached[1][1].clientId);
    expect(vm.sim.modules.ExchangeOnlineManagement).toEqual(['3.9.2']);

    await replicated(sim);
    const mark = lastSeq(sim);
    const again = await run(sim, 'apply', UA);
    expect(again.plan.changes).toEqual([]);
    expect(writesSince(sim, mark)).toEqual([]);
  });
});

describe('failures', () => {
  it('a failed install shows the error stream, records nothing, and the re-run tries again', async () => {
    await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Windows' });
    const err = await run(sim, 'apply', { ...VM_INPUTS, moduleVersion: '3.9.9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect((err as Error).message).toMatch(/Installing ExchangeOnlineManagement 3\.9\.9 on VM "vm1"/);
    expect((err as Error).message).toMatch(/No match was found for the specified search criteria/);
    expect(storedVm(sim, 'vm1').tags['exo-automation:module']).toBeUndefined();
    // the identity part was applied; the module is still planned
    const plan = await run(sim, 'plan', { ...VM_INPUTS, moduleVersion: '3.9.9' });
    expect(kinds(plan)).toContain('vm-module');
    expect(kinds(plan)).not.toContain('vm');
  });

  it("a Linux VM without pwsh: the step fails with the script's error stream", async () => {
    await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Linux', pwsh: false });
    const err = await run(sim, 'apply', VM_INPUTS).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /\(RunShellScript\) did not succeed: it reports no ExchangeOnlineManagement/,
    );
    expect((err as Error).message).toMatch(/pwsh \(PowerShell 7\) is not installed on this VM/);
  });

  it('a VM that is not there: an error naming it, nothing written', async () => {
    await seedVmWithOtherIdentity(sim, { name: 'other', os: 'Windows' });
    const mark = lastSeq(sim);
    await expect(run(sim, 'apply', VM_INPUTS)).rejects.toThrow(
      /vm-name: VM "vm1" does not exist in resource group "rg-vm"/,
    );
    expect(writesSince(sim, mark)).toEqual([]);
  });

  it("plan mode's compute client refuses writes before they leave the process", async () => {
    await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Windows' });
    const inputs = simInputs(sim, VM_INPUTS);
    const readers = createReadClients({
      endpoints: inputs.endpoints,
      subscriptionId: inputs.subscriptionId,
      credential: simCredential(sim, inputs),
    });
    expect((await readers.compute.getVm(VM_RG, 'vm1'))?.os).toBe('Windows');
    const compute = readers.compute as unknown as {
      updateVm: (...a: unknown[]) => Promise<unknown>;
      runCommand: (...a: unknown[]) => Promise<unknown>;
    };
    const mark = lastSeq(sim);
    await expect(compute.updateVm(VM_RG, 'vm1', { tags: {} })).rejects.toThrow(/read-only/);
    await expect(compute.runCommand(VM_RG, 'vm1', { commandId: 'RunPowerShellScript', script: [] })).rejects.toThrow(
      /read-only/,
    );
    expect(sim.requests.filter((r) => r.seq > mark && r.service === 'arm')).toEqual([]);
  });
});

describe('smoke test on a VM', () => {
  it('passes once converged, and fails with the cause when the app role is missing', async () => {
    await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Windows' });
    const applied = await run(sim, 'apply', VM_INPUTS);
    const inputs = simInputs(sim, VM_INPUTS);
    const { compute } = createWriteClients({
      endpoints: inputs.endpoints,
      subscriptionId: inputs.subscriptionId,
      credential: simCredential(sim, inputs),
      lroIntervalMs: 20,
    });
    const smoke = () =>
      runVmSmokeTest({
        compute,
        resourceGroup: VM_RG,
        vmName: 'vm1',
        organization: 'contoso.onmicrosoft.com',
        identity: applied.identity,
        log: silentLogger,
      });
    await replicated(sim);
    const mark = lastSeq(sim);
    const passed = await smoke();
    expect(passed).toMatchObject({ status: 'passed', detail: expect.stringContaining('VM vm1') });
    expect(passed.output).toContain('contoso.com');
    expect(
      sim.requests.filter((r) => r.seq > mark && r.method === 'POST' && r.path.endsWith('/vm1/runCommand')),
    ).toHaveLength(1);

    const g = sim.sim.state.graph;
    g.appRoleAssignments = g.appRoleAssignments.filter((a) => a.principalId !== applied.identity.principalId);
    const failed = await smoke();
    expect(failed.status).toBe('failed');
    expect(failed.output).toContain('UnAuthorized');
    expect(failed.detail).toMatch(
      /the VM's system-assigned identity .* does not hold the app role Exchange\.ManageAsApp/,
    );
  });
});
