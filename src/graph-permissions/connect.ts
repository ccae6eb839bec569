// How runbooks use the Graph permissions: the Connect-MgGraph line for the identity, and whether
// the identity is given a permission (so the runbook check does not suggest granting it). Pure.
import type { ExchangeEnvironment, IdentityType } from '../types.js';
import { knownPermission } from './catalog.js';

// Connect-MgGraph -Environment names (Get-MgEnvironment) for the Exchange Online environments
const MG_ENVIRONMENT: Record<ExchangeEnvironment, string | undefined> = {
  O365Default: undefined,
  O365USGovGCCHigh: 'USGov',
  O365USGovDoD: 'USGovDoD',
  O365China: 'China',
};

/** `Connect-MgGraph -Identity`, with `-ClientId` for a user-assigned identity and `-Environment` outside Global. */
export function mgGraphConnectLine(
  identity: { type: IdentityType; clientId?: string },
  environment: ExchangeEnvironment = 'O365Default',
): string {
  const env = MG_ENVIRONMENT[environment];
  const base = `Connect-MgGraph -Identity${env ? ` -Environment ${env}` : ''}`;
  if (identity.type === 'system-assigned') return base;
  return `${base} -ClientId ${identity.clientId ?? '<client id of the user-assigned identity>'}`;
}

/** Whether graph-permissions (canonical values or ids) names `value`. */
export function grantsPermission(entries: readonly string[] | undefined, value: string): boolean {
  const wanted = knownPermission(value);
  return (entries ?? []).some(
    (e) => e.toLowerCase() === value.toLowerCase() || (wanted !== undefined && e.toLowerCase() === wanted.id),
  );
}
