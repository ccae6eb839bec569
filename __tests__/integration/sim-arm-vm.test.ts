// VMs with the real @azure/arm-compute client: identity PATCH as an LRO (Updating, then
// Succeeded) and run commands that install the module and connect to Exchange Online.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComputeManagementClient } from '@azure/arm-compute';
import type { Simulator } from '../../simulator/server.js';
import { seedVm } from '../../simulator/arm/index.js';
import { EXCHANGE_APP_ID } from '../../simulator/ids.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armCredential } from '../helpers/tokens.js';
import { armFetch, rgPath } from '../helpers/arm.js';

let sim: Simulator;
let compute: ComputeManagementClient;
const RG = 'rg-vm';
const fast = { updateIntervalInMs: 10 };

beforeAll(async () => {
  sim = await startTestSimulator({ config: { lroMs: 40, retryAfterSeconds: 0 } });
  compute = new ComputeManagementClient(armCredential(sim), sim.subscriptionId, {
    endpoint: sim.url,
    updateIntervalInMs: 10,
  } as any);
  seedVm(sim.sim, { rg: RG, name: 'win-vm', os: 'Windows' });
  seedVm(sim.sim, { rg: RG, name: 'lnx-vm', os: 'Linux', identity: { type: 'SystemAssigned' } });
});
afterAll(async () => {
  await sim.close();
});

function grantAll(principalId: string) {
  const g = sim.sim.state.graph;
  const exo = g.servicePrincipals.find((s) => s.appId === EXCHANGE_APP_ID)!;
  g.appRoleAssignments.push({
    id: `ara-${principalId}`,
    appRoleId: 'dc50a0fb-09a3-484d-be87-e023b12c6440',
    principalId,
    principalDisplayName: 'vm',
    principalType: 'ServicePrincipal',
    resourceId: exo.id,
    resourceDisplayName: exo.displayName,
    createdDateTime: new Date().toISOString(),
    deletedDateTime: null,
  });
  g.roleAssignments.push({
    id: `ra-${principalId}`,
    principalId,
    roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    directoryScopeId: '/',
  });
}

describe('VMs', () => {
  it('GET of a seeded VM; 404 for one that was never seeded', async () => {
    const vm = await compute.virtualMachines.get(RG, 'win-vm');
    expect(vm.storageProfile?.osDisk?.osType).toBe('Windows');
    expect(vm.identity).toBeUndefined();
    await expect(compute.virtualMachines.get(RG, 'nope')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('PATCH identity answers Updating with Azure-AsyncOperation, then Succeeded', async () => {
    const raw = await armFetch(sim, 'PATCH', `${rgPath(sim, RG)}/providers/Microsoft.Compute/virtualMachines/win-vm`, {
      apiVersion: '2025-04-01',
      body: { identity: { type: 'SystemAssigned' } },
    });
    expect(raw.status).toBe(200);
    expect(raw.json.properties.provisioningState).toBe('Updating');
    expect(raw.headers.get('azure-asyncoperation')).toMatch(
      /\/providers\/Microsoft\.Compute\/locations\/eastus\/operations\//,
    );
    const updated = await compute.virtualMachines
      .update(RG, 'win-vm', { identity: { type: 'SystemAssigned' } }, fast)
      .pollUntilDone();
    expect(updated.provisioningState).toBe('Succeeded');
    expect(updated.identity?.principalId).toBe(raw.json.identity.principalId);
    expect(sim.sim.state.graph.servicePrincipals.find((s) => s.id === updated.identity?.principalId)?.displayName).toBe(
      'win-vm',
    );
  });

  it('runCommand (RunPowerShellScript): install the module, connect, list domains', async () => {
    const vm = await compute.virtualMachines.get(RG, 'win-vm');
    grantAll(vm.identity!.principalId!);
    const result = await compute.virtualMachines
      .runCommand(
        RG,
        'win-vm',
        {
          commandId: 'RunPowerShellScript',
          script: [
            'Install-Module -Name ExchangeOnlineManagement -Force -Scope AllUsers',
            'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com',
            'Get-AcceptedDomain | Format-Table Name',
          ],
        },
        fast,
      )
      .pollUntilDone();
    expect(result.value?.map((v) => v.code)).toEqual([
      'ComponentStatus/StdOut/succeeded',
      'ComponentStatus/StdErr/succeeded',
    ]);
    expect(result.value?.[0].message).toContain('contoso.com');
    expect(result.value?.[1].message).toBe('');
    const again = await compute.virtualMachines
      .runCommand(
        RG,
        'win-vm',
        {
          commandId: 'RunPowerShellScript',
          script: ['Get-InstalledModule ExchangeOnlineManagement'],
        },
        fast,
      )
      .pollUntilDone();
    expect(again.value?.[0].message).toContain('ExchangeOnlineManagement');
  });

  it('runCommand on Linux (pwsh -c) without the module: the cmdlet is not recognized', async () => {
    const raw = await armFetch(
      sim,
      'POST',
      `${rgPath(sim, RG)}/providers/Microsoft.Compute/virtualMachines/lnx-vm/runCommand`,
      {
        apiVersion: '2026-04-01',
        body: {
          commandId: 'RunShellScript',
          script: [`pwsh -c "Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com"`],
        },
      },
    );
    expect(raw.status).toBe(202);
    const location = raw.headers.get('location')!;
    let done = await armFetch(sim, 'GET', location);
    while (done.status === 202) done = await armFetch(sim, 'GET', location);
    expect(done.status).toBe(200);
    expect(done.json.value[1].message).toContain("The term 'Connect-ExchangeOnline' is not recognized");
  });
});
