// Stored directory objects -> the JSON Graph v1.0 returns (field order and defaults as in the
// doc examples), and the ids Graph mints. Private bookkeeping (visibleAfter) never leaves here.
import { randomBytes } from 'node:crypto';
import type { AppRoleAssignment, RoleAssignment, RoleDefinition, ServicePrincipal } from '../types.js';

const SP_DEFAULTS: Record<string, unknown> = {
  id: null,
  deletedDateTime: null,
  accountEnabled: true,
  alternativeNames: [],
  appDisplayName: null,
  appDescription: null,
  appId: null,
  applicationTemplateId: null,
  appOwnerOrganizationId: null,
  appRoleAssignmentRequired: false,
  createdDateTime: null,
  description: null,
  disabledByMicrosoftStatus: null,
  displayName: null,
  homepage: null,
  loginUrl: null,
  logoutUrl: null,
  notes: null,
  notificationEmailAddresses: [],
  preferredSingleSignOnMode: null,
  preferredTokenSigningKeyThumbprint: null,
  publisherName: null,
  replyUrls: [],
  servicePrincipalNames: [],
  servicePrincipalType: 'Application',
  signInAudience: null,
  tags: [],
  tokenEncryptionKeyId: null,
  info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
  samlSingleSignOnSettings: null,
  verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  addIns: [],
  appRoles: [],
  keyCredentials: [],
  oauth2PermissionScopes: [],
  passwordCredentials: [],
  resourceSpecificApplicationPermissions: [],
};

export const SERVICE_PRINCIPAL_PROPERTIES = Object.keys(SP_DEFAULTS);

/** The tenant that publishes Microsoft's first-party apps. */
const MICROSOFT_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export function renderServicePrincipal(sp: ServicePrincipal): Record<string, unknown> {
  const derived: Record<string, unknown> = {
    appDisplayName: sp.servicePrincipalType === 'ManagedIdentity' ? null : sp.displayName,
    signInAudience: sp.servicePrincipalType === 'ManagedIdentity' ? 'AzureADMyOrg' : 'AzureADMultipleOrgs',
    // publisherName is still returned by v1.0 (doc example); Microsoft's apps say "Microsoft Services".
    publisherName: sp.appOwnerOrganizationId === MICROSOFT_TENANT ? 'Microsoft Services' : null,
  };
  const out: Record<string, unknown> = {};
  for (const key of SERVICE_PRINCIPAL_PROPERTIES) {
    const stored = sp[key];
    out[key] = stored !== undefined ? stored : (derived[key] ?? SP_DEFAULTS[key]);
  }
  out.appRoles = (sp.appRoles ?? []).map((r) => ({
    allowedMemberTypes: r.allowedMemberTypes,
    description: r.description,
    displayName: r.displayName,
    id: r.id,
    isEnabled: r.isEnabled,
    origin: r.origin ?? 'Application',
    value: r.value,
  }));
  return out;
}

export const APP_ROLE_ASSIGNMENT_PROPERTIES = [
  'id',
  'deletedDateTime',
  'appRoleId',
  'createdDateTime',
  'principalDisplayName',
  'principalId',
  'principalType',
  'resourceDisplayName',
  'resourceId',
];

export function renderAppRoleAssignment(a: AppRoleAssignment): Record<string, unknown> {
  return Object.fromEntries(APP_ROLE_ASSIGNMENT_PROPERTIES.map((k) => [k, (a as any)[k] ?? null]));
}

export const ROLE_DEFINITION_PROPERTIES = [
  'id',
  'description',
  'displayName',
  'isBuiltIn',
  'isEnabled',
  'resourceScopes',
  'templateId',
  'version',
  'rolePermissions',
  'inheritsPermissionsFrom',
];

export function renderRoleDefinition(d: RoleDefinition): Record<string, unknown> {
  return {
    id: d.id,
    description: d.description,
    displayName: d.displayName,
    isBuiltIn: d.isBuiltIn,
    isEnabled: d.isEnabled,
    resourceScopes: d.resourceScopes,
    templateId: d.templateId,
    version: d.version,
    rolePermissions: d.rolePermissions,
    inheritsPermissionsFrom: d.inheritsPermissionsFrom ?? [],
  };
}

export const ROLE_ASSIGNMENT_PROPERTIES = [
  'id',
  'principalId',
  'resourceScope',
  'directoryScopeId',
  'appScopeId',
  'roleDefinitionId',
];

export function renderRoleAssignment(a: RoleAssignment): Record<string, unknown> {
  // The doc examples show appScopeId only when set.
  const out: Record<string, unknown> = {
    id: a.id,
    principalId: a.principalId,
    resourceScope: a.directoryScopeId,
    directoryScopeId: a.directoryScopeId,
  };
  if (a.appScopeId) out.appScopeId = a.appScopeId;
  out.roleDefinitionId = a.roleDefinitionId;
  return out;
}

/** A GUID's bytes in Microsoft's mixed-endian layout (what .NET's Guid.ToByteArray gives). */
function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Directory role assignment ids as in the doc examples: base64url of the role definition's and
 * the principal's GUID bytes, then "-1" (e.g. lAPpYvVpN0KRkAEhdxReEHJ1hPGqSKpHlqMuxhkE9B8-1 is
 * Global Administrator 62e90394-... for principal f1847572-...). Other scopes get a random id.
 */
export function roleAssignmentId(roleDefinitionId: string, principalId: string, directoryScopeId: string): string {
  if (directoryScopeId === '/' && GUID.test(roleDefinitionId) && GUID.test(principalId)) {
    return Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]).toString('base64url') + '-1';
  }
  return randomBytes(32).toString('base64url') + '-1';
}

/** App role assignment ids start with the principal's GUID bytes (doc list example), then 16 unique bytes. */
export function appRoleAssignmentId(principalId: string): string {
  return Buffer.concat([guidBytes(principalId), randomBytes(16)]).toString('base64url');
}
