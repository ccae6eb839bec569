// NuGet version ranges as the gallery's feed states dependencies (d:Dependencies
// "Id:Range:TargetFramework|..."): "1.2.0" (1.2.0 or later), "[2.18.0]" (exactly), "[1.0,2.0)",
// "(,2.0]", "" (any). Pure. NuGet docs "Package versioning" > "Version ranges".
import { compareVersions, parseVersion } from '../compat.js';

export interface VersionRange {
  min?: string;
  minInclusive: boolean;
  max?: string;
  maxInclusive: boolean;
  /** the range as written */
  text: string;
}

export function parseRange(text: string): VersionRange | undefined {
  const t = text.trim();
  if (t === '') return { minInclusive: true, maxInclusive: true, text: t };
  if (!/^[[(]/.test(t))
    return parseVersion(t) ? { min: t, minInclusive: true, maxInclusive: true, text: t } : undefined;
  const m = /^([[(])\s*([^,\])]*?)\s*(?:(,)\s*([^\])]*?)\s*)?([\])])$/.exec(t);
  if (!m) return undefined;
  const [, open, lo, comma, hi, close] = m;
  if (!comma) {
    // [1.0] exactly; (1.0) is invalid
    if (open !== '[' || close !== ']' || !parseVersion(lo)) return undefined;
    return { min: lo, minInclusive: true, max: lo, maxInclusive: true, text: t };
  }
  if ((lo && !parseVersion(lo)) || (hi && !parseVersion(hi))) return undefined;
  return {
    min: lo || undefined,
    minInclusive: open === '[',
    max: hi || undefined,
    maxInclusive: close === ']',
    text: t,
  };
}

export function satisfies(version: string, r: VersionRange): boolean {
  if (!parseVersion(version)) return false;
  if (r.min) {
    const c = compareVersions(version, r.min);
    if (c < 0 || (c === 0 && !r.minInclusive)) return false;
  }
  if (r.max) {
    const c = compareVersions(version, r.max);
    if (c > 0 || (c === 0 && !r.maxInclusive)) return false;
  }
  return true;
}

/** The one version the range allows, when it allows exactly one ("[2.18.0]"). */
export function exactVersion(r: VersionRange): string | undefined {
  return r.min && r.max && r.minInclusive && r.maxInclusive && compareVersions(r.min, r.max) === 0 ? r.min : undefined;
}

/** "= 2.18.0", ">= 1.2.0", ... for messages, as the gallery's page shows dependencies. */
export function describeRange(r: VersionRange): string {
  const exact = exactVersion(r);
  if (exact) return `= ${exact}`;
  const lo = r.min ? `${r.minInclusive ? '>=' : '>'} ${r.min}` : '';
  const hi = r.max ? `${r.maxInclusive ? '<=' : '<'} ${r.max}` : '';
  return [lo, hi].filter(Boolean).join(' && ') || 'any version';
}

/** d:Dependencies of a feed entry -> [{id, range}] (target framework ignored: PowerShell modules declare none). */
export function parseDependencies(text: string): { id: string; range: string }[] {
  return text
    .split('|')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const [id, range = ''] = d.split(':');
      return { id: id.trim(), range: range.trim() };
    })
    .filter((d) => d.id !== '');
}
