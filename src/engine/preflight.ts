// Before planning and before applying: can the deploying identity do what the plan needs?
// Graph application permissions come from the Graph token's `roles` claim (decoded, never
// printed); ARM actions from GET {scope}/providers/Microsoft.Authorization/permissions.
import type { TokenCredential } from '@azure/core-auth';
import { decodeJwtPayload } from '../auth/jwt.js';
import type { ArmReader } from '../clients/arm.js';
import { resourceGroupPath } from '../clients/automation.js';
import * as K from '../resources/kinds.js';
import { groupExists, type ObservedResourceGroups } from '../resources/resource-group.js';
import type { Desired, EngineChange } from './types.js';

export const AUTHORIZATION_API_VERSION = '2022-04-01';

export interface ArmPermission {
  actions?: string[];
  notActions?: string[];
}

/**
 * Graph permissions that each satisfy a need; the first is the one messages name. For reading role
 * assignments that is RoleManagement.ReadWrite.Directory, not the narrower Read: the deploying app
 * needs ReadWrite to apply anyway, and the README and the Authorization_RequestDenied hint name it,
 * so the error and its hint never ask for two different permissions. The read-only ones still satisfy.
 */
const GRAPH_NEEDS = {
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
} as const;

/** The Graph application permissions (app role values) the plan needs that `roles` lacks. Pure. */
export function missingGraphPermissions(roles: string[], changes: EngineChange[], includeWrites: boolean): string[] {
  const held = new Set(roles.map((r) => r.toLowerCase()));
  const needs: (readonly string[])[] = [GRAPH_NEEDS.readServicePrincipals, GRAPH_NEEDS.readRoleAssignments];
  if (includeWrites) {
    const kinds = new Set(changes.map((c) => c.kind));
    if (kinds.has(K.EXCHANGE_SERVICE_PRINCIPAL)) needs.push(GRAPH_NEEDS.createServicePrincipal);
    if (kinds.has(K.APP_ROLE_ASSIGNMENT)) needs.push(GRAPH_NEEDS.grantAppRole);
    if (kinds.has(K.DIRECTORY_ROLE_ASSIGNMENT)) needs.push(GRAPH_NEEDS.assignDirectoryRole);
  }
  return needs.filter((any) => !any.some((p) => held.has(p.toLowerCase()))).map((any) => any[0]);
}

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

/** Whether the permission list allows `action` (some actions match and no notActions of that entry). Pure. */
export function allows(permissions: ArmPermission[], action: string): boolean {
  return permissions.some(
    (p) => (p.actions ?? []).some((a) => matches(a, action)) && !(p.notActions ?? []).some((n) => matches(n, action)),
  );
}

export interface ArmNeed {
  scope: string;
  action: string;
}

/** ARM actions (with the scope they are checked at) the plan needs. Pure. */
export function armNeeds(
  desired: Desired,
  groups: ObservedResourceGroups,
  changes: EngineChange[],
  includeWrites: boolean,
): ArmNeed[] {
  const sub = `/subscriptions/${desired.subscriptionId}`;
  const scopeOf = (rg: string) => (groupExists(groups, rg) ? resourceGroupPath(desired.subscriptionId, rg) : sub);
  const vm = desired.resourceType === 'vm';
  const needs: ArmNeed[] = [
    {
      scope: scopeOf(desired.resourceGroup),
      action: vm ? 'Microsoft.Compute/virtualMachines/read' : 'Microsoft.Automation/automationAccounts/read',
    },
  ];
  if (!includeWrites) return needs;
  const identityRg = desired.identity.type === 'user-assigned' ? desired.identity.resourceGroup : desired.resourceGroup;
  for (const c of changes) {
    switch (c.kind) {
      case K.RESOURCE_GROUP:
        needs.push({ scope: sub, action: 'Microsoft.Resources/subscriptions/resourceGroups/write' });
        break;
      case K.USER_ASSIGNED_IDENTITY:
        needs.push({ scope: scopeOf(identityRg), action: 'Microsoft.ManagedIdentity/userAssignedIdentities/write' });
        break;
      // the identity's holder: attaching a user-assigned identity also needs its assign action
      case K.AUTOMATION_ACCOUNT:
      case K.VM:
        needs.push({
          scope: scopeOf(desired.resourceGroup),
          action:
            c.kind === K.VM
              ? 'Microsoft.Compute/virtualMachines/write'
              : 'Microsoft.Automation/automationAccounts/write',
        });
        if (desired.identity.type === 'user-assigned') {
          needs.push({
            scope: scopeOf(identityRg),
            action: 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
          });
        }
        break;
      case K.VM_MODULE:
        needs.push(
          { scope: scopeOf(desired.resourceGroup), action: 'Microsoft.Compute/virtualMachines/runCommand/action' },
          { scope: scopeOf(desired.resourceGroup), action: 'Microsoft.Compute/virtualMachines/write' },
        );
        break;
      case K.RUNTIME_ENVIRONMENT:
        needs.push({
          scope: scopeOf(desired.resourceGroup),
          action: 'Microsoft.Automation/automationAccounts/runtimeEnvironments/write',
        });
        break;
      case K.PACKAGE:
        needs.push({
          scope: scopeOf(desired.resourceGroup),
          action: 'Microsoft.Automation/automationAccounts/runtimeEnvironments/packages/write',
        });
        break;
    }
  }
  const seen = new Set<string>();
  return needs.filter((n) => {
    const key = `${n.scope.toLowerCase()} ${n.action.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** GET {scope}/providers/Microsoft.Authorization/permissions, once per scope, startable early. */
export function permissionReader(arm: ArmReader): (scope: string) => Promise<ArmPermission[]> {
  const lists = new Map<string, Promise<ArmPermission[]>>();
  return (scope) => {
    const key = scope.toLowerCase();
    let p = lists.get(key);
    if (!p) {
      p = arm.list<ArmPermission>(`${scope}/providers/Microsoft.Authorization/permissions`, AUTHORIZATION_API_VERSION);
      p.catch(() => {}); // a prefetch nobody awaits must not be an unhandled rejection
      lists.set(key, p);
    }
    return p;
  };
}

export interface PreflightResult {
  /** each missing permission with its fix */
  problems: string[];
}

/** The Graph token's roles claim (decoded locally; the token is never printed). */
export async function graphRoles(credential: TokenCredential, graphScope: string): Promise<string[]> {
  const token = await credential.getToken(graphScope);
  const roles = token ? decodeJwtPayload(token.token)?.roles : undefined;
  return Array.isArray(roles) ? roles.map(String) : [];
}

export async function preflight(args: {
  desired: Desired;
  credential: TokenCredential;
  graphScope: string;
  arm: ArmReader;
  groups: ObservedResourceGroups;
  changes: EngineChange[];
  includeWrites: boolean;
  roles?: string[];
  /** the lists, when reconcile fetched some of them during observation */
  permissions?: (scope: string) => Promise<ArmPermission[]>;
}): Promise<PreflightResult> {
  const { desired, changes, includeWrites } = args;
  const app = desired.inputs.clientId;
  const problems: string[] = [];
  const roles = args.roles ?? (await graphRoles(args.credential, args.graphScope));
  for (const p of missingGraphPermissions(roles, changes, includeWrites)) {
    problems.push(`grant ${p} (Microsoft Graph application permission) to app ${app} and admin-consent it`);
  }
  const needs = armNeeds(desired, args.groups, changes, includeWrites);
  const scopes = [...new Set(needs.map((n) => n.scope))];
  const read = args.permissions ?? permissionReader(args.arm);
  const lists = await Promise.all(scopes.map(async (scope) => [scope, await read(scope)] as const));
  const byScope = new Map(lists);
  const missing = needs.filter((n) => !allows(byScope.get(n.scope) ?? [], n.action));
  for (const n of missing) {
    problems.push(
      `allow ${n.action} on ${n.scope} for app ${app}: assign it Contributor there (or a custom role with that action` +
        (n.action.endsWith('/assign/action') ? ', e.g. Managed Identity Operator' : '') +
        ')',
    );
  }
  return { problems };
}
