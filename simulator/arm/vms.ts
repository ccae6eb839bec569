// Microsoft.Compute VMs (azure-specs README 2.4, vm-identity-and-runcommand.facts.json): VMs
// exist only when seeded (seedVm); GET, PATCH identity (Updating, then Succeeded through an
// Azure-AsyncOperation), POST runCommand (202 + Location; final RunCommandResult).
import { randomUUID } from 'node:crypto';
import { armError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import {
  API_VERSIONS,
  arm,
  getResource,
  guard,
  isoNow,
  putResource,
  requireObject,
  requireRg,
  resourceNotFound,
  view,
} from './common.js';
import { exoContext } from './exo-context.js';
import { applyIdentity, type IdentityRequest } from './identity-model.js';
import { acceptedHeaders, createOperation, newOperationId } from './operations.js';
import { defaultModules, runVmCommand, type InstalledModules } from './vm-runner.js';

const TYPE = 'Microsoft.Compute/virtualMachines';
const VM = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Compute/virtualMachines/:vm';

export interface SeedVmOptions {
  rg: string;
  name: string;
  os: 'Windows' | 'Linux';
  location?: string;
  /** e.g. { type: 'SystemAssigned' } or { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } } */
  identity?: IdentityRequest;
  /** modules installed on the VM (default: what the OS ships) */
  modules?: InstalledModules;
  /** Linux: whether PowerShell 7 (pwsh) is installed (default true) */
  pwsh?: boolean;
}

/** Puts a VM into the state (creating its resource group when missing). Returns the stored VM. */
export function seedVm(sim: Sim, o: SeedVmOptions): ArmResource {
  const sub = sim.state.subscriptionId;
  const location = o.location ?? 'eastus';
  const rgKey = `/subscriptions/${sub}/resourceGroups/${o.rg}`;
  const rg =
    getResource(sim, rgKey) ??
    putResource(sim, {
      id: rgKey,
      name: o.rg,
      type: 'Microsoft.Resources/resourceGroups',
      location,
      properties: { provisioningState: 'Succeeded' },
      sim: {},
    });
  const windows = o.os === 'Windows';
  const vm: ArmResource = {
    id: `${rg.id}/providers/${TYPE}/${o.name}`,
    name: o.name,
    type: TYPE,
    location,
    tags: {},
    properties: {
      vmId: randomUUID(),
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        imageReference: windows
          ? {
              publisher: 'MicrosoftWindowsServer',
              offer: 'WindowsServer',
              sku: '2022-datacenter-azure-edition',
              version: 'latest',
            }
          : { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        osDisk: {
          osType: o.os,
          name: `${o.name}_OsDisk_1`,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Premium_LRS' },
          diskSizeGB: windows ? 127 : 30,
        },
        dataDisks: [],
      },
      osProfile: {
        computerName: o.name,
        adminUsername: 'azureuser',
        ...(windows
          ? { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true } }
          : { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } }),
        secrets: [],
      },
      provisioningState: 'Succeeded',
      timeCreated: isoNow(sim),
    },
    sim: { modules: o.modules ?? defaultModules(o.os), ...(o.pwsh === false ? { pwsh: false } : {}) },
  };
  if (o.identity) applyIdentity(sim, vm, o.identity, 'put');
  return putResource(sim, vm);
}

function ids(req: SimRequest) {
  return `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/${TYPE}/${req.params.vm}`;
}

function findVm(req: SimRequest, sim: Sim): ArmResource {
  requireRg(sim, req.params.sub, req.params.rg);
  const r = getResource(sim, ids(req));
  if (!r) throw resourceNotFound(`${TYPE}/${req.params.vm}`, req.params.rg);
  return r;
}

const opts = (req: SimRequest, action: string) => ({
  versions: API_VERSIONS.compute,
  apiType: 'virtualMachines',
  id: ids(req),
  action,
});

function operationPath(sim: Sim, vm: ArmResource): string {
  const loc = String(vm.location ?? 'eastus')
    .replace(/\s+/g, '')
    .toLowerCase();
  return `/subscriptions/${sim.state.subscriptionId}/providers/Microsoft.Compute/locations/${loc}/operations/${newOperationId()}`;
}

export function registerVms(router: Router): void {
  router.add(
    'GET',
    VM,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, `${TYPE}/read`));
      return { status: 200, body: view(findVm(req, sim)) };
    }),
  );

  router.add(
    'PATCH',
    VM,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, opts(req, `${TYPE}/write`));
      const existing = findVm(req, sim);
      const body = requireObject(req.json(), 'parameters');
      const vm = structuredClone(existing);
      if (body.tags) vm.tags = body.tags;
      if (body.identity) applyIdentity(sim, vm, body.identity, 'patch');
      vm.properties = { ...vm.properties, provisioningState: 'Updating' };
      vm.sim = { ...vm.sim, updatingUntil: sim.now() + sim.state.config.lroMs };
      putResource(sim, vm);
      const url = createOperation(req, sim, operationPath(sim, vm), apiVersion, { mode: 'async' });
      return {
        status: 200,
        headers: { 'Azure-AsyncOperation': url, 'Retry-After': String(sim.state.config.retryAfterSeconds) },
        body: view(vm),
      };
    }),
  );

  router.add(
    'POST',
    `${VM}/runCommand`,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, opts(req, `${TYPE}/runCommand/action`));
      const vm = findVm(req, sim);
      const body = requireObject(req.json(), 'parameters');
      const os = vm.properties?.storageProfile?.osDisk?.osType === 'Linux' ? 'Linux' : 'Windows';
      const commandId = String(body.commandId ?? '');
      const expected = os === 'Windows' ? 'RunPowerShellScript' : 'RunShellScript';
      if (commandId.toLowerCase() !== expected.toLowerCase()) {
        throw armError(
          409,
          'OperationNotAllowed',
          `The command '${commandId}' is not supported for a ${os} virtual machine. Use '${expected}'.`,
        );
      }
      const script: string[] = Array.isArray(body.script) ? body.script.map(String) : [];
      const result = runVmCommand({
        commandId,
        os,
        script,
        installed: vm.sim?.modules ?? defaultModules(os),
        gallery: sim.state.gallery,
        exo: exoContext(sim, vm, false),
        pwsh: vm.sim?.pwsh !== false,
      });
      vm.sim = { ...vm.sim, modules: result.installed };
      const final = {
        status: 200,
        body: {
          value: [
            {
              code: 'ComponentStatus/StdOut/succeeded',
              level: 'Info',
              displayStatus: 'Provisioning succeeded',
              message: result.stdout,
            },
            {
              code: 'ComponentStatus/StdErr/succeeded',
              level: 'Info',
              displayStatus: 'Provisioning succeeded',
              message: result.stderr,
            },
          ],
        },
      };
      const location = createOperation(req, sim, operationPath(sim, vm), apiVersion, { mode: 'location', final });
      return { status: 202, headers: acceptedHeaders(sim, location) };
    }),
  );
}
