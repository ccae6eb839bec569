// The Microsoft Graph application permissions this action knows offline, from
// ../shared/azure-specs/graph/microsoft-graph-app-roles.facts.json (ids: microsoftgraph/
// microsoft-graph-docs-contrib concepts/includes/permissions-ids.md, commit 43b49839). App role ids
// are the same in every tenant; only the Graph service principal's object id differs.
//
// This list is NOT the authority on what exists: Graph has hundreds of application permissions and
// the Graph service principal's `appRoles` (read at plan time) decides. Offline, the list serves to
// refuse privileged permissions (by value or id) and obvious typos of known values before any request.

/** appId of the Microsoft Graph service principal (the same in every tenant). */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface KnownPermission {
  value: string;
  id: string;
  /** able to grant authorization or the highest directory privilege (facts file `highPrivilege`) */
  privileged?: true;
}

export const KNOWN_GRAPH_PERMISSIONS: readonly KnownPermission[] = [
  { value: 'User.Read.All', id: 'df021288-bdef-4463-88db-98f22de89214' },
  { value: 'Group.Read.All', id: '5b567255-7703-4780-807c-7be8301ae99b' },
  { value: 'Group.ReadWrite.All', id: '62a82d76-70ea-41e2-9197-370581804d09' },
  { value: 'GroupMember.ReadWrite.All', id: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695' },
  { value: 'Mail.Send', id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96' },
  { value: 'Mail.ReadWrite', id: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9' },
  { value: 'Mail.Read', id: '810c84a8-4a9e-49e6-bf7d-12d183f40d01' },
  { value: 'MailboxSettings.ReadWrite', id: '6931bccd-447a-43d1-b442-00a195474933' },
  { value: 'Calendars.ReadWrite', id: 'ef54d2bf-783f-4e0f-bca1-3210c0444d99' },
  { value: 'Sites.Selected', id: '883ea226-0bf2-4a8f-9f9d-92c9162a727d' },
  { value: 'Directory.Read.All', id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61' },
  { value: 'Organization.Read.All', id: '498476ce-e0fe-48b0-b801-37ba7e2685c6' },
  { value: 'AuditLog.Read.All', id: 'b0afded3-3588-46d8-8b3d-9842eff778da' },
  { value: 'Reports.Read.All', id: '230c1aed-a721-4c5d-9cb4-a90514e508ef' },
  { value: 'Application.Read.All', id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30' },
  { value: 'RoleManagement.Read.Directory', id: '483bed4a-2ad3-4361-a73b-c83ccdbdc53c' },
  { value: 'RoleManagement.Read.Exchange', id: 'c769435f-f061-4d0b-8ff1-3d39870e5f85' },
  // Official CAUTION: "Permissions that allow granting authorization, such as
  // _RoleManagement.ReadWrite.Directory_, allow an application to grant itself, other applications,
  // or any user, additional privileges."
  { value: 'RoleManagement.ReadWrite.Directory', id: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', privileged: true },
  { value: 'AppRoleAssignment.ReadWrite.All', id: '06b708a9-e830-4db3-a914-8e69da51d44f', privileged: true },
  // "permissions that allow managing credentials, such as _Application.ReadWrite.All_, allow an
  // application to act as other entities"
  { value: 'Application.ReadWrite.All', id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', privileged: true },
  // "Directory permissions provide the highest level of privilege for accessing directory resources"
  { value: 'Directory.ReadWrite.All', id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', privileged: true },
  // Creates Exchange RBAC role assignments for any service principal: grants authorization (DERIVED)
  { value: 'RoleManagement.ReadWrite.Exchange', id: '025d3225-3f02-4882-b4c0-cd5b541a4e80', privileged: true },
];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The known permission an entry (value in any case, or app role id) names, if any. */
export function knownPermission(entry: string): KnownPermission | undefined {
  return KNOWN_GRAPH_PERMISSIONS.find((p) => same(p.value, entry) || same(p.id, entry));
}

/** Whether a value or id names a privileged permission (by the offline list). */
export function isPrivilegedPermission(valueOrId: string): boolean {
  return knownPermission(valueOrId)?.privileged === true;
}

export const PRIVILEGED_GRAPH_PERMISSIONS: readonly string[] = KNOWN_GRAPH_PERMISSIONS.filter((p) => p.privileged).map(
  (p) => p.value,
);
