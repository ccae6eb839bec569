// Every input of action.yml as one row: its parser (parse.ts), default and whether it is required.
// The order of the rows is the order problems are reported in. Cross-field rules are in rules.ts.
import { ALL_EXCHANGE_ENVIRONMENTS, CLOUDS } from '../cloud.js';
import type { ExchangeEnvironment, HeaderCheck, IdentityType, Mode, ResourceType } from '../types.js';
import { parseGraphPermissionList } from '../graph-permissions/resolve.js';
import * as p from './parse.js';

export interface Row<T> {
  parse: p.Parser<T>;
  /** applied when the input is unset or blank (action.yml declares the same default) */
  default?: string;
  /** what to ask for when the input is unset: makes the input required */
  required?: string;
  /**
   * A value of only whitespace is parsed as given (an error for a list) instead of taking the
   * default: `roles: '   '` must not silently become Exchange Administrator, as `' , '` does not.
   */
  blankIsGiven?: boolean;
}

const row = <T>(parse: p.Parser<T>, extra: Omit<Row<T>, 'parse'> = {}): Row<T> => ({ parse, ...extra });

// Azure naming rules (learn.microsoft.com "Naming rules and restrictions for Azure resources").
const RESOURCE_GROUP_RE = /^[\p{L}\p{N}._()-]{1,90}$/u; // and not ending in '.'
const AUTOMATION_ACCOUNT_RE = /^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/; // 6-50
const IDENTITY_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/; // 3-128
// VM names: Windows allows 1-15, Linux 1-64 characters. The action never creates a VM, it only
// reads an existing one, so the wider Linux rule is used (a Windows name always satisfies it).
const VM_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62}[A-Za-z0-9])?$/;
// Initial (*.onmicrosoft.*) domain of a tenant; sovereign forms for US Government and 21Vianet.
const ORGANIZATION_RE =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.(?:onmicrosoft\.com|onmicrosoft\.us|partner\.onmschina\.cn)$/i;

const resourceGroup = p.named(
  RESOURCE_GROUP_RE,
  'resource group name; expected 1-90 letters, digits, periods, underscores, hyphens or parentheses, not ending in a period',
  (v) => !v.endsWith('.'),
);

const organization: p.Parser<string> = (value, bad) => {
  const v = value.toLowerCase();
  if (v !== '' && !ORGANIZATION_RE.test(v)) {
    bad(
      `${p.q(v)} is not an initial tenant domain; expected NAME.onmicrosoft.com ` +
        '(NAME.onmicrosoft.us for US Government, NAME.partner.onmschina.cn for Azure China)',
    );
  }
  return v;
};

export const INPUT_TABLE = {
  // identity of the deploying app
  'tenant-id': row(p.guid('the Directory (tenant) ID of the deploying app'), {
    required: `the Directory (tenant) ID of the deploying app (a GUID such as ${p.EXAMPLE_GUID})`,
  }),
  'client-id': row(p.guid('the Application (client) ID of the deploying app or user-assigned identity'), {
    required: `the Application (client) ID of the deploying app or user-assigned identity (a GUID such as ${p.EXAMPLE_GUID})`,
  }),
  'subscription-id': row(p.guid('the subscription ID of the resources'), {
    required: `the subscription ID of the resources (a GUID such as ${p.EXAMPLE_GUID})`,
  }),
  audience: row(p.text, { default: 'api://AzureADTokenExchange' }),
  // cloud and endpoints
  cloud: row(p.oneOf(CLOUDS), { default: 'AzureCloud' }),
  'arm-endpoint': row(p.httpsUrl),
  'graph-endpoint': row(p.httpsUrl),
  'authority-host': row(p.httpsUrl),
  'gallery-endpoint': row(p.httpsUrl, { default: 'https://www.powershellgallery.com/api/v2' }),
  organization: row(organization, { required: 'the tenant domain, e.g. contoso.onmicrosoft.com' }),
  // empty: from `cloud` (rules.ts), which US Government cannot tell
  'exchange-environment': row<ExchangeEnvironment | undefined>((value, bad) =>
    value === '' ? undefined : p.oneOf(ALL_EXCHANGE_ENVIRONMENTS)(value, bad),
  ),
  // resource
  'resource-type': row(p.oneOf<ResourceType>(['automation-account', 'vm']), { default: 'automation-account' }),
  'resource-group': row(resourceGroup, { required: 'the resource group of the Automation account or VM' }),
  location: row(p.text),
  'vm-name': row(
    p.named(
      VM_NAME_RE,
      'VM name; expected 1-64 letters, digits, hyphens or periods, starting with a letter or digit and not ' +
        'ending in a period or hyphen (Windows VMs: at most 15)',
    ),
  ),
  'automation-account': row(
    p.named(
      AUTOMATION_ACCOUNT_RE,
      'Automation account name; expected 6-50 letters, digits or hyphens, starting with a letter and ending ' +
        'with a letter or digit',
    ),
  ),
  // identity
  'identity-type': row(p.oneOf<IdentityType>(['system-assigned', 'user-assigned']), { default: 'system-assigned' }),
  'identity-name': row(
    p.named(
      IDENTITY_NAME_RE,
      'user-assigned identity name; expected 3-128 letters, digits, hyphens or underscores, starting with a ' +
        'letter or digit',
    ),
  ),
  'identity-resource-group': row(resourceGroup),
  'create-missing': row(p.bool, { default: 'true' }),
  // roles
  'allow-global-admin': row(p.bool, { default: 'false' }),
  'exclusive-roles': row(p.bool, { default: 'false' }),
  roles: row(p.roleList, { default: 'Exchange Administrator', blankIsGiven: true }),
  // Microsoft Graph application permissions (issue 18; privileged ones: rules.ts)
  'graph-permissions': row(parseGraphPermissionList),
  'exclusive-graph-permissions': row(p.bool, { default: 'false' }),
  'allow-privileged-permissions': row(p.bool, { default: 'false' }),
  // runtimes and module
  'runtime-versions': row(p.runtimeList, { default: '7.4', blankIsGiven: true }),
  'allow-retired-runtimes': row(p.bool, { default: 'false' }),
  'module-version': row(p.moduleVersion, { default: 'latest' }),
  'runbook-runtime': row(p.runtime),
  modules: row(p.moduleList),
  // runbooks
  runbooks: row(p.runbookPatterns),
  'publish-runbooks': row(p.bool, { default: 'true' }),
  'prune-runbooks': row(p.bool, { default: 'false' }),
  'header-check': row(p.oneOf<HeaderCheck>(['error', 'warn', 'off']), { default: 'error' }),
  // the desired-state file (CONTRACT-NEXT section 3), loaded and checked by inputs/config-file.ts
  config: row(p.configPath),
  // run control
  mode: row(p.oneOf<Mode>(['auto', 'plan', 'apply']), { default: 'auto' }),
  'fail-on-drift': row(p.bool, { default: 'false' }),
  'smoke-test': row(p.bool, { default: 'false' }),
  'github-token': row(p.text),
  'comment-on-pr': row(p.bool, { default: 'true' }),
} satisfies Record<string, Row<unknown>>;

export type InputName = keyof typeof INPUT_TABLE;

/** Every input parsed by its row, before the cross-field rules. */
export type Values = { [K in InputName]: ReturnType<(typeof INPUT_TABLE)[K]['parse']> };

/** What each input was set to (trimmed), so rules can tell "set" from "defaulted". */
export type Given = Record<InputName, boolean>;

export const INPUT_NAMES = Object.keys(INPUT_TABLE) as InputName[];
