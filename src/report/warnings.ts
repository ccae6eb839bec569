// Warnings every report carries when their condition holds, derived from the report alone. Pure.
import { GLOBAL_ADMINISTRATOR_ID } from '../roles.js';
import type { RunReport } from '../types.js';
import { reportedChanges } from './plan-text.js';

function isGlobalAdmin(role: string): boolean {
  const r = role.trim().toLowerCase();
  return r === 'global administrator' || r === GLOBAL_ADMINISTRATOR_ID || r === 'company administrator';
}

export const LEAST_PRIVILEGE_GLOBAL_ADMIN =
  'The identity holds Global Administrator, which can do anything in the tenant. Exchange Online needs far less: Exchange Administrator (or Exchange Recipient Administrator, or Global Reader for read-only runbooks) is enough. Anyone who can edit a runbook in this account can use that power.';

export function leastPrivilegeMultiple(roles: string[]): string {
  return `The identity holds ${roles.length} directory roles (${roles.join(', ')}). Exchange Online needs one; keep only the least role that covers what the runbooks do, and set \`exclusive-roles: true\` to remove the others.`;
}

export function permissionDelay(mode: RunReport['mode'], smokeFailed: boolean): string {
  const when = mode === 'plan' ? 'Once applied, the new' : 'The new';
  let s = `${when} app role and directory role assignments take effect only after Entra replicates them (usually minutes), and Exchange Online caches the identity's access for up to 24 hours: runbooks can fail with an authorization error until then. Wait before changing anything.`;
  if (smokeFailed)
    s += ' The smoke test ran right after the grant, so its failure may be this delay: run it again later.';
  return s;
}

/** Least-privilege and effective-permission-delay warnings, when they apply. */
export function standardWarnings(report: RunReport): string[] {
  const out: string[] = [];
  const roles = report.roles.filter((r) => r.trim() !== '');
  if (roles.some(isGlobalAdmin)) out.push(LEAST_PRIVILEGE_GLOBAL_ADMIN);
  else if (roles.length > 1) out.push(leastPrivilegeMultiple(roles));

  const grants = reportedChanges(report).some((c) => c.action !== 'delete' && /role/i.test(c.kind));
  if (grants) out.push(permissionDelay(report.mode, report.smokeTest?.status === 'failed'));
  return out;
}
