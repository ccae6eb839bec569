// Which packages of a runtime environment the action added for the `modules` input. Packages
// carry no marker of their own that the action can rely on, so the runtime environment (created
// by the action, and an ARM tracked resource whose tags Azure keeps) lists them in a tag:
//
//   exo-automation-modules: Microsoft.Graph.Authentication,Microsoft.Graph.Users
//
// (continued in exo-automation-modules-2, -3, ... past ARM's 256-character tag value limit). A
// package is pruned only when this tag lists it and the input no longer asks for it; packages
// added by hand, or by anyone else, are never in the tag and never touched. Pure.

export const MODULES_TAG = 'exo-automation-modules';
/** ARM: tag values up to 256 characters (learn.microsoft.com "Use tags to organize your Azure resources"). */
const MAX_TAG_VALUE = 256;

const TAG_RE = new RegExp(`^${MODULES_TAG}(?:-(\\d+))?$`, 'i');

/** The names the tag(s) list, in tag order. */
export function markedPackages(tags: Record<string, string> | undefined): string[] {
  const parts = Object.entries(tags ?? {})
    .map(([k, v]) => ({ n: TAG_RE.exec(k), v }))
    .filter((e) => e.n)
    .sort((a, b) => Number(a.n![1] ?? 1) - Number(b.n![1] ?? 1));
  return parts
    .flatMap((p) => p.v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The marker tags for `names` (sorted, comma-joined, split at the value limit); {} for none. */
export function markerTags(names: string[]): Record<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const values: string[] = [];
  for (const name of sorted) {
    const last = values.at(-1);
    if (last !== undefined && last.length + 1 + name.length <= MAX_TAG_VALUE)
      values[values.length - 1] = `${last},${name}`;
    else values.push(name);
  }
  return Object.fromEntries(values.map((v, i) => [i === 0 ? MODULES_TAG : `${MODULES_TAG}-${i + 1}`, v]));
}

/** `tags` with the marker replaced by the one for `names` (other tags kept as they are). */
export function withMarker(tags: Record<string, string> | undefined, names: string[]): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !TAG_RE.test(k)));
  return { ...kept, ...markerTags(names) };
}

/** Same set of names, whatever the case and order. */
export function sameNames(a: string[], b: string[]): boolean {
  const norm = (x: string[]) => [...new Set(x.map((s) => s.toLowerCase()))].sort().join('\n');
  return norm(a) === norm(b);
}
