// The kinds the engine manages and their order. Adding a kind = one file + one line here.
import { appRoleKind } from '../kinds/app-role.js';
import { automationAccountKind } from '../kinds/automation-account.js';
import { directoryRolesKind } from '../kinds/directory-roles.js';
import { exchangeSpKind } from '../kinds/exchange-service-principal.js';
import { graphPermissionsKind } from '../kinds/graph-permissions.js';
import { packageKind } from '../kinds/packages.js';
import { resourceGroupKind } from '../kinds/resource-group.js';
import { runbookKind } from '../kinds/runbook/kind.js';
import { jobScheduleKind } from '../kinds/job-schedules.js';
import { scheduleKind } from '../kinds/schedules.js';
import { runtimeEnvironmentKind } from '../kinds/runtime-environments.js';
import { userAssignedIdentityKind } from '../kinds/user-assigned-identity.js';
import { variableKind } from '../kinds/variables.js';
import { vmModuleKind } from '../kinds/vm/module.js';
import { vmKind } from '../kinds/vm/kind.js';
import { depths } from './graph.js';
import type { Desired, ResourceKind } from './types.js';

/** The kind, enabled only for Automation accounts (its own `enabled` still applies). */
function automationOnly<O, D>(kind: ResourceKind<O, D>): ResourceKind<O, D> {
  return { ...kind, enabled: (d) => (d.resourceType ?? 'automation-account') !== 'vm' && (kind.enabled?.(d) ?? true) };
}

/**
 * resource group -> identity -> account -> runtime environments -> packages;
 * identity -> Exchange SP -> app role and directory roles; identity -> graph-permissions.
 * resource-type vm: resource group -> identity -> vm -> vm-module; the Entra kinds as they are.
 * A "runbook" kind (src/kinds/runbook/kind.ts, depending on automation-account and
 * runtime-environment) is passed through reconcile's `extraKinds` or added below.
 */
export const KINDS: readonly ResourceKind<any, any>[] = [
  resourceGroupKind,
  userAssignedIdentityKind,
  automationOnly(automationAccountKind),
  automationOnly(runtimeEnvironmentKind),
  automationOnly(packageKind),
  vmKind,
  vmModuleKind,
  exchangeSpKind,
  appRoleKind,
  directoryRolesKind,
  graphPermissionsKind,
  automationOnly(runbookKind),
  automationOnly(scheduleKind),
  automationOnly(jobScheduleKind),
  automationOnly(variableKind),
];

/** The kinds of one run and their dependencies (direct, among the enabled ones). */
export interface KindGraph {
  /** in registry order */
  enabled: ResourceKind<any, any>[];
  deps: Map<string, string[]>;
  /** depth of each kind (longest dependency chain below it): the plan's display order */
  depth: Map<string, number>;
  /** every kind each one depends on, directly or through others */
  upstream: Map<string, Set<string>>;
}

/** The enabled kinds and their dependency graph. Throws on cycles. */
export function kindGraph(kinds: readonly ResourceKind<any, any>[], desired: Desired): KindGraph {
  const enabled = kinds.filter((k) => k.enabled?.(desired) ?? true);
  const names = new Set(enabled.map((k) => k.kind));
  const deps = new Map(enabled.map((k) => [k.kind, k.dependsOn(desired).filter((d) => names.has(d))]));
  const depth = depths(deps);
  const upstream = new Map<string, Set<string>>();
  const collect = (name: string): Set<string> => {
    let all = upstream.get(name);
    if (!all) {
      all = new Set(deps.get(name)!.flatMap((d) => [d, ...collect(d)]));
      upstream.set(name, all);
    }
    return all;
  };
  for (const name of names) collect(name);
  return { enabled, deps, depth, upstream };
}
