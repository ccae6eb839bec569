// NuGet version rules the gallery applies: normalized form (no 4th component when it is 0),
// case-insensitive equality, and SemVer 2 ordering (a release sorts after its prereleases).
import type { GalleryVersion, Sim } from '../types.js';

export function normalizeVersion(v: string): string {
  const [core, ...rest] = v.trim().split('-');
  const parts = core.split('.').map((p) => String(Number(p)));
  while (parts.length < 3) parts.push('0');
  if (parts.length === 4 && parts[3] === '0') parts.pop();
  return [parts.join('.'), ...rest].join('-');
}

export function sameVersion(a: string, b: string): boolean {
  return normalizeVersion(a).toLowerCase() === normalizeVersion(b).toLowerCase();
}

export function compareVersions(a: string, b: string): number {
  const [ac, ...ap] = normalizeVersion(a).split('-');
  const [bc, ...bp] = normalizeVersion(b).split('-');
  const an = ac.split('.').map(Number);
  const bn = bc.split('.').map(Number);
  for (let i = 0; i < Math.max(an.length, bn.length); i++) {
    const d = (an[i] ?? 0) - (bn[i] ?? 0);
    if (d) return d;
  }
  const apre = ap.join('-');
  const bpre = bp.join('-');
  if (!apre || !bpre) return apre ? -1 : bpre ? 1 : 0;
  const al = apre.toLowerCase().split('.');
  const bl = bpre.toLowerCase().split('.');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] === undefined) return -1;
    if (bl[i] === undefined) return 1;
    const numeric = /^\d+$/.test(al[i]) && /^\d+$/.test(bl[i]);
    const d = numeric ? Number(al[i]) - Number(bl[i]) : al[i] < bl[i] ? -1 : al[i] > bl[i] ? 1 : 0;
    if (d) return d;
  }
  return 0;
}

/** The package's id as the gallery spells it and its versions, oldest first; undefined when unknown. */
export function findPackage(sim: Sim, id: string): { id: string; versions: GalleryVersion[] } | undefined {
  const key = Object.keys(sim.state.gallery).find((k) => k.toLowerCase() === id.toLowerCase());
  if (!key) return undefined;
  return { id: key, versions: [...sim.state.gallery[key]].sort((a, b) => compareVersions(a.version, b.version)) };
}

/** The package's entry for `version` (NuGet equality), or undefined. */
export function findVersion(
  pkg: { versions: GalleryVersion[] } | undefined,
  version: string,
): GalleryVersion | undefined {
  return pkg?.versions.find((x) => sameVersion(x.version, version));
}

export function isListed(v: GalleryVersion): boolean {
  return v.downloadable !== false;
}

/** Latest stable (IsLatestVersion) and latest including prereleases (IsAbsoluteLatestVersion), of listed versions. */
export function latestOf(versions: GalleryVersion[]): { latest?: GalleryVersion; absolute?: GalleryVersion } {
  const listed = versions.filter(isListed);
  return { latest: listed.filter((v) => !v.prerelease).at(-1), absolute: listed.at(-1) };
}
