// The Microsoft Graph application permissions the kinds need, as sets of which any one satisfies.
// For reading role assignments the first is RoleManagement.ReadWrite.Directory, not the narrower
// Read: the deploying app needs ReadWrite to apply anyway, and the README and the
// Authorization_RequestDenied hint name it, so the error and its hint never ask for two different
// permissions. The read-only ones still satisfy.
import type { GraphNeed } from './types.js';

export const GRAPH_NEEDS = {
  readServicePrincipals: [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  readRoleAssignments: [
    'RoleManagement.ReadWrite.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  createServicePrincipal: ['Application.ReadWrite.All', 'Directory.ReadWrite.All'],
  grantAppRole: ['AppRoleAssignment.ReadWrite.All'],
  assignDirectoryRole: ['RoleManagement.ReadWrite.Directory'],
} as const satisfies Record<string, GraphNeed>;
