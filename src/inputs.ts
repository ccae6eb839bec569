// All inputs of action.yml into one typed, validated object. Pure: the caller passes `get`
// (e.g. name => core.getInput(name, { trimWhitespace: false })), which returns '' for an unset
// input. Each input is one row of inputs/table.ts; cross-field rules are inputs/rules.ts. Every
// problem is collected and thrown at once in one ConfigError, before any network request;
// settings that have no effect are passed to `warn`.
import { defaultExchangeEnvironment, endpointsFor, normalizeLocation } from './cloud.js';
import { InputsError, readConfigFile, workspaceSource, type ConfigSource } from './inputs/config-file.js';
import { RULES } from './inputs/rules.js';
import { INPUT_NAMES, INPUT_TABLE, type Given, type InputName, type Row, type Values } from './inputs/table.js';
import type { ConfigProblem } from './config/types.js';
import type { Inputs } from './types.js';

/** Defaults of action.yml that the code applies too (so a caller without action.yml gets the same result). */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  INPUT_NAMES.flatMap((n) => {
    const d = (INPUT_TABLE[n] as Row<unknown>).default;
    return d === undefined ? [] : [[n, d]];
  }),
);

export const REQUIRED_INPUTS: string[] = INPUT_NAMES.filter((n) => (INPUT_TABLE[n] as Row<unknown>).required);

interface Finding {
  name: InputName;
  text: string;
}

/** Findings sorted by the input's row (stable: one input's findings keep their order). */
function byRow(findings: Finding[]): string[] {
  const index = (n: InputName) => INPUT_NAMES.indexOf(n);
  return [...findings].sort((a, b) => index(a.name) - index(b.name)).map((f) => `${f.name}: ${f.text}`);
}

function readRows(get: (name: string) => string, problems: Finding[]): { values: Values; given: Given } {
  const values = {} as Record<InputName, unknown>;
  const given = {} as Given;
  for (const name of INPUT_NAMES) {
    const row = INPUT_TABLE[name] as Row<unknown>;
    const raw = get(name) ?? '';
    const value = raw.trim();
    given[name] = value !== '' || (raw !== '' && row.blankIsGiven === true);
    const effective = given[name] ? value : (row.default ?? '');
    if (effective === '' && row.required) problems.push({ name, text: `required; expected ${row.required}` });
    values[name] = row.parse(effective, (text) => problems.push({ name, text }));
  }
  return { values: values as Values, given };
}

/**
 * `source`: where the `config` file and its from-env variables are read (default: the workspace
 * and the environment; only read when `config` is set). Throws InputsError listing every problem.
 */
export function readInputs(
  get: (name: string) => string,
  warn: (text: string) => void = () => {},
  source: () => ConfigSource = workspaceSource,
): Inputs {
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  const { values: v, given } = readRows(get, problems);
  const out = {
    problem: (name: InputName, text: string) => problems.push({ name, text }),
    warn: (name: InputName, text: string) => warnings.push({ name, text }),
  };
  for (const rule of RULES) rule(v, given, out);
  const locations: ConfigProblem[] = [];
  const config = problems.some((f) => f.name === 'config')
    ? undefined
    : readConfigFile(v, given, source, {
        problem: (text) => out.problem('config', text),
        location: (l) => locations.push(l),
      });
  if (problems.length > 0) throw new InputsError(byRow(problems), locations);
  for (const w of byRow(warnings)) warn(w);
  return { ...assemble(v), ...(config ? { config } : {}) };
}

/** The Inputs object from values that passed every row and rule. */
function assemble(v: Values): Inputs {
  const runtimeVersions = v['runtime-versions'];
  return {
    tenantId: v['tenant-id'],
    clientId: v['client-id'],
    subscriptionId: v['subscription-id'],
    audience: v.audience,
    cloud: v.cloud!,
    endpoints: endpointsFor(v.cloud!, {
      arm: v['arm-endpoint'],
      graph: v['graph-endpoint'],
      authorityHost: v['authority-host'],
      gallery: v['gallery-endpoint'],
    }),
    organization: v.organization,
    // the rules made sure one is given where the cloud cannot tell
    exchangeEnvironment: v['exchange-environment'] ?? defaultExchangeEnvironment(v.cloud!)!,
    resourceType: v['resource-type']!,
    resourceGroup: v['resource-group'],
    location: v.location === '' ? undefined : normalizeLocation(v.location),
    automationAccount: v['automation-account'] || undefined,
    vmName: v['vm-name'] || undefined,
    identityType: v['identity-type']!,
    identityName: v['identity-name'] || undefined,
    identityResourceGroup: v['identity-resource-group'] || v['resource-group'],
    createMissing: v['create-missing']!,
    roles: v.roles,
    exclusiveRoles: v['exclusive-roles']!,
    allowGlobalAdmin: v['allow-global-admin']!,
    graphPermissions: v['graph-permissions'],
    exclusiveGraphPermissions: v['exclusive-graph-permissions']!,
    allowPrivilegedPermissions: v['allow-privileged-permissions']!,
    runtimeVersions,
    allowRetiredRuntimes: v['allow-retired-runtimes']!,
    moduleVersion: v['module-version']!,
    modules: v.modules,
    runbooks: v.runbooks,
    runbookRuntime: v['runbook-runtime'] ?? runtimeVersions[0] ?? '7.4',
    publishRunbooks: v['publish-runbooks']!,
    pruneRunbooks: v['prune-runbooks']!,
    headerCheck: v['header-check']!,
    mode: v.mode!,
    failOnDrift: v['fail-on-drift']!,
    smokeTest: v['smoke-test']!,
    githubToken: v['github-token'],
    commentOnPr: v['comment-on-pr']!,
  };
}
