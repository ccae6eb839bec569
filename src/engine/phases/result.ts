// Phase 6: what the run reports: the identity's ids (a system-assigned identity's client id lives
// on its service principal: read once more when the identity was made by this run), the runtimes.
import type { ReadClients } from '../../clients/index.js';
import { unlessNotReplicated } from '../../resources/principal.js';
import type { Change, IdentityInfo, Plan, RuntimeInfo } from '../../types.js';
import type { Finding } from '../../runbooks/check.js';
import { EXO_MODULE } from '../desired.js';
import { publicChange } from '../plan.js';
import type { Desired, EngineChange, Facts } from '../types.js';
import type { Observation } from './observe-phase.js';

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

export async function learnClientId(
  desired: Desired,
  facts: Facts,
  readers: ReadClients,
  observedSp: Observation['observedSp'],
): Promise<void> {
  if (desired.identity.type !== 'system-assigned' || !facts.principalId || facts.clientId) return;
  if (observedSp?.principalId === facts.principalId && observedSp.appId) facts.clientId = observedSp.appId;
  else {
    const sp = await unlessNotReplicated(readers.graph.getServicePrincipal(facts.principalId), undefined);
    facts.clientId = sp?.appId;
  }
}

export function buildResult(args: {
  desired: Desired;
  facts: Facts;
  plan: Plan;
  changes: EngineChange[];
  applied: EngineChange[];
  warnings: string[];
}): ReconcileResult {
  const { desired, facts } = args;
  const identity: IdentityInfo = {
    type: desired.inputs.identityType,
    ...(desired.identity.type === 'user-assigned' ? { name: desired.identity.name } : {}),
    principalId: facts.principalId,
    clientId: facts.clientId,
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
    warnings: [...args.warnings, ...facts.warnings],
    findings: facts.findings ?? [],
  };
}
