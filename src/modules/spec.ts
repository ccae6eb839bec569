// One line of the `modules` input: `[7.4:]Name[@version|@latest]`. Pure.
// Names are PowerShell Gallery (NuGet) package ids, matched exactly (case-insensitively, as the
// gallery does); no wildcards, no version ranges: the plan must say exactly what it imports.
import { checkRuntime, parseVersion } from '../compat.js';
import { visibleControls } from '../log/inert.js';
import type { Runtime } from '../types.js';

export interface ModuleSpec {
  /** the runtime the line names (`7.4:`), or undefined for every runtime of runtime-versions */
  runtime?: Runtime;
  name: string;
  /** an exact module version, or 'latest' (the newest release that runs on the runtime) */
  version: string;
  /** the line as written (for messages) */
  line: string;
}

// NuGet package ids: letters, digits, '.', '_' and '-', at most 100 characters (NuGet's
// PackageIdValidator); no leading or trailing '.', no '..'.
const ID_RE = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9_-])?$/;

export function isPackageId(name: string): boolean {
  return ID_RE.test(name) && !name.includes('..');
}

/** A user value in a message: hidden characters shown as <U+XXXX>, long values cut. */
function shown(value: string): string {
  return visibleControls(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
}

export type SpecResult = { ok: true; spec: ModuleSpec } | { ok: false; message: string };

function parseRuntime(prefix: string, line: string): { runtime?: Runtime; message?: string } {
  const check = checkRuntime(prefix, true); // retired ones: the rule with allow-retired-runtimes
  if (check.ok) return { runtime: check.runtime };
  return {
    message:
      `${shown(line)}: ${shown(prefix)} is not a runtime; expected NAME, NAME@VERSION or ` +
      `NAME@latest, optionally prefixed RUNTIME: with RUNTIME one of 5.1, 7.4, 7.6 (e.g. 7.4:Microsoft.Graph.Users@2.18.0)`,
  };
}

/** Parse one non-empty, trimmed line. */
export function parseModuleSpec(line: string): SpecResult {
  let rest = line;
  let runtime: Runtime | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const r = parseRuntime(rest.slice(0, colon).trim(), line);
    if (r.message) return { ok: false, message: r.message };
    runtime = r.runtime;
    rest = rest.slice(colon + 1).trim();
  }
  const at = rest.indexOf('@');
  const name = (at >= 0 ? rest.slice(0, at) : rest).trim();
  const rawVersion = at >= 0 ? rest.slice(at + 1).trim() : 'latest';
  if (!isPackageId(name)) {
    return {
      ok: false,
      message:
        `${shown(line)}: ${shown(name)} is not a PowerShell Gallery package name; expected the ` +
        'exact name (letters, digits, ".", "_", "-"; no wildcards), e.g. Microsoft.Graph.Users',
    };
  }
  const latest = rawVersion.toLowerCase() === 'latest';
  if (!latest && !parseVersion(rawVersion)) {
    return {
      ok: false,
      message:
        `${shown(line)}: ${shown(rawVersion)} is not a module version; expected an exact ` +
        'version such as 2.18.0 (no ranges) or latest',
    };
  }
  return { ok: true, spec: { runtime, name, version: latest ? 'latest' : rawVersion, line } };
}
