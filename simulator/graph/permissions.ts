// Which Graph application permissions (the token's `roles`) allow each operation. Any one of
// the listed permissions suffices. From the Permissions sections of the v1.0 docs saved in
// azure-specs/graph/*.json; Directory.ReadWrite.All is added where a doc lists only
// Directory.Read.All, as it includes it.
import { denied } from './errors.js';

export type GraphOperation =
  | 'servicePrincipals.list'
  | 'servicePrincipals.get'
  | 'servicePrincipals.create'
  | 'servicePrincipals.delete'
  | 'appRoleAssignments.list'
  | 'appRoleAssignments.create'
  | 'appRoleAssignments.delete'
  | 'roleDefinitions.read'
  | 'roleAssignments.read'
  | 'roleAssignments.write';

const APP_READ = [
  'Application.Read.All',
  'Application.ReadWrite.OwnedBy',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const ROLE_READ = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'Directory.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.ReadWrite.All',
];

export const PERMISSIONS: Record<GraphOperation, readonly string[]> = {
  // serviceprincipal-list.json: Application.Read.All, Application.ReadWrite.All, Directory.Read.All
  'servicePrincipals.list': [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  'servicePrincipals.get': APP_READ,
  // serviceprincipal-post-serviceprincipals.json. OwnedBy only for apps homed in this tenant (see the handler).
  'servicePrincipals.create': ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  // OwnedBy would cover owned principals only; owners are not modelled, so it never suffices here.
  'servicePrincipals.delete': ['Application.ReadWrite.All'],
  // serviceprincipal-list-approleassignments.json (also used for appRoleAssignedTo)
  'appRoleAssignments.list': APP_READ,
  // serviceprincipal-post-approleassignments.json
  'appRoleAssignments.create': ['AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All'],
  'appRoleAssignments.delete': ['AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All'],
  // rbacapplication-list-roledefinitions.json / -list-roleassignments.json
  'roleDefinitions.read': ROLE_READ,
  'roleAssignments.read': ROLE_READ,
  // rbacapplication-post-roleassignments.json
  'roleAssignments.write': ['RoleManagement.ReadWrite.Directory'],
};

export function allows(op: GraphOperation, roles: readonly string[] | undefined): boolean {
  const have = new Set((roles ?? []).map((r) => r.toLowerCase()));
  return PERMISSIONS[op].some((p) => have.has(p.toLowerCase()));
}

/** Throws Graph's 403 when none of the caller's roles allows the operation. */
export function requirePermission(op: GraphOperation, roles: readonly string[] | undefined): void {
  if (!allows(op, roles)) throw denied();
}
