// The packages one runtime environment needs for the `modules` lines that apply to it: versions
// chosen, the gallery's declared dependencies added (transitively), each checked against the
// runtime, and put in dependency order. The gallery is reached only through `GalleryLookup`, so
// the logic is tested without the network.
import { compareVersions, parseVersion } from '../compat.js';
import type { Runtime } from '../types.js';
import { knownIncompatibility } from './known.js';
import { manifestIncompatibility, type ModuleManifest } from './manifest.js';
import { describeRange, exactVersion, parseRange, satisfies, type VersionRange } from './range.js';
import { isPackageId, type ModuleSpec } from './spec.js';

export interface GalleryLookup {
  /** every version of `id`; [] when the gallery has no such package */
  versions(id: string): Promise<{ version: string; prerelease: boolean }[]>;
  /** the gallery's spelling of the id and the dependencies this version declares */
  entry(
    id: string,
    version: string,
  ): Promise<{ id: string; dependencies: { id: string; range: string }[] } | undefined>;
  /** the module manifest inside this version's package */
  manifest(id: string, version: string): Promise<ModuleManifest>;
}

export interface ResolvedPackage {
  name: string;
  version: string;
  /** packages of the same runtime environment it declares as dependencies */
  dependsOn: string[];
  /** why it is there: the input line, or "dependency of X" */
  why: string;
}

export interface Resolution {
  packages: ResolvedPackage[];
  problems: string[];
}

/** How many versions `latest` looks at (newest first) for one that runs on the runtime. */
const LATEST_CANDIDATES = 8;

const key = (name: string) => name.toLowerCase();
const same = (a: string, b: string) => (parseVersion(a) && parseVersion(b) ? compareVersions(a, b) === 0 : a === b);

async function whyNot(
  lookup: GalleryLookup,
  name: string,
  version: string,
  runtime: Runtime,
): Promise<string | undefined> {
  return (
    knownIncompatibility(name, version, runtime) ??
    manifestIncompatibility(name, version, await lookup.manifest(name, version), runtime)
  );
}

interface Pick {
  name: string;
  /** exact version, or the ranges it must satisfy ('latest' = no range) */
  exact?: string;
  ranges: VersionRange[];
  label: string;
}

/** A version of `pick.name` for `runtime`, or a problem. */
async function choose(
  lookup: GalleryLookup,
  pick: Pick,
  runtime: Runtime,
): Promise<{ version?: string; problem?: string }> {
  const all = await lookup.versions(pick.name);
  if (!all.length)
    return { problem: `${pick.label}: the gallery (gallery-endpoint) has no package named ${pick.name}` };
  const releases = all
    .filter((v) => !v.prerelease && parseVersion(v.version))
    .map((v) => v.version)
    .sort((a, b) => compareVersions(b, a));
  if (pick.exact) {
    const hit = all.find((v) => same(v.version, pick.exact!));
    if (!hit) {
      return {
        problem: `${pick.label}: ${pick.name} has no version ${pick.exact} in the gallery; newest releases: ${releases.slice(0, 5).join(', ') || 'none'}`,
      };
    }
    const why = await whyNot(lookup, pick.name, hit.version, runtime);
    return why ? { problem: `${pick.label}: ${why}` } : { version: hit.version };
  }
  const fits = releases.filter((v) => pick.ranges.every((r) => satisfies(v, r))).slice(0, LATEST_CANDIDATES);
  let first: string | undefined;
  for (const v of fits) {
    const why = await whyNot(lookup, pick.name, v, runtime);
    if (!why) return { version: v };
    first ??= why;
  }
  const wanted = pick.ranges.map(describeRange).join(', ') || 'any version';
  return {
    problem: `${pick.label}: no release of ${pick.name} (${wanted}) runs on runtime ${runtime}${first ? `; newest: ${first}` : ''}`,
  };
}

interface Node extends ResolvedPackage {
  fixed?: boolean;
}

/** Add the dependencies the nodes of `wave` declare; returns the newly added nodes. */
async function expand(
  lookup: GalleryLookup,
  wave: Node[],
  chosen: Map<string, Node>,
  runtime: Runtime,
  problems: string[],
): Promise<Node[]> {
  const entries = await Promise.all(wave.map((n) => lookup.entry(n.name, n.version)));
  const wants = new Map<string, { name: string; ranges: VersionRange[]; from: string[] }>();
  wave.forEach((node, i) => {
    const entry = entries[i];
    if (!entry) return void problems.push(`${node.why}: the gallery has no entry for ${node.name} ${node.version}`);
    if (entry.id.toLowerCase() === node.name.toLowerCase()) node.name = entry.id; // the gallery's spelling
    for (const dep of entry.dependencies) {
      // the feed's text names paths and plan lines: only package ids are taken from it
      if (!isPackageId(dep.id)) {
        problems.push(
          `${node.name} ${node.version} declares a dependency that is not a package name: ${JSON.stringify(dep.id.slice(0, 80))}`,
        );
        continue;
      }
      const range = parseRange(dep.range);
      if (!range)
        return void problems.push(
          `${node.name} ${node.version} declares a dependency the action cannot read: ${dep.id} ${dep.range}`,
        );
      node.dependsOn.push(dep.id);
      const have = chosen.get(key(dep.id));
      const from = `${node.name} ${node.version}`;
      if (have) {
        if (!satisfies(have.version, range)) {
          problems.push(
            `${from} needs ${dep.id} ${describeRange(range)}, but ${have.name} ${have.version} is chosen (${have.why}); ` +
              'a runtime environment holds one version of a package: choose versions that agree',
          );
        }
        continue;
      }
      const w = wants.get(key(dep.id)) ?? { name: dep.id, ranges: [], from: [] };
      w.ranges.push(range);
      w.from.push(from);
      wants.set(key(dep.id), w);
    }
  });
  const added = await Promise.all(
    [...wants.values()].map(async (w) => {
      const exacts = [...new Set(w.ranges.map(exactVersion).filter((v): v is string => !!v))];
      const label = `dependency of ${w.from.join(', ')}`;
      if (exacts.length > 1)
        return void problems.push(
          `${label}: they need different versions of ${w.name} (${exacts.join(', ')}); choose versions that agree`,
        );
      const r = await choose(lookup, { name: w.name, exact: exacts[0], ranges: w.ranges, label }, runtime);
      if (r.problem) return void problems.push(r.problem);
      const node: Node = { name: w.name, version: r.version!, dependsOn: [], why: label };
      chosen.set(key(w.name), node);
      return node;
    }),
  );
  return added.filter((n): n is Node => !!n);
}

/** Dependencies first; dependsOn keeps only packages of this environment. */
export function dependencyOrder(nodes: ResolvedPackage[]): { order: ResolvedPackage[]; cycle?: string[] } {
  const by = new Map(nodes.map((n) => [key(n.name), n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: ResolvedPackage[] = [];
  let cycle: string[] | undefined;
  const visit = (n: ResolvedPackage, path: string[]) => {
    const k = key(n.name);
    if (state.get(k) === 'done' || cycle) return;
    if (state.get(k) === 'visiting') return void (cycle = [...path, n.name]);
    state.set(k, 'visiting');
    for (const d of n.dependsOn) {
      const dep = by.get(key(d));
      if (dep) visit(dep, [...path, n.name]);
    }
    state.set(k, 'done');
    order.push(n);
  };
  for (const n of nodes) visit(n, []);
  return { order, cycle };
}

/**
 * Resolve the lines for one runtime. `fixed`: packages the action itself puts in this environment
 * (PackageManagement, PowerShellGet, ExchangeOnlineManagement) — dependencies on them are checked
 * against their version, never replaced.
 */
export async function resolveRuntime(
  runtime: Runtime,
  specs: ModuleSpec[],
  fixed: { name: string; version: string }[],
  lookup: GalleryLookup,
): Promise<Resolution> {
  const problems: string[] = [];
  const chosen = new Map<string, Node>(
    fixed.map((f) => [key(f.name), { ...f, dependsOn: [], why: 'managed by the action', fixed: true }]),
  );
  const picked = await Promise.all(
    specs.map(async (s) => ({
      s,
      r: await choose(
        lookup,
        { name: s.name, exact: s.version === 'latest' ? undefined : s.version, ranges: [], label: s.line },
        runtime,
      ),
    })),
  );
  let wave: Node[] = [];
  for (const { s, r } of picked) {
    if (r.problem) problems.push(r.problem);
    else if (!chosen.has(key(s.name))) {
      const node: Node = { name: s.name, version: r.version!, dependsOn: [], why: s.line };
      chosen.set(key(s.name), node);
      wave.push(node);
    }
  }
  for (let depth = 0; wave.length && depth < 20; depth++) wave = await expand(lookup, wave, chosen, runtime, problems);
  const own = [...chosen.values()].filter((n) => !n.fixed);
  const { order, cycle } = dependencyOrder(own);
  if (cycle) problems.push(`the gallery declares a dependency cycle: ${cycle.join(' -> ')}`);
  return { packages: order.map(({ name, version, dependsOn, why }) => ({ name, version, dependsOn, why })), problems };
}
