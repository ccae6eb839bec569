// Cross-field rules of the inputs: each a named function over the parsed values, reporting
// problems (which fail the run before any request) and warnings (a setting that has no effect).
import { cloudOfLocation, EXCHANGE_ENVIRONMENTS, LOCATIONS, normalizeLocation } from '../cloud.js';
import { incompatibilityReason, RETIRED_MIGRATION_MESSAGE, RETIRED_RUNTIMES, RETIREMENT_DATE } from '../compat.js';
import { knownPermission, PRIVILEGED_GRAPH_PERMISSIONS } from '../graph-permissions/catalog.js';
import { knownIncompatibility } from '../modules/known.js';
import { isGlobalAdministrator } from '../roles.js';
import type { Cloud } from '../types.js';
import { q } from './parse.js';
import type { Given, InputName, Values } from './table.js';

export interface RuleOutput {
  problem(name: InputName, text: string): void;
  warn(name: InputName, text: string): void;
}

export type Rule = (v: Values, given: Given, out: RuleOutput) => void;

/** The initial-domain suffix of each cloud's directory (Entra global, US Government, 21Vianet). */
export const ORGANIZATION_SUFFIX: Readonly<Record<Cloud, string>> = {
  AzureCloud: '.onmicrosoft.com',
  AzureUSGovernment: '.onmicrosoft.us',
  AzureChinaCloud: '.partner.onmschina.cn',
};

const organizationInCloud: Rule = (v, _given, out) => {
  if (!v.cloud || v.organization === '') return;
  const owner = (Object.keys(ORGANIZATION_SUFFIX) as Cloud[]).find((c) =>
    v.organization.endsWith(ORGANIZATION_SUFFIX[c]),
  );
  if (!owner || owner === v.cloud) return;
  out.problem(
    'organization',
    `${q(v.organization)} is a tenant domain of ${owner}, but cloud is ${v.cloud}; expected ` +
      `NAME${ORGANIZATION_SUFFIX[v.cloud]} with cloud ${v.cloud}, or set cloud: ${owner}`,
  );
};

/** US Government cannot tell GCC High from DoD; a given environment must belong to `cloud`. */
const exchangeEnvironmentOfCloud: Rule = (v, _given, out) => {
  if (!v.cloud) return;
  const envs = EXCHANGE_ENVIRONMENTS[v.cloud];
  const env = v['exchange-environment'];
  if (env === undefined) {
    if (envs.length > 1) {
      out.problem(
        'exchange-environment',
        `required when cloud is ${v.cloud}; expected O365USGovGCCHigh (Microsoft 365 GCC High) or O365USGovDoD ` +
          '(Microsoft 365 DoD), the -ExchangeEnvironmentName of Connect-ExchangeOnline',
      );
    }
    return;
  }
  if (!envs.includes(env)) {
    out.problem(
      'exchange-environment',
      `${env} is not an Exchange Online environment of cloud ${v.cloud}; accepted with ${v.cloud}: ${envs.join(', ')}`,
    );
  }
};

const locationInCloud: Rule = (v, _given, out) => {
  if (v.location === '') return;
  const owner = cloudOfLocation(normalizeLocation(v.location));
  const wanted = v.cloud ?? 'AzureCloud';
  if (!owner) {
    out.problem(
      'location',
      `${q(v.location)} is not a known Azure region; expected a region name such as westeurope or eastus ` +
        `(lower case, no spaces; \`az account list-locations --query [].name\`)`,
    );
  } else if (v.cloud && owner !== wanted) {
    out.problem(
      'location',
      `${q(v.location)} is a region of ${owner}, but cloud is ${wanted}; use one of ${LOCATIONS[wanted].slice(0, 4).join(', ')}, ...`,
    );
  }
};

const resourceOfType: Rule = (v, _given, out) => {
  const aa = v['automation-account'];
  const vm = v['vm-name'];
  if (v['resource-type'] === 'automation-account') {
    if (aa === '') {
      out.problem('automation-account', 'required when resource-type is automation-account; expected the account name');
    }
    if (vm !== '') out.problem('vm-name', 'only used with resource-type vm; remove it or set resource-type: vm');
  } else if (v['resource-type'] === 'vm') {
    if (vm === '') out.problem('vm-name', 'required when resource-type is vm; expected the VM name');
    if (aa !== '') {
      out.problem(
        'automation-account',
        'only used with resource-type automation-account; remove it or change resource-type',
      );
    }
  }
};

const identityOfType: Rule = (v, given, out) => {
  const name = v['identity-name'];
  if (v['identity-type'] === 'user-assigned' && name === '') {
    out.problem('identity-name', 'required when identity-type is user-assigned; expected the identity resource name');
  }
  if (v['identity-type'] !== 'system-assigned') return;
  if (name !== '') {
    out.problem(
      'identity-name',
      'only used with identity-type user-assigned; remove it or set identity-type: user-assigned',
    );
  }
  if (given['identity-resource-group']) {
    out.warn(
      'identity-resource-group',
      'ignored with identity-type system-assigned (that identity belongs to the resource itself); ' +
        'remove it or set identity-type: user-assigned',
    );
  }
};

const globalAdminAllowed: Rule = (v, _given, out) => {
  if (v['allow-global-admin'] !== false || !v.roles.some(isGlobalAdministrator)) return;
  out.problem(
    'roles',
    'Global Administrator is refused unless allow-global-admin is true; Exchange Administrator already covers ' +
      'every Exchange Online task',
  );
};

/**
 * Privileged Graph permissions (they grant authorization or the highest directory privilege, by
 * value or id from the offline catalog): refused, or with allow-privileged-permissions kept with a
 * warning that the summary shows.
 */
const privilegedGraphPermissions: Rule = (v, given, out) => {
  const privileged = v['graph-permissions'].flatMap((entry) => {
    const known = knownPermission(entry);
    if (!known?.privileged) return [];
    return [known.value === entry ? entry : `${known.value} (${entry})`];
  });
  const allowed = v['allow-privileged-permissions'] === true;
  if (privileged.length && !allowed) {
    out.problem(
      'graph-permissions',
      `${privileged.join(', ')}: privileged (an identity holding it can grant itself or others more privileges, ` +
        `or write the whole directory), refused unless allow-privileged-permissions is true; privileged: ` +
        `${PRIVILEGED_GRAPH_PERMISSIONS.join(', ')}`,
    );
  } else if (privileged.length) {
    out.warn(
      'graph-permissions',
      `${privileged.join(', ')}: privileged Microsoft Graph permission granted to the identity because ` +
        'allow-privileged-permissions is true; anyone who can edit its runbooks holds it too',
    );
  }
  if (allowed && !privileged.length && given['allow-privileged-permissions']) {
    out.warn('allow-privileged-permissions', 'no effect: graph-permissions names no privileged permission; remove it');
  }
};

/** Exclusive with nothing listed removes every Graph permission: allowed, but said. */
const exclusiveWithoutGraphPermissions: Rule = (v, given, out) => {
  if (
    v['exclusive-graph-permissions'] !== true ||
    v['graph-permissions'].length ||
    !given['exclusive-graph-permissions']
  )
    return;
  out.warn(
    'exclusive-graph-permissions',
    'graph-permissions is empty, so the plan removes every Microsoft Graph application permission of the identity',
  );
};

/** 7.1 / 7.2: refused with the migration message, or, with allow-retired-runtimes, kept with a warning. */
const retiredRuntimes: Rule = (v, _given, out) => {
  const named: [InputName, string[]][] = [
    ['runtime-versions', v['runtime-versions']],
    ['runbook-runtime', v['runbook-runtime'] ? [v['runbook-runtime']] : []],
  ];
  for (const [name, runtimes] of named) {
    for (const rt of runtimes.filter((r) => (RETIRED_RUNTIMES as readonly string[]).includes(r))) {
      if (v['allow-retired-runtimes'] !== true) {
        out.problem(
          name,
          `PowerShell ${rt} is retired. ${RETIRED_MIGRATION_MESSAGE} To keep ${rt} for now, set allow-retired-runtimes: true.`,
        );
      } else if (rt === '7.1') {
        // [EXO-OS] (compat.ts): every ExchangeOnlineManagement 3.x needs PowerShell 7.2 or later
        out.problem(
          name,
          'PowerShell 7.1 runs no ExchangeOnlineManagement 3.x (they need 7.2 or later); use 7.2 or 7.4',
        );
      } else if (name === 'runtime-versions') {
        out.warn(
          name,
          `PowerShell ${rt} is retired (Azure Automation retires 7.1 and 7.2 on ${RETIREMENT_DATE}; retired runtimes ` +
            'still run, in reduced support). It is kept because allow-retired-runtimes is true; move to 7.4 or 7.6.',
        );
      }
    }
  }
};

const moduleRunsOnRuntimes: Rule = (v, _given, out) => {
  const version = v['module-version'];
  if (!version || version === 'latest') return;
  for (const rt of v['runtime-versions']) {
    if (RETIRED_RUNTIMES.includes(rt) && v['allow-retired-runtimes'] !== true) continue; // refused already
    const reason = incompatibilityReason(rt, version);
    if (reason) out.problem('module-version', `${version} is not compatible with runtime ${rt}: ${reason}`);
  }
};

const runbookRuntimeAmongRuntimes: Rule = (v, given, out) => {
  const rt = v['runbook-runtime'];
  const runtimes = v['runtime-versions'];
  const refusedRetired = rt && RETIRED_RUNTIMES.includes(rt) && v['allow-retired-runtimes'] !== true;
  if (rt && !refusedRetired && runtimes.length > 0 && !runtimes.includes(rt)) {
    out.problem('runbook-runtime', `${q(rt)} is not one of runtime-versions; accepted: ${runtimes.join(', ')}`);
  }
  if (given['runbook-runtime'] && v['resource-type'] === 'vm') {
    out.warn('runbook-runtime', 'ignored with resource-type vm (runbooks run in Automation accounts only); remove it');
  }
};

const runbooksOnAccounts: Rule = (v, given, out) => {
  if (v.runbooks.length > 0 && v['resource-type'] === 'vm') {
    out.problem(
      'runbooks',
      'runbooks are synced to Automation accounts only; remove it or set resource-type: automation-account',
    );
  }
  if (v.runbooks.length === 0 && given['prune-runbooks'] && v['prune-runbooks'] === true) {
    out.warn(
      'prune-runbooks',
      'ignored without runbooks (only runbooks the action manages are pruned); set runbooks or remove it',
    );
  }
};

/**
 * `modules`: a runtime prefix names one of runtime-versions; an explicit version is checked
 * offline against what is known of it (src/modules/known.ts), before any request. The gallery's
 * own metadata (manifests, dependencies) is checked when the desired state is built.
 */
const modulesOnRuntimes: Rule = (v, _given, out) => {
  const runtimes = v['runtime-versions'];
  if (v.modules.length && v['resource-type'] === 'vm') {
    out.problem(
      'modules',
      'extra modules are imported into Automation runtime environments only; remove it with resource-type vm',
    );
    return;
  }
  for (const spec of v.modules) {
    if (spec.runtime && runtimes.length && !runtimes.includes(spec.runtime)) {
      out.problem(
        'modules',
        `${q(spec.line)}: runtime ${spec.runtime} is not one of runtime-versions (${runtimes.join(', ')}); ` +
          `add ${spec.runtime} to runtime-versions or use one of them`,
      );
      continue;
    }
    if (spec.version === 'latest') continue;
    for (const rt of spec.runtime ? [spec.runtime] : runtimes) {
      const why = knownIncompatibility(spec.name, spec.version, rt);
      if (why) out.problem('modules', `${q(spec.line)}: ${why}`);
    }
  }
};

const runControl: Rule = (v, given, out) => {
  if (v.mode === 'apply' && given['fail-on-drift'] && v['fail-on-drift'] === true) {
    out.warn('fail-on-drift', 'ignored with mode apply (only a plan judges drift); remove it or use mode plan or auto');
  }
  if (v.mode === 'plan' && given['smoke-test'] && v['smoke-test'] === true) {
    out.warn(
      'smoke-test',
      'ignored with mode plan (the smoke test runs after an apply only); remove it or use mode apply or auto',
    );
  }
};

/** In the order their problems were reported before the table (sorted by input afterwards anyway). */
export const RULES: readonly Rule[] = [
  organizationInCloud,
  exchangeEnvironmentOfCloud,
  locationInCloud,
  resourceOfType,
  identityOfType,
  globalAdminAllowed,
  privilegedGraphPermissions,
  exclusiveWithoutGraphPermissions,
  retiredRuntimes,
  moduleRunsOnRuntimes,
  runbookRuntimeAmongRuntimes,
  runbooksOnAccounts,
  modulesOnRuntimes,
  runControl,
];
