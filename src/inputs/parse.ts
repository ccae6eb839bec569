// The value parsers of the inputs table (table.ts). Pure. Each takes the trimmed value (the
// default already applied) and a `bad` callback for problems, and returns the parsed value.
import { checkRuntime, parseVersion, SUPPORTED_RUNTIMES } from '../compat.js';
import { visibleControls } from '../log/inert.js';
import { resolveRole, supportedRoleNames } from '../roles.js';
import { parseModuleSpec, type ModuleSpec } from '../modules/spec.js';
import { typosquatOf } from '../modules/typosquat.js';
import type { RoleRef, Runtime } from '../types.js';

export type Bad = (text: string) => void;
export type Parser<T> = (value: string, bad: Bad) => T;

/** An example GUID for messages. Not the nil GUID: that one is refused (it names no tenant, app or subscription). */
export const EXAMPLE_GUID = '00001111-aaaa-2222-bbbb-3333cccc4444';
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// YAML 1.2 core schema booleans, the forms GitHub documents for boolean inputs.
export const TRUE_FORMS = ['true', 'True', 'TRUE'];
export const FALSE_FORMS = ['false', 'False', 'FALSE'];

/**
 * Quote a user value for a message: long values are cut so a pasted secret cannot fill the log,
 * and hidden characters (bidi controls, NUL) are shown as <U+XXXX>.
 */
export function q(value: string): string {
  return visibleControls(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
}

export function splitList(value: string, separators: RegExp): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export const text: Parser<string> = (value) => value;

export function guid(what: string): Parser<string> {
  return (value, bad) => {
    if (value === '') return '';
    if (!GUID_RE.test(value)) bad(`${q(value)} is not a GUID; expected ${what}, e.g. ${EXAMPLE_GUID}`);
    else if (value === NIL_GUID) bad(`${q(value)} is the nil GUID, which names nothing; expected ${what}`);
    return value.toLowerCase();
  };
}

export const bool: Parser<boolean | undefined> = (value, bad) => {
  if (TRUE_FORMS.includes(value)) return true;
  if (FALSE_FORMS.includes(value)) return false;
  bad(`${q(value)} is not a boolean; accepted: ${[...TRUE_FORMS, ...FALSE_FORMS].join(', ')}`);
  return undefined;
};

/** Enums match in any case and come back in their canonical spelling. */
export function oneOf<T extends string>(allowed: readonly T[]): Parser<T | undefined> {
  return (value, bad) => {
    const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!found) bad(`${q(value)} is not accepted; accepted: ${allowed.join(', ')}`);
    return found;
  };
}

export const httpsUrl: Parser<string | undefined> = (value, bad) => {
  if (value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    // Credentials and query strings (SAS tokens) are masked: the message must not leak them.
    const shown = value.replace(/\/\/[^/?#]*@/, '//***@').replace(/[?#].*$/, '?***');
    bad(`${q(shown)} is not an https URL; expected https://host[:port][/path] without credentials or query`);
    return undefined;
  }
  return value;
};

/** A value checked against a naming rule; '' (unset) passes. */
export function named(re: RegExp, rule: string, extra: (v: string) => boolean = () => true): Parser<string> {
  return (value, bad) => {
    if (value !== '' && (!re.test(value) || !extra(value))) bad(`${q(value)} is not a valid ${rule}`);
    return value;
  };
}

export const roleList: Parser<RoleRef[]> = (value, bad) => {
  const roles: RoleRef[] = [];
  const entries = splitList(value, /[,\n]/);
  if (entries.length === 0) bad(`empty; expected one or more of: ${supportedRoleNames().join(', ')}`);
  for (const entry of entries) {
    const role = resolveRole(entry);
    if (!role) {
      bad(
        `${q(entry)} is not a role Exchange Online supports for managed identities; accepted (display name in any ` +
          `case, or template id): ${supportedRoleNames().join(', ')}`,
      );
    } else if (!roles.some((r) => r.templateId === role.templateId)) roles.push(role);
  }
  return roles;
};

export const runtimeList: Parser<Runtime[]> = (value, bad) => {
  const runtimes: Runtime[] = [];
  const entries = splitList(value, /[,\n]/);
  if (entries.length === 0) bad(`empty; expected a comma list of ${SUPPORTED_RUNTIMES.join(', ')}`);
  for (const entry of entries) {
    const check = checkRuntime(entry, true); // retired ones: rules.ts (allow-retired-runtimes)
    if (!check.ok) bad(check.message);
    else if (!runtimes.includes(check.runtime)) runtimes.push(check.runtime);
  }
  return runtimes;
};

export const runtime: Parser<Runtime | undefined> = (value, bad) => {
  if (value === '') return undefined;
  const check = checkRuntime(value, true); // retired ones: rules.ts (allow-retired-runtimes)
  if (check.ok) return check.runtime;
  bad(check.message);
  return undefined;
};

export const moduleVersion: Parser<string | undefined> = (value, bad) => {
  if (value.toLowerCase() === 'latest') return 'latest';
  if (parseVersion(value)) return value;
  bad(`${q(value)} is not accepted; expected latest or an ExchangeOnlineManagement version such as 3.9.2`);
  return undefined;
};

export const runbookPatterns: Parser<string[]> = (value, bad) => {
  const patterns = splitList(value, /\r?\n/);
  for (const pattern of patterns) {
    const body = pattern.replace(/^!/, '');
    if (/^(?:\/|[A-Za-z]:[\\/]|\\)/.test(body) || body.split(/[\\/]/).includes('..')) {
      bad(`${q(pattern)} leaves the workspace; expected a glob relative to the workspace, e.g. runbooks/*.ps1`);
    }
  }
  return patterns;
};

/**
 * `modules`: one `[RUNTIME:]NAME[@VERSION|@latest]` per line (# starts a comment line). Names one
 * edit away from a well-known module are refused: typosquats of them are published on the gallery.
 */
export const moduleList: Parser<ModuleSpec[]> = (value, bad) => {
  const specs: ModuleSpec[] = [];
  for (const line of splitList(value, /\r?\n/)) {
    if (line.startsWith('#')) continue;
    const r = parseModuleSpec(line);
    if (!r.ok) {
      bad(r.message);
      continue;
    }
    const { spec } = r;
    const real = typosquatOf(spec.name);
    if (real) {
      bad(
        `${q(line)}: ${q(spec.name)} is one edit away from ${real}, a well-known module (look-alike names of ` +
          `well-known modules are published on the PowerShell Gallery as typosquats); names are matched exactly: ` +
          `did you mean ${real}?`,
      );
    } else if (spec.name.toLowerCase() === 'exchangeonlinemanagement') {
      bad(`${q(line)}: ExchangeOnlineManagement is the action's own module; set its version with module-version`);
    } else if (specs.some((s) => s.name.toLowerCase() === spec.name.toLowerCase() && s.runtime === spec.runtime)) {
      bad(
        `${q(line)}: ${spec.name} is listed twice${spec.runtime ? ` for runtime ${spec.runtime}` : ''}; keep one line`,
      );
    } else specs.push(spec);
  }
  return specs;
};

/** `config`: a file path relative to the workspace ('' = no desired-state file). */
export const configPath: Parser<string> = (value, bad) => {
  if (/^(?:\/|[A-Za-z]:[\\/]|\\)/.test(value) || value.split(/[\\/]/).includes('..')) {
    bad(`${q(value)} leaves the workspace; expected a path relative to the workspace, e.g. .github/exo-automation.yml`);
  }
  return value;
};
