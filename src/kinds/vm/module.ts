// resource-type vm: ExchangeOnlineManagement on the VM, installed through Run Command.
//
// What is installed on a VM cannot be read without running a command on it, and plan mode runs
// none. So the action records what a successful install reported in a VM tag
// (exo-automation:module = version) and compares with that: no tag (or another version) = a change
// that apply carries out by running the install script, which installs only what is missing.
// A module removed by hand later is not noticed while the tag stays (delete the tag to force a check).
//
// runtime-versions on a VM: the PowerShell versions the VM's scripts run under. One installation
// serves them all, at the newest version that runs on every listed runtime (7.4 stops at 3.9.x).
// Windows VMs: 5.1 = Windows PowerShell (Run Command's own host), 7.4/7.6 = PowerShell 7, which
// loads the same AllUsers module folder. Linux VMs: only 7.4/7.6 (pwsh must be installed); 5.1 is
// an input error.
import { AzureError, ConfigError } from '../../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../../engine/types.js';
import { EXO_MODULE, moduleCommand, newestFirst, parseModuleReport, type VmOs } from './scripts.js';
import { VM, VM_MODULE, OBSERVED } from '../names.js';
import { tagValue } from '../tags.js';
import { vmName } from './kind.js';

/** The VM tag that records the module version a successful install reported. */
export const TAG_MODULE = 'exo-automation:module';

export interface ObservedVmModule {
  exists: boolean;
  os?: VmOs;
  /** the recorded version, from the tag */
  recorded?: string;
}

/** What the Run Command installs, and on which OS. */
interface ModuleData {
  version: string;
  os: VmOs;
}

export function diffVmModule(desired: Desired, observed: ObservedVmModule): EngineChange<ModuleData>[] {
  if (!desired.vm || !observed.exists) return []; // the vm kind reports a missing VM
  const version = desired.vm.moduleVersion;
  if (observed.os === 'Linux' && desired.runtimes.some((r) => r.runtime === '5.1')) {
    throw new ConfigError([
      `runtime-versions: 5.1 is Windows PowerShell, which Linux VM "${desired.vm.name}" does not have; use 7.4 or 7.6 (PowerShell 7, pwsh)`,
    ]);
  }
  if (observed.recorded === version) return [];
  const command = observed.os === 'Linux' ? 'RunShellScript with pwsh' : 'RunPowerShellScript';
  const how = `apply runs Run Command (${command}) to install ${EXO_MODULE} ${version} for all users if it is missing`;
  return [
    {
      kind: VM_MODULE,
      name: EXO_MODULE,
      action: observed.recorded ? 'update' : 'create',
      reason: observed.recorded
        ? `${observed.recorded} recorded on the VM (tag ${TAG_MODULE}); want ${version}: ${how}`
        : `not observable without running a command (no install recorded in tag ${TAG_MODULE}); ${how}`,
      ...(observed.recorded ? { before: { version: observed.recorded } } : {}),
      after: { version, os: observed.os },
      // an observed VM always has an OS (src/clients/compute.ts: Windows unless it says Linux)
      data: { version, os: observed.os ?? 'Windows' },
    },
  ];
}

export const vmModuleKind: ResourceKind<ObservedVmModule, ModuleData> = {
  kind: VM_MODULE,
  enabled: (d) => d.resourceType === 'vm',
  dependsOn: () => [VM],
  permissions: {
    armWrite: (_c, at) =>
      ['Microsoft.Compute/virtualMachines/runCommand/action', 'Microsoft.Compute/virtualMachines/write'].map(
        (action) => ({
          scope: at.scopeOf(at.desired.resourceGroup),
          action,
        }),
      ),
  },
  async observe(ctx) {
    const { vm } = await ctx.get(OBSERVED.vm);
    if (!vm) return { exists: false };
    return { exists: true, os: vm.os, recorded: tagValue(vm.tags, TAG_MODULE) };
  },
  diff: diffVmModule,
  async apply(change: EngineChange<ModuleData>, ctx: ApplyContext) {
    const { version, os } = change.data;
    const rg = ctx.desired.resourceGroup;
    const name = vmName(ctx.desired);
    const command = moduleCommand(os, version, ctx.desired.vm!.windowsPackages);
    const out = await ctx.clients.compute.runCommand(rg, name, command);
    const report = parseModuleReport(out.stdout, version);
    if (!report.ok) {
      const have = report.installed.length
        ? `it reports ${EXO_MODULE} ${newestFirst(report.installed).join(', ')}`
        : `it reports no ${EXO_MODULE}`;
      throw new AzureError({
        service: 'VM Run Command',
        status: 0,
        code: 'ModuleInstallFailed',
        message:
          `Installing ${EXO_MODULE} ${version} on VM "${name}" (${command.commandId}) did not succeed: ${have}. ` +
          `The script's error stream:\n${out.stderr.trim() || '(empty)'}`,
      });
    }
    ctx.log.info(`VM ${name}: ${EXO_MODULE} ${newestFirst(report.installed).join(', ')} installed for all users`);
    // A PATCH of tags replaces them all: re-read and keep every other tag; identity is not sent.
    const current = await ctx.clients.compute.getVm(rg, name);
    const tags = { ...(current?.tags ?? {}) };
    for (const k of Object.keys(tags)) if (k.toLowerCase() === TAG_MODULE) delete tags[k];
    await ctx.clients.compute.updateVm(rg, name, { tags: { ...tags, [TAG_MODULE]: version } });
  },
};
