// smoke-test: true with resource-type vm. Runs the exact connect line and Get-AcceptedDomain on the
// VM through Run Command (RunPowerShellScript on Windows, pwsh on Linux) and reports the outcome.
import type { ComputeWriter, RunCommandOutput } from '../clients/compute.js';
import type { Logger } from '../engine/types.js';
import { Heartbeat } from '../log/heartbeat.js';
import { connectLine } from '../kinds/runbook/check.js';
import type { ExchangeEnvironment, IdentityType, SmokeTestResult } from '../types.js';
import { smokeCommand, type VmOs } from '../kinds/vm/scripts.js';
import { diagnose, identityText, PERMISSION_DELAY, unauthorizedText, type Cause } from './interpret.js';

export interface VmSmokeContext {
  vmName: string;
  os: VmOs;
  organization: string;
  identity: { type: IdentityType; clientId?: string; principalId?: string };
}

function explainVm(cause: Cause, ctx: VmSmokeContext): string {
  const who = identityText(ctx.identity, "the VM's");
  switch (cause) {
    case 'unauthorized':
      return unauthorizedText(who, ctx.organization);
    case 'role-not-supported':
      return `Exchange Online accepted the app role but ${who} holds no Entra directory role that Exchange Online supports for managed identities: assign one at scope "/" (input \`roles\`).`;
    case 'identity-not-found':
      return ctx.identity.type === 'user-assigned'
        ? `No managed identity token for -ManagedIdentityAccountId ${ctx.identity.clientId ?? '(none)'}: it must be the client id (not the principal/object id) of a user-assigned identity attached to VM ${ctx.vmName}.`
        : `No managed identity token: VM ${ctx.vmName} has no system-assigned identity enabled (a line without -ManagedIdentityAccountId uses it).`;
    case 'module-missing':
      return `ExchangeOnlineManagement is not installed for all users on VM ${ctx.vmName}: remove its tag exo-automation:module and apply again to reinstall it.`;
    case 'organization':
      return `The organization ${ctx.organization} was not recognized: \`organization\` must be the tenant's *.onmicrosoft.com domain.`;
  }
}

/** Error lines of the error stream; WARNING lines (Connect-ExchangeOnline prints some) are not failures. */
function errorLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^\s*WARNING:/i.test(l));
}

function block(text: string): string | undefined {
  const t = text.replace(/^\s*\n|\n\s*$/g, '').trimEnd();
  return t.trim() === '' ? undefined : t;
}

/** Pure: the result of the smoke test's Run Command output. */
export function interpretVmSmoke(out: RunCommandOutput, ctx: VmSmokeContext): SmokeTestResult {
  const errors = errorLines(out.stderr);
  const where = `Run Command on VM ${ctx.vmName}`;
  if (errors.length === 0) {
    return {
      status: 'passed',
      output: block(out.stdout),
      detail: `Connect-ExchangeOnline and Get-AcceptedDomain succeeded in a ${where}.`,
    };
  }
  const parts = [`The ${where} wrote errors.`];
  const causes = diagnose(errors.join('\n'));
  const shown = causes.length > 1 ? causes.filter((c) => c !== 'unauthorized') : causes;
  for (const c of shown) parts.push(explainVm(c, ctx));
  if (shown.some((c) => c === 'unauthorized' || c === 'role-not-supported')) parts.push(PERMISSION_DELAY);
  if (!shown.length) parts.push('Its error text is in the output below.');
  return { status: 'failed', output: block([out.stdout, out.stderr].join('\n')), detail: parts.join(' ') };
}

export interface VmSmokeOptions {
  compute: ComputeWriter;
  resourceGroup: string;
  vmName: string;
  organization: string;
  /** -ExchangeEnvironmentName of the connect line (default O365Default) */
  exchangeEnvironment?: ExchangeEnvironment;
  identity: { type: IdentityType; clientId?: string; principalId?: string };
  log: Logger;
}

export async function runVmSmokeTest(opts: VmSmokeOptions): Promise<SmokeTestResult> {
  try {
    const vm = await opts.compute.getVm(opts.resourceGroup, opts.vmName);
    if (!vm) return { status: 'failed', detail: `The smoke test could not find VM ${opts.vmName}.` };
    const line = connectLine(opts.organization, opts.identity, opts.exchangeEnvironment);
    const command = smokeCommand(vm.os, line);
    opts.log.info(`Running on VM ${opts.vmName} (${command.commandId}): ${line}; Get-AcceptedDomain`);
    const beat = new Heartbeat((l) => opts.log.info(l));
    const out = await beat.track(`smoke test run command on VM ${opts.vmName}`, () =>
      opts.compute.runCommand(opts.resourceGroup, opts.vmName, command),
    );
    return interpretVmSmoke(out, {
      vmName: opts.vmName,
      os: vm.os,
      organization: opts.organization,
      identity: opts.identity,
    });
  } catch (e) {
    return {
      status: 'failed',
      detail: `The smoke test could not run a command on VM ${opts.vmName}: ${(e as Error).message}`,
    };
  }
}
