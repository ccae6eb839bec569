// What the simulator holds, as a comparable picture (names, not ids, so that two simulators can be
// compared), and the duplicates in it. Read straight from the simulator state, not through the action.
import { createHash } from 'node:crypto';
import type { Simulator } from '../../simulator/server.js';
import { importedView } from '../../simulator/arm/imports.js';

export interface Picture {
  /** one line per managed thing, sorted */
  items: string[];
  /** one line per duplicated thing (assignment, runbook, package, principal) */
  duplicates: string[];
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

function dupes<T>(list: T[], key: (t: T) => string, label: string): string[] {
  const counts = new Map<string, number>();
  for (const t of list) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${label} ${k} x${n}`);
}

export function picture(sim: Simulator): Picture {
  const state = sim.sim.state;
  const items: string[] = [];
  const resources = Object.values(state.arm).filter((r) => r.type !== 'Simulator/operations');
  const runbooks: { account: string; name: string }[] = [];
  const packages: { env: string; name: string }[] = [];
  for (const r of resources) {
    const type = r.type.toLowerCase();
    if (type === 'microsoft.resources/resourcegroups') items.push(`resource-group ${r.name}`);
    else if (type === 'microsoft.automation/automationaccounts')
      items.push(`automation-account ${r.name} identity=${String(r.identity?.type ?? 'None')}`);
    else if (type === 'microsoft.automation/automationaccounts/runtimeenvironments') {
      const rt = r.properties?.runtime ?? {};
      items.push(`runtime-environment ${r.name} ${rt.language} ${rt.version}`);
    } else if (type === 'microsoft.automation/automationaccounts/runtimeenvironments/packages') {
      const env = r.id.split('/').slice(-3)[0];
      const view = importedView(sim.sim, r) as { properties: { provisioningState: string; version: string | null } };
      packages.push({ env: env.toLowerCase(), name: r.name.toLowerCase() });
      items.push(`package ${env}/${r.name} ${view.properties.version} ${view.properties.provisioningState}`);
    } else if (type === 'microsoft.automation/automationaccounts/runbooks') {
      const account = r.id.split('/').slice(-3)[0];
      runbooks.push({ account: account.toLowerCase(), name: r.name.toLowerCase() });
      const owned = r.tags?.['exo-automation:managed'] === 'true' ? 'owned' : 'foreign';
      const published = r.sim?.publishedContent as string | undefined;
      items.push(
        `runbook ${r.name} ${r.properties?.state} ${owned} ` +
          `published=${published === undefined ? '-' : sha(published)} env=${r.properties?.runtimeEnvironment ?? '-'}`,
      );
    } else items.push(`arm ${r.type} ${r.name}`);
  }
  const g = state.graph;
  const spName = new Map(g.servicePrincipals.map((sp) => [sp.id, sp.displayName]));
  for (const a of g.appRoleAssignments)
    items.push(`app-role-assignment ${spName.get(a.principalId)} -> ${spName.get(a.resourceId)} ${a.appRoleId}`);
  for (const a of g.roleAssignments)
    items.push(`directory-role-assignment ${spName.get(a.principalId)} ${a.roleDefinitionId} ${a.directoryScopeId}`);
  for (const sp of g.servicePrincipals) items.push(`service-principal ${sp.displayName} ${sp.servicePrincipalType}`);

  const duplicates = [
    ...dupes(g.appRoleAssignments, (a) => `${a.principalId}/${a.resourceId}/${a.appRoleId}`, 'app-role-assignment'),
    ...dupes(
      g.roleAssignments,
      (a) => `${a.principalId}/${a.roleDefinitionId}/${a.directoryScopeId}`,
      'role-assignment',
    ),
    ...dupes(g.servicePrincipals, (sp) => sp.appId, 'service-principal appId'),
    ...dupes(
      g.servicePrincipals.filter((sp) => sp.servicePrincipalType === 'ManagedIdentity'),
      (sp) => sp.displayName,
      'managed-identity principal',
    ),
    ...dupes(runbooks, (r) => `${r.account}/${r.name}`, 'runbook'),
    ...dupes(packages, (p) => `${p.env}/${p.name}`, 'package'),
  ];
  return { items: items.sort(), duplicates };
}

/** Lines of `want` missing from `have` (lost), and lines of `have` that `want` lacks (extra). */
export function compare(want: string[], have: string[]): { missing: string[]; extra: string[] } {
  return { missing: want.filter((w) => !have.includes(w)), extra: have.filter((h) => !want.includes(h)) };
}
