// All inputs of action.yml into one typed, validated object. Pure: the caller passes `get`
// (e.g. name => core.getInput(name)), which returns '' for an unset input. Every problem is
// collected and thrown at once in one ConfigError, before any network request.
import { CLOUDS, LOCATIONS, cloudOfLocation, endpointsFor, isCloud, normalizeLocation } from './cloud.js';
import { checkRuntime, incompatibilityReason, parseVersion, SUPPORTED_RUNTIMES } from './compat.js';
import { ConfigError } from './errors.js';
import { isGlobalAdministrator, resolveRole, supportedRoleNames } from './roles.js';
import type { Cloud, HeaderCheck, IdentityType, Inputs, Mode, ResourceType, RoleRef, Runtime } from './types.js';

/** Defaults of action.yml that the code applies too (so a caller without action.yml gets the same result). */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  audience: 'api://AzureADTokenExchange',
  cloud: 'AzureCloud',
  'gallery-endpoint': 'https://www.powershellgallery.com/api/v2',
  'resource-type': 'automation-account',
  'identity-type': 'system-assigned',
  'create-missing': 'true',
  roles: 'Exchange Administrator',
  'exclusive-roles': 'false',
  'allow-global-admin': 'false',
  'runtime-versions': '7.4',
  'module-version': 'latest',
  'publish-runbooks': 'true',
  'prune-runbooks': 'false',
  'header-check': 'error',
  mode: 'auto',
  'fail-on-drift': 'false',
  'smoke-test': 'false',
  'comment-on-pr': 'true',
};

export const REQUIRED_INPUTS = ['tenant-id', 'client-id', 'subscription-id', 'organization', 'resource-group'];

const RESOURCE_TYPES: readonly ResourceType[] = ['automation-account', 'vm'];
const IDENTITY_TYPES: readonly IdentityType[] = ['system-assigned', 'user-assigned'];
const HEADER_CHECKS: readonly HeaderCheck[] = ['error', 'warn', 'off'];
const MODES: readonly Mode[] = ['auto', 'plan', 'apply'];

// YAML 1.2 core schema booleans, the forms GitHub documents for boolean inputs.
const TRUE_FORMS = ['true', 'True', 'TRUE'];
const FALSE_FORMS = ['false', 'False', 'FALSE'];

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Initial (*.onmicrosoft.*) domain of a tenant; sovereign forms for US Government and 21Vianet.
const ORGANIZATION_RE =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.(?:onmicrosoft\.com|onmicrosoft\.us|partner\.onmschina\.cn)$/i;
// Azure naming rules (learn.microsoft.com "Naming rules and restrictions for Azure resources").
const RESOURCE_GROUP_RE = /^[\p{L}\p{N}._()-]{1,90}$/u; // and not ending in '.'
const AUTOMATION_ACCOUNT_RE = /^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/; // 6-50
const IDENTITY_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/; // 3-128
// VM names: Windows allows 1-15, Linux 1-64 characters. The action never creates a VM, it only
// reads an existing one, so the wider Linux rule is used (a Windows name always satisfies it):
// letters, digits, hyphens and periods, not ending in a period or hyphen.
const VM_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62}[A-Za-z0-9])?$/;

const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000';

/** Quote a user value for a message; long values are cut so a pasted secret cannot fill the log. */
function q(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

function splitList(value: string, separators: RegExp): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function readInputs(get: (name: string) => string): Inputs {
  const problems: string[] = [];
  const problem = (name: string, text: string) => problems.push(`${name}: ${text}`);

  const read = (name: string): string => (get(name) ?? '').trim();
  const withDefault = (name: string): string => read(name) || INPUT_DEFAULTS[name] || '';

  const required = (name: string, what: string): string => {
    const value = read(name);
    if (value === '') problem(name, `required; expected ${what}`);
    return value;
  };

  const guid = (name: string, what: string): string => {
    const value = required(name, `${what} (a GUID such as ${EXAMPLE_GUID})`);
    if (value !== '' && !GUID_RE.test(value)) {
      problem(name, `${q(value)} is not a GUID; expected ${what}, e.g. ${EXAMPLE_GUID}`);
    }
    return value.toLowerCase();
  };

  const bool = (name: string): boolean => {
    const value = withDefault(name);
    if (TRUE_FORMS.includes(value)) return true;
    if (FALSE_FORMS.includes(value)) return false;
    problem(name, `${q(value)} is not a boolean; accepted: ${[...TRUE_FORMS, ...FALSE_FORMS].join(', ')}`);
    return INPUT_DEFAULTS[name] === 'true';
  };

  // Enums match in any case and come back in their canonical spelling.
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = withDefault(name);
    const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!found) problem(name, `${q(value)} is not accepted; accepted: ${allowed.join(', ')}`);
    return found;
  };

  const httpsUrl = (name: string): string | undefined => {
    const value = read(name);
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
      problem(
        name,
        `${q(shown)} is not an https URL; expected https://host[:port][/path] without credentials or query`,
      );
      return undefined;
    }
    return value;
  };

  const resourceGroupName = (name: string, value: string) => {
    if (value === '') return;
    if (!RESOURCE_GROUP_RE.test(value) || value.endsWith('.')) {
      problem(
        name,
        `${q(value)} is not a valid resource group name; expected 1-90 letters, digits, periods, underscores, ` +
          'hyphens or parentheses, not ending in a period',
      );
    }
  };

  // --- identity of the deploying app -----------------------------------------------------------
  const tenantId = guid('tenant-id', 'the Directory (tenant) ID of the deploying app');
  const clientId = guid('client-id', 'the Application (client) ID of the deploying app or user-assigned identity');
  const subscriptionId = guid('subscription-id', 'the subscription ID of the resources');
  const audience = withDefault('audience');

  // --- cloud and endpoints ---------------------------------------------------------------------
  const cloud = oneOf<Cloud>('cloud', CLOUDS);
  const overrides = {
    arm: httpsUrl('arm-endpoint'),
    graph: httpsUrl('graph-endpoint'),
    authorityHost: httpsUrl('authority-host'),
    gallery: httpsUrl('gallery-endpoint'),
  };
  const endpoints = endpointsFor(cloud && isCloud(cloud) ? cloud : 'AzureCloud', overrides);

  // --- organization ----------------------------------------------------------------------------
  const organization = required('organization', 'the tenant domain, e.g. contoso.onmicrosoft.com').toLowerCase();
  if (organization !== '' && !ORGANIZATION_RE.test(organization)) {
    problem(
      'organization',
      `${q(organization)} is not an initial tenant domain; expected NAME.onmicrosoft.com ` +
        '(NAME.onmicrosoft.us for US Government, NAME.partner.onmschina.cn for Azure China)',
    );
  }

  // --- resource --------------------------------------------------------------------------------
  const resourceType = oneOf<ResourceType>('resource-type', RESOURCE_TYPES);
  const resourceGroup = required('resource-group', 'the resource group of the Automation account or VM');
  resourceGroupName('resource-group', resourceGroup);

  let location: string | undefined;
  const rawLocation = read('location');
  if (rawLocation !== '') {
    location = normalizeLocation(rawLocation);
    const owner = cloudOfLocation(location);
    const wanted = cloud ?? 'AzureCloud';
    if (!owner) {
      problem(
        'location',
        `${q(rawLocation)} is not a known Azure region; expected a region name such as westeurope or eastus ` +
          `(lower case, no spaces; \`az account list-locations --query [].name\`)`,
      );
    } else if (cloud && owner !== wanted) {
      problem(
        'location',
        `${q(rawLocation)} is a region of ${owner}, but cloud is ${wanted}; use one of ${LOCATIONS[wanted].slice(0, 4).join(', ')}, ...`,
      );
    }
  }

  const automationAccount = read('automation-account');
  const vmName = read('vm-name');
  if (resourceType === 'automation-account') {
    if (automationAccount === '') {
      problem('automation-account', 'required when resource-type is automation-account; expected the account name');
    }
    if (vmName !== '') problem('vm-name', 'only used with resource-type vm; remove it or set resource-type: vm');
  } else if (resourceType === 'vm') {
    if (vmName === '') problem('vm-name', 'required when resource-type is vm; expected the VM name');
    if (automationAccount !== '') {
      problem(
        'automation-account',
        'only used with resource-type automation-account; remove it or change resource-type',
      );
    }
  }
  if (automationAccount !== '' && !AUTOMATION_ACCOUNT_RE.test(automationAccount)) {
    problem(
      'automation-account',
      `${q(automationAccount)} is not a valid Automation account name; expected 6-50 letters, digits or hyphens, ` +
        'starting with a letter and ending with a letter or digit',
    );
  }
  if (vmName !== '' && !VM_NAME_RE.test(vmName)) {
    problem(
      'vm-name',
      `${q(vmName)} is not a valid VM name; expected 1-64 letters, digits, hyphens or periods, ` +
        'starting with a letter or digit and not ending in a period or hyphen (Windows VMs: at most 15)',
    );
  }

  // --- identity --------------------------------------------------------------------------------
  const identityType = oneOf<IdentityType>('identity-type', IDENTITY_TYPES);
  const identityName = read('identity-name');
  if (identityType === 'user-assigned' && identityName === '') {
    problem('identity-name', 'required when identity-type is user-assigned; expected the identity resource name');
  }
  if (identityType === 'system-assigned' && identityName !== '') {
    problem(
      'identity-name',
      'only used with identity-type user-assigned; remove it or set identity-type: user-assigned',
    );
  }
  if (identityName !== '' && !IDENTITY_NAME_RE.test(identityName)) {
    problem(
      'identity-name',
      `${q(identityName)} is not a valid user-assigned identity name; expected 3-128 letters, digits, hyphens or ` +
        'underscores, starting with a letter or digit',
    );
  }
  const identityResourceGroup = read('identity-resource-group') || resourceGroup;
  if (read('identity-resource-group') !== '') resourceGroupName('identity-resource-group', identityResourceGroup);

  const createMissing = bool('create-missing');

  // --- roles -----------------------------------------------------------------------------------
  const allowGlobalAdmin = bool('allow-global-admin');
  const exclusiveRoles = bool('exclusive-roles');
  const roles: RoleRef[] = [];
  const roleEntries = splitList(withDefault('roles'), /[,\n]/);
  if (roleEntries.length === 0) {
    problem('roles', `empty; expected one or more of: ${supportedRoleNames().join(', ')}`);
  }
  for (const entry of roleEntries) {
    const role = resolveRole(entry);
    if (!role) {
      problem(
        'roles',
        `${q(entry)} is not a role Exchange Online supports for managed identities; accepted (display name in any ` +
          `case, or template id): ${supportedRoleNames().join(', ')}`,
      );
      continue;
    }
    if (isGlobalAdministrator(role) && !allowGlobalAdmin) {
      problem(
        'roles',
        'Global Administrator is refused unless allow-global-admin is true; Exchange Administrator already covers ' +
          'every Exchange Online task',
      );
      continue;
    }
    if (!roles.some((r) => r.templateId === role.templateId)) roles.push(role);
  }

  // --- runtimes and module ---------------------------------------------------------------------
  const runtimeVersions: Runtime[] = [];
  const runtimeEntries = splitList(withDefault('runtime-versions'), /[,\n]/);
  if (runtimeEntries.length === 0) {
    problem('runtime-versions', `empty; expected a comma list of ${SUPPORTED_RUNTIMES.join(', ')}`);
  }
  for (const entry of runtimeEntries) {
    const check = checkRuntime(entry);
    if (!check.ok) problem('runtime-versions', check.message);
    else if (!runtimeVersions.includes(check.runtime)) runtimeVersions.push(check.runtime);
  }

  let moduleVersion = withDefault('module-version');
  if (moduleVersion.toLowerCase() === 'latest') {
    moduleVersion = 'latest';
  } else if (!parseVersion(moduleVersion)) {
    problem(
      'module-version',
      `${q(moduleVersion)} is not accepted; expected latest or an ExchangeOnlineManagement version such as 3.9.2`,
    );
  } else {
    for (const rt of runtimeVersions) {
      const reason = incompatibilityReason(rt, moduleVersion);
      if (reason) problem('module-version', `${moduleVersion} is not compatible with runtime ${rt}: ${reason}`);
    }
  }

  const rawRunbookRuntime = read('runbook-runtime');
  let runbookRuntime: Runtime = runtimeVersions[0] ?? '7.4';
  if (rawRunbookRuntime !== '') {
    const check = checkRuntime(rawRunbookRuntime);
    if (!check.ok) {
      problem('runbook-runtime', check.message);
    } else if (runtimeVersions.length > 0 && !runtimeVersions.includes(check.runtime)) {
      problem(
        'runbook-runtime',
        `${q(rawRunbookRuntime)} is not one of runtime-versions; accepted: ${runtimeVersions.join(', ')}`,
      );
    } else {
      runbookRuntime = check.runtime;
    }
  }

  // --- runbooks --------------------------------------------------------------------------------
  const runbooks = splitList(read('runbooks'), /\r?\n/);
  if (runbooks.length > 0 && resourceType === 'vm') {
    problem(
      'runbooks',
      'runbooks are synced to Automation accounts only; remove it or set resource-type: automation-account',
    );
  }
  for (const pattern of runbooks) {
    const body = pattern.replace(/^!/, '');
    if (/^(?:\/|[A-Za-z]:[\\/]|\\)/.test(body) || body.split(/[\\/]/).includes('..')) {
      problem(
        'runbooks',
        `${q(pattern)} leaves the workspace; expected a glob relative to the workspace, e.g. runbooks/*.ps1`,
      );
    }
  }
  const publishRunbooks = bool('publish-runbooks');
  const pruneRunbooks = bool('prune-runbooks');
  const headerCheck = oneOf<HeaderCheck>('header-check', HEADER_CHECKS);

  // --- run control -----------------------------------------------------------------------------
  const mode = oneOf<Mode>('mode', MODES);
  const failOnDrift = bool('fail-on-drift');
  const smokeTest = bool('smoke-test');
  const githubToken = read('github-token');
  const commentOnPr = bool('comment-on-pr');

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    tenantId,
    clientId,
    subscriptionId,
    audience,
    cloud: cloud!,
    endpoints,
    organization,
    resourceType: resourceType!,
    resourceGroup,
    location,
    automationAccount: automationAccount || undefined,
    vmName: vmName || undefined,
    identityType: identityType!,
    identityName: identityName || undefined,
    identityResourceGroup,
    createMissing,
    roles,
    exclusiveRoles,
    allowGlobalAdmin,
    runtimeVersions,
    moduleVersion,
    runbooks,
    runbookRuntime,
    publishRunbooks,
    pruneRunbooks,
    headerCheck: headerCheck!,
    mode: mode!,
    failOnDrift,
    smokeTest,
    githubToken,
    commentOnPr,
  };
}
