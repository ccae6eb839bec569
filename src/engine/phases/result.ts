// Phase 6: what the run reports: the identity's ids as the kind holding it produced them (a
// system-assigned identity's client id is awaited here: it lives on its service principal), the runtimes.
import { identityOutputs } from '../../kinds/principal.js';
import type { Change, IdentityInfo, Plan, RuntimeInfo } from '../../types.js';
import type { Finding } from '../../kinds/runbook/check.js';
import { EXO_MODULE } from '../desired.js';
import { publicChange } from '../plan.js';
import type { Outputs } from '../outputs.js';
import type { Desired, EngineChange } from '../types.js';

export interface ReconcileResult {
  plan: Plan;
  applied: Change[];
  drift: boolean;
  identity: IdentityInfo;
  runtimes: RuntimeInfo[];
  roles: string[];
  warnings: string[];
  /** runbook check findings (warnings when the run went on) for annotations */
  findings: Finding[];
}

export async function buildResult(args: {
  desired: Desired;
  outputs: Outputs;
  plan: Plan;
  changes: EngineChange[];
  applied: EngineChange[];
  warnings: string[];
  findings: Finding[];
}): Promise<ReconcileResult> {
  const { desired } = args;
  const ids = args.outputs.get(identityOutputs(desired));
  const identity: IdentityInfo = {
    type: desired.inputs.identityType,
    ...(desired.identity.type === 'user-assigned' ? { name: desired.identity.name } : {}),
    principalId: ids?.principalId,
    clientId: await ids?.clientId,
  };
  const vm = desired.vm;
  const runtimes: RuntimeInfo[] = desired.runtimes.map((r) => ({
    version: r.runtime,
    // on a VM there is no runtime environment: one installation for all users serves every runtime
    environment: vm ? `VM ${vm.name}` : r.environment,
    modules: vm
      ? [{ name: EXO_MODULE, version: vm.moduleVersion }]
      : r.packages.map((p) => ({ name: p.name, version: p.version })),
  }));
  return {
    plan: args.plan,
    applied: args.applied.map(publicChange),
    drift: args.changes.length > 0,
    identity,
    runtimes,
    roles: desired.roles.map((r) => r.displayName),
    warnings: args.warnings,
    findings: args.findings,
  };
}
