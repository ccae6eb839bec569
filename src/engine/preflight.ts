// Before planning and before applying: can the deploying identity do what the plan needs?
// Graph application permissions come from the Graph token's `roles` claim (decoded, never
// printed); ARM actions from GET {scope}/providers/Microsoft.Authorization/permissions.
import type { TokenCredential } from '@azure/core-auth';
import { decodeJwtPayload } from '../auth/jwt.js';
import type { ArmReader } from '../clients/arm.js';
import { resourceGroupPath } from '../clients/automation.js';
import { groupExists, type ObservedResourceGroups } from '../kinds/resource-group.js';
import { KINDS } from './registry.js';
import type { ArmNeed, Desired, EngineChange, GraphNeed, NeedScopes, ResourceKind } from './types.js';

export type { ArmNeed } from './types.js';

export const AUTHORIZATION_API_VERSION = '2022-04-01';

export interface ArmPermission {
  actions?: string[];
  notActions?: string[];
}

/** The kinds a preflight asks: every registered one (Graph reads do not depend on the run's kinds). */
function graphNeeds(
  kinds: readonly ResourceKind<any, any>[],
  changes: EngineChange[],
  includeWrites: boolean,
): GraphNeed[] {
  const needs: GraphNeed[] = kinds.flatMap((k) => k.permissions?.graphRead ?? []);
  if (includeWrites) {
    const changed = new Set(changes.map((c) => c.kind));
    needs.push(...kinds.filter((k) => changed.has(k.kind)).flatMap((k) => k.permissions?.graphWrite ?? []));
  }
  return needs;
}

/** The Graph application permissions (app role values) the plan needs that `roles` lacks. Pure. */
export function missingGraphPermissions(
  roles: string[],
  changes: EngineChange[],
  includeWrites: boolean,
  kinds: readonly ResourceKind<any, any>[] = KINDS,
): string[] {
  const held = new Set(roles.map((r) => r.toLowerCase()));
  const missing = graphNeeds(kinds, changes, includeWrites)
    .filter((any) => !any.some((p) => held.has(p.toLowerCase())))
    .map((any) => any[0]);
  return [...new Set(missing)];
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

/** ARM actions (with the scope they are checked at) the plan needs, as the kinds declare them. Pure. */
export function armNeeds(
  desired: Desired,
  groups: ObservedResourceGroups,
  changes: EngineChange[],
  includeWrites: boolean,
  kinds: readonly ResourceKind<any, any>[] = KINDS,
): ArmNeed[] {
  const subscription = `/subscriptions/${desired.subscriptionId}`;
  const at: NeedScopes = {
    desired,
    subscription,
    scopeOf: (rg) => (groupExists(groups, rg) ? resourceGroupPath(desired.subscriptionId, rg) : subscription),
  };
  const enabled = kinds.filter((k) => k.enabled?.(desired) ?? true);
  const byName = new Map(enabled.map((k) => [k.kind, k]));
  const needs = enabled.flatMap((k) => k.permissions?.armRead?.(at) ?? []);
  if (includeWrites) needs.push(...changes.flatMap((c) => byName.get(c.kind)?.permissions?.armWrite?.(c, at) ?? []));
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
  /** the kinds whose declared permissions are checked (default: every registered one) */
  kinds?: readonly ResourceKind<any, any>[];
}): Promise<PreflightResult> {
  const { desired, changes, includeWrites } = args;
  const app = desired.inputs.clientId;
  const problems: string[] = [];
  const roles = args.roles ?? (await graphRoles(args.credential, args.graphScope));
  for (const p of missingGraphPermissions(roles, changes, includeWrites, args.kinds)) {
    problems.push(`grant ${p} (Microsoft Graph application permission) to app ${app} and admin-consent it`);
  }
  const needs = armNeeds(desired, args.groups, changes, includeWrites, args.kinds);
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
