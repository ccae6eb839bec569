// graph-permissions: the list as given, checked offline (syntax, obvious typos of known values,
// privileged ones), then resolved at plan time against the Microsoft Graph service principal's
// appRoles, which is the authority on what exists. And the diff against the identity's app role
// assignments on that service principal. Pure: no I/O.
import { q } from '../inputs/parse.js';
import { knownPermission, KNOWN_GRAPH_PERMISSIONS } from './catalog.js';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Graph permission values: dot-separated words such as Mail.Send, User.Read.All, User-Mail.ReadWrite.All.
const VALUE_RE = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+$/;

export const isGuid = (s: string): boolean => GUID_RE.test(s);
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The `n` candidates nearest to `entry`: those on the same resource (the part before the first
 * dot: Sites.Read.All -> Sites.Selected) first, each group by edit distance, ties alphabetical.
 */
export function closest(entry: string, candidates: readonly string[], n = 3): string[] {
  const resource = (v: string) => v.split('.')[0].toLowerCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, other: resource(c) === resource(entry) ? 0 : 1, d: editDistance(entry, c) }))
    .sort((x, y) => x.other - y.other || x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, n)
    .map((x) => x.c);
}

const EXPECTED =
  'expected a Microsoft Graph application permission by value (e.g. Mail.Send) or by app role id (a GUID)';

/**
 * One entry checked offline: the canonical spelling of a known value, a lower-case id, or the
 * value as given (resolved at plan time). An unknown value one edit away from a known one is a
 * typo (Mail.Sendd): refused here, before any request. A real permission that close to a known one
 * can still be given by its app role id.
 */
function checkEntry(entry: string, bad: (text: string) => void): string | undefined {
  if (isGuid(entry)) return entry.toLowerCase();
  if (!VALUE_RE.test(entry)) {
    bad(`${q(entry)} is not a permission value; ${EXPECTED}`);
    return undefined;
  }
  const known = knownPermission(entry);
  if (known) return known.value;
  const values = KNOWN_GRAPH_PERMISSIONS.map((p) => p.value);
  const typoOf = values.find((v) => editDistance(entry, v) <= 1);
  if (typoOf) {
    const near = [typoOf, ...closest(entry, values).filter((v) => v !== typoOf)].slice(0, 3);
    bad(
      `${q(entry)} is not a Microsoft Graph application permission; did you mean ${typoOf}? ` +
        `(closest: ${near.join(', ')}; a permission this action does not know can be given by its app role id)`,
    );
    return undefined;
  }
  return entry;
}

/** The newline or comma list, checked offline; duplicates (any case) dropped. */
export function parseGraphPermissionList(value: string, bad: (text: string) => void): string[] {
  const out: string[] = [];
  const entries = value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) {
    const checked = checkEntry(entry, bad);
    if (checked !== undefined && !out.some((o) => same(o, checked))) out.push(checked);
  }
  return out;
}

/** An app role of the Graph service principal, as Graph lists it. */
export interface GraphAppRole {
  id: string;
  value: string | null;
  allowedMemberTypes?: string[];
  isEnabled?: boolean;
}

export interface ResolvedPermission {
  value: string;
  id: string;
}

/** Roles an application (a managed identity) can hold: allowedMemberTypes has Application, enabled. */
export function applicationRoles(appRoles: readonly GraphAppRole[]): ResolvedPermission[] {
  return appRoles
    .filter((r) => (r.allowedMemberTypes ?? ['Application']).includes('Application') && r.isEnabled !== false)
    .filter((r): r is GraphAppRole & { value: string } => typeof r.value === 'string' && r.value !== '')
    .map((r) => ({ value: r.value, id: r.id.toLowerCase() }));
}

/**
 * Each entry by value (exact spelling first, then any case) or id among the application roles of
 * the Graph service principal. Unknown entries are problems naming them and the closest real values.
 */
export function resolveGraphPermissions(
  entries: readonly string[],
  appRoles: readonly GraphAppRole[],
): { resolved: ResolvedPermission[]; problems: string[] } {
  const roles = applicationRoles(appRoles);
  const resolved: ResolvedPermission[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const role = isGuid(entry)
      ? roles.find((r) => same(r.id, entry))
      : (roles.find((r) => r.value === entry) ?? roles.find((r) => same(r.value, entry)));
    if (role) {
      if (!resolved.some((r) => r.id === role.id)) resolved.push(role);
      continue;
    }
    const what = isGuid(entry) ? 'app role id' : 'value';
    const near = isGuid(entry)
      ? ''
      : `; closest: ${closest(
          entry,
          roles.map((r) => r.value),
        ).join(', ')}`;
    problems.push(
      `graph-permissions: ${q(entry)} is not the ${what} of an application permission of the ` +
        `Microsoft Graph service principal in this tenant${near}`,
    );
  }
  return { resolved, problems };
}

/** An app role assignment of the identity, as Graph lists it. */
export interface AssignmentLike {
  id: string;
  appRoleId: string;
  resourceId: string;
}

/**
 * What to grant (desired, not held on the Graph SP) and, when exclusive, what to revoke (held on
 * the Graph SP, not desired). Assignments on other resources (Exchange.ManageAsApp) are never touched.
 */
export function diffGraphAssignments<A extends AssignmentLike>(
  desired: readonly ResolvedPermission[],
  assignments: readonly A[],
  graphSpId: string,
  exclusive: boolean,
): { grant: ResolvedPermission[]; revoke: A[] } {
  const onGraph = assignments.filter((a) => same(a.resourceId, graphSpId));
  const grant = desired.filter((p) => !onGraph.some((a) => same(a.appRoleId, p.id)));
  const revoke = exclusive ? onGraph.filter((a) => !desired.some((p) => same(a.appRoleId, p.id))) : [];
  return { grant, revoke };
}
