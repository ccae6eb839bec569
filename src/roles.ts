// The Entra directory roles Exchange Online accepts for managed identities (app-only access).
// List: MicrosoftDocs/office-docs-powershell exchange/docs-conceptual/connect-exo-powershell-managed-identity.md
//   (commit 053b67fd, "Step 5: Assign Azure AD roles to the managed identity"; the same eight roles).
// Template ids: MicrosoftDocs/entra-docs docs/identity/role-based-access-control/permissions-reference.md
//   (commit 00fe95d6, "All roles" table). Built-in role definition ids equal their template ids.
import type { RoleRef } from './types.js';

export const GLOBAL_ADMINISTRATOR_ID = '62e90394-69f5-4237-9190-012177145e10';

export const SUPPORTED_ROLES: readonly RoleRef[] = [
  { displayName: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
  { displayName: 'Global Administrator', templateId: GLOBAL_ADMINISTRATOR_ID },
  { displayName: 'Global Reader', templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451' },
  { displayName: 'Compliance Administrator', templateId: '17315797-102d-40b4-93e0-432062caca18' },
  { displayName: 'Security Administrator', templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d' },
  { displayName: 'Security Reader', templateId: '5d6b6bb7-de71-4623-b4af-96380a352509' },
  { displayName: 'Helpdesk Administrator', templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8' },
  { displayName: 'Exchange Recipient Administrator', templateId: '31392ffb-586c-42d1-9346-e59415a2cc4e' },
];

/** Collapse case and runs of whitespace, so "exchange  administrator" matches. */
function normalize(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A supported role by display name (any case) or template id (any case); undefined if unsupported. */
export function resolveRole(nameOrId: string): RoleRef | undefined {
  const key = normalize(nameOrId);
  return SUPPORTED_ROLES.find((r) => r.displayName.toLowerCase() === key || r.templateId === key);
}

export function isGlobalAdministrator(role: RoleRef): boolean {
  return role.templateId === GLOBAL_ADMINISTRATOR_ID;
}

export function supportedRoleNames(): string[] {
  return SUPPORTED_ROLES.map((r) => r.displayName);
}
