// Virtual machines through @azure/arm-compute (api-version 2026-04-01, which the simulator and
// Azure accept), pointed at our endpoint and scope. Plan mode gets the read-only policy.

// The SDK is large (a third of the bundle's Azure half) and only VM runs need it: loaded on first use.
import type { ComputeManagementClient, VirtualMachine, VirtualMachineUpdate } from '@azure/arm-compute';
import { RestError } from '@azure/core-rest-pipeline';
import { rethrowArm, type ArmSdkOptions } from './arm-sdk.js';
import { readOnlyPolicy } from './readonly-policy.js';
import { pacingPolicy } from './pacing-policy.js';
import { timeoutPolicy } from './timeout-policy.js';

export interface VmIdentity {
  type?: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

export interface Vm {
  id: string;
  name: string;
  location: string;
  os: 'Windows' | 'Linux';
  identity?: VmIdentity;
  tags: Record<string, string>;
  provisioningState?: string;
}

/** What a VM PATCH may carry: identity or tags, never both from one kind. */
export interface VmPatch {
  identity?: { type: string; userAssignedIdentities?: Record<string, Record<string, never>> };
  tags?: Record<string, string>;
}

/** The two streams of a RunCommandResult (StdOut / StdErr components). */
export interface RunCommandOutput {
  stdout: string;
  stderr: string;
}

export interface ComputeReader {
  getVm(resourceGroup: string, name: string): Promise<Vm | undefined>;
}

export interface ComputeWriter extends ComputeReader {
  updateVm(resourceGroup: string, name: string, patch: VmPatch): Promise<Vm>;
  runCommand(
    resourceGroup: string,
    name: string,
    input: { commandId: string; script: string[] },
  ): Promise<RunCommandOutput>;
}

export function toVm(v: VirtualMachine): Vm {
  const os = v.storageProfile?.osDisk?.osType;
  return {
    id: v.id ?? '',
    name: v.name ?? '',
    location: v.location,
    // osProfile.linuxConfiguration as a fallback: images without an osType still say what they are
    os: /^linux$/i.test(os ?? '') || (!os && v.osProfile?.linuxConfiguration) ? 'Linux' : 'Windows',
    identity: v.identity as VmIdentity | undefined,
    tags: { ...(v.tags ?? {}) },
    provisioningState: v.provisioningState,
  };
}

/** StdOut / StdErr by the status code's component (ComponentStatus/StdOut/succeeded). */
export function splitRunCommandResult(value: { code?: string; message?: string }[] | undefined): RunCommandOutput {
  const pick = (stream: string) =>
    (value ?? [])
      .filter((s) => new RegExp(`/${stream}/`, 'i').test(s.code ?? ''))
      .map((s) => s.message ?? '')
      .join('\n');
  return { stdout: pick('StdOut'), stderr: pick('StdErr') };
}

export class ComputeClient implements ComputeWriter {
  private sdk?: Promise<ComputeManagementClient>;
  private readonly make: () => Promise<ComputeManagementClient>;
  private readonly intervalMs: number;
  constructor(opts: ArmSdkOptions & { lroIntervalMs?: number }) {
    this.make = async () => {
      const { ComputeManagementClient } = await import('@azure/arm-compute');
      const client = new ComputeManagementClient(opts.credential, opts.subscriptionId, {
        endpoint: opts.endpoint.replace(/\/+$/, ''),
        credentials: { scopes: [opts.scope] },
        retryOptions: opts.retryOptions,
        userAgentOptions: { userAgentPrefix: 'exo-automation' },
      });
      // In the Serialize phase, before retries and sign-in: a refused write never asks for a token.
      // (additionalPolicies would land after the client's token policy.)
      if (opts.readOnly) client.pipeline.addPolicy(readOnlyPolicy(), { phase: 'Serialize' });
      if (opts.pacer) client.pipeline.addPolicy(pacingPolicy(opts.pacer), { afterPhase: 'Retry' });
      client.pipeline.addPolicy(timeoutPolicy(), { afterPhase: 'Retry' });
      return client;
    };
    this.intervalMs = opts.lroIntervalMs ?? 2000;
  }

  private get client(): Promise<ComputeManagementClient> {
    return (this.sdk ??= this.make());
  }

  async getVm(resourceGroup: string, name: string): Promise<Vm | undefined> {
    try {
      return toVm(await (await this.client).virtualMachines.get(resourceGroup, name));
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return undefined;
      return rethrowArm(e);
    }
  }

  async updateVm(resourceGroup: string, name: string, patch: VmPatch): Promise<Vm> {
    try {
      const sdk = await this.client;
      const vm = await sdk.virtualMachines
        .update(resourceGroup, name, patch as VirtualMachineUpdate, { updateIntervalInMs: this.intervalMs })
        .pollUntilDone();
      return toVm(vm);
    } catch (e) {
      return rethrowArm(e);
    }
  }

  async runCommand(
    resourceGroup: string,
    name: string,
    input: { commandId: string; script: string[] },
  ): Promise<RunCommandOutput> {
    try {
      const sdk = await this.client;
      const result = await sdk.virtualMachines
        .runCommand(resourceGroup, name, input, { updateIntervalInMs: this.intervalMs })
        .pollUntilDone();
      return splitRunCommandResult(result.value);
    } catch (e) {
      return rethrowArm(e);
    }
  }
}
