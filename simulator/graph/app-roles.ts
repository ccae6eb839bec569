// The Microsoft Graph service principal's application permissions (appRoles) as the simulated
// tenant holds them. Source: ../shared/azure-specs/graph/microsoft-graph-app-roles.facts.json,
// ids from microsoftgraph/microsoft-graph-docs-contrib concepts/includes/permissions-ids.md
// (commit 43b498394ec440e548985309e1d8689c9e16adcf), display texts and descriptions from
// concepts/permissions-reference.md (commit f3102d3960bbd2415332e27b3b69dcd600d46fd4).
// Ids are tenant-independent; only the service principal's object id differs per tenant.
// Where the facts file has no display text or description (not read), displayName is the value
// and description is empty: both `constructed`.
import type { AppRole } from '../types.js';

interface Known {
  value: string;
  id: string;
  displayName?: string;
  description?: string;
}

const KNOWN: Known[] = [
  {
    value: 'User.Read.All',
    id: 'df021288-bdef-4463-88db-98f22de89214',
    displayName: "Read all users' full profiles",
    description:
      'Allows the app to read the full set of profile properties, group membership, reports and managers of other users in your organization, without a signed-in user.',
  },
  { value: 'Group.Read.All', id: '5b567255-7703-4780-807c-7be8301ae99b' },
  { value: 'Group.ReadWrite.All', id: '62a82d76-70ea-41e2-9197-370581804d09' },
  { value: 'GroupMember.ReadWrite.All', id: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695' },
  { value: 'Mail.Send', id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96' },
  { value: 'Mail.ReadWrite', id: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9' },
  { value: 'Mail.Read', id: '810c84a8-4a9e-49e6-bf7d-12d183f40d01' },
  { value: 'MailboxSettings.ReadWrite', id: '6931bccd-447a-43d1-b442-00a195474933' },
  {
    value: 'Calendars.ReadWrite',
    id: 'ef54d2bf-783f-4e0f-bca1-3210c0444d99',
    displayName: 'Read and write calendars in all mailboxes',
    description: 'Allows the app to create, read, update, and delete events of all calendars without a signed-in user.',
  },
  {
    value: 'Sites.Selected',
    id: '883ea226-0bf2-4a8f-9f9d-92c9162a727d',
    displayName: 'Access selected site collections',
    description:
      'Allow the application to access a subset of site collections without a signed in user.  The specific site collections and the permissions granted will be configured in SharePoint Online.',
  },
  {
    value: 'Directory.Read.All',
    id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    displayName: 'Read directory data',
    description:
      "Allows the app to read data in your organization's directory, such as users, groups and apps, without a signed-in user.",
  },
  { value: 'Organization.Read.All', id: '498476ce-e0fe-48b0-b801-37ba7e2685c6' },
  {
    value: 'AuditLog.Read.All',
    id: 'b0afded3-3588-46d8-8b3d-9842eff778da',
    displayName: 'Read all audit log data',
    description: 'Allows the app to read and query your audit log activities, without a signed-in user.',
  },
  {
    value: 'Reports.Read.All',
    id: '230c1aed-a721-4c5d-9cb4-a90514e508ef',
    displayName: 'Read all usage reports',
    description:
      'Allows an app to read all service usage reports without a signed-in user. Services that provide usage reports include Microsoft 365 and Azure Active Directory.',
  },
  { value: 'Application.Read.All', id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30' },
  { value: 'RoleManagement.Read.Directory', id: '483bed4a-2ad3-4361-a73b-c83ccdbdc53c' },
  { value: 'RoleManagement.Read.Exchange', id: 'c769435f-f061-4d0b-8ff1-3d39870e5f85' },
  {
    value: 'RoleManagement.ReadWrite.Directory',
    id: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
    displayName: 'Read and write role management data for Azure AD.',
    description:
      "Allows the app to read and manage the role-based access control (RBAC) settings for your company's directory, without a signed-in user. This includes instantiating directory roles and managing directory role membership, and reading directory role templates, directory roles and memberships.",
  },
  {
    value: 'AppRoleAssignment.ReadWrite.All',
    id: '06b708a9-e830-4db3-a914-8e69da51d44f',
    displayName: 'Manage app permission grants and app role assignments',
    description:
      'Allows the app to manage permission grants for application permissions to any API (including Microsoft Graph) and application assignments for any app, without a signed-in user.',
  },
  {
    value: 'Application.ReadWrite.All',
    id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
    displayName: 'Read and write all apps',
    description:
      'Allows the calling app to create, and manage (read, update, update application secrets and delete) applications and service principals without a signed-in user.  Does not allow management of consent grants or application assignments to users or groups.',
  },
  {
    value: 'Directory.ReadWrite.All',
    id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
    displayName: 'Read and write directory data',
  },
  {
    value: 'RoleManagement.ReadWrite.Exchange',
    id: '025d3225-3f02-4882-b4c0-cd5b541a4e80',
    displayName: 'Read and write Exchange Online RBAC configuration',
    description:
      "Allows the app to read and manage the role-based access control (RBAC) settings for your organization's Exchange Online service, without a signed-in user. This includes reading, creating, updating, and deleting Exchange management role definitions, role groups, role group membership, role assignments, management scopes, and role assignment policies.",
  },
];

export function graphAppRoles(): AppRole[] {
  return KNOWN.map((k) => ({
    id: k.id,
    value: k.value,
    displayName: k.displayName ?? k.value,
    description: k.description ?? '',
    // Every application permission of Graph is an app role for applications only.
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  }));
}
