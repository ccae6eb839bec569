// The kinds the engine manages and their order. Adding a kind = one file + one line here.
import { appRoleKind } from '../resources/app-role.js';
import { automationAccountKind } from '../resources/automation-account.js';
import { directoryRolesKind } from '../resources/directory-roles.js';
import { exchangeSpKind } from '../resources/exchange-service-principal.js';
import { packageKind } from '../resources/packages.js';
import { resourceGroupKind } from '../resources/resource-group.js';
import { runbookKind } from '../resources/runbooks.js';
import { runtimeEnvironmentKind } from '../resources/runtime-environments.js';
import { userAssignedIdentityKind } from '../resources/user-assigned-identity.js';
import { vmModuleKind } from '../resources/vm-module.js';
import { vmKind } from '../resources/vm.js';
import type { Desired, ResourceKind } from './types.js';

/** The kind, enabled only for Automation accounts (its own `enabled` still applies). */
function automationOnly<O>(kind: ResourceKind<O>): ResourceKind<O> {
  return { ...kind, enabled: (d) => (d.resourceType ?? 'automation-account') !== 'vm' && (kind.enabled?.(d) ?? true) };
}

/**
 * resource group -> identity -> account -> runtime environments -> packages;
 * identity -> Exchange SP -> app role and directory roles.
 * resource-type vm: resource group -> identity -> vm -> vm-module; the Entra kinds as they are.
 * A "runbook" kind (src/resources/runbooks.ts, depending on automation-account and
 * runtime-environment) is passed through reconcile's `extraKinds` or added below.
 */
export const KINDS: readonly ResourceKind<any>[] = [
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
  automationOnly(runbookKind),
];

/** Enabled kinds with their level (longest dependency chain below them). Throws on cycles. */
export function levels(kinds: readonly ResourceKind<any>[], desired: Desired): Map<string, number> {
  const enabled = new Map(kinds.filter((k) => k.enabled?.(desired) ?? true).map((k) => [k.kind, k]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`dependency cycle at kind ${name}`);
    visiting.add(name);
    const kind = enabled.get(name)!;
    const deps = kind.dependsOn(desired).filter((d) => enabled.has(d));
    const l = deps.length ? Math.max(...deps.map(visit)) + 1 : 0;
    visiting.delete(name);
    level.set(name, l);
    return l;
  };
  for (const name of enabled.keys()) visit(name);
  return level;
}
