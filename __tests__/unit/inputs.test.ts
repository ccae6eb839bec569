import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { readInputs } from '../../src/inputs.js';

const TENANT = '72f988bf-0000-4000-8000-000000000001';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SUB = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

// The smallest valid configuration: everything else takes its default.
const BASE: Record<string, string> = {
  'tenant-id': TENANT,
  'client-id': CLIENT,
  'subscription-id': SUB,
  organization: 'contoso.onmicrosoft.com',
  'resource-group': 'rg-exo',
  'automation-account': 'aa-exo-prod',
};

/** `get` as @actions/core would answer: '' for unset. `undefined` in overrides removes a base input. */
function getter(overrides: Record<string, string | undefined>) {
  const all: Record<string, string | undefined> = { ...BASE, ...overrides };
  return (name: string) => all[name] ?? '';
}

function problemsOf(overrides: Record<string, string | undefined>): string[] {
  try {
    readInputs(getter(overrides));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const LONG_RG = 'r'.repeat(91);
const RETIRED = /is retired\. Azure Automation retires the PowerShell 7\.1 and 7\.2 runtimes on 2026-09-30\. Use 7\.4/;
const ROLE_LIST =
  'Exchange Administrator, Global Administrator, Global Reader, Compliance Administrator, Security Administrator, ' +
  'Security Reader, Helpdesk Administrator, Exchange Recipient Administrator';

// [case, input overrides, the one expected problem (exact text or pattern)]
const BAD: [string, Record<string, string | undefined>, string | RegExp][] = [
  [
    'tenant-id missing',
    { 'tenant-id': undefined },
    'tenant-id: required; expected the Directory (tenant) ID of the deploying app (a GUID such as 00001111-aaaa-2222-bbbb-3333cccc4444)',
  ],
  [
    'tenant-id not a GUID',
    { 'tenant-id': 'contoso.onmicrosoft.com' },
    'tenant-id: "contoso.onmicrosoft.com" is not a GUID; expected the Directory (tenant) ID of the deploying app, e.g. 00001111-aaaa-2222-bbbb-3333cccc4444',
  ],
  [
    'client-id not a GUID',
    { 'client-id': '1234' },
    /^client-id: "1234" is not a GUID; expected the Application \(client\) ID/,
  ],
  ['client-id GUID with braces', { 'client-id': `{${CLIENT}}` }, /^client-id: "\{11111111-.*\}" is not a GUID/],
  ['subscription-id missing', { 'subscription-id': '' }, /^subscription-id: required; expected the subscription ID/],
  ['subscription-id not a GUID', { 'subscription-id': 'my-sub' }, /^subscription-id: "my-sub" is not a GUID/],
  [
    'organization missing',
    { organization: undefined },
    'organization: required; expected the tenant domain, e.g. contoso.onmicrosoft.com',
  ],
  [
    'organization custom domain',
    { organization: 'contoso.com' },
    'organization: "contoso.com" is not an initial tenant domain; expected NAME.onmicrosoft.com (NAME.onmicrosoft.us for US Government, NAME.partner.onmschina.cn for Azure China)',
  ],
  [
    'organization unknown sovereign',
    { organization: 'contoso.onmicrosoft.de' },
    /^organization: "contoso\.onmicrosoft\.de" is not an initial tenant domain/,
  ],
  [
    'resource-group missing',
    { 'resource-group': '' },
    'resource-group: required; expected the resource group of the Automation account or VM',
  ],
  [
    'resource-group too long',
    { 'resource-group': LONG_RG },
    /^resource-group: ".*\.\.\." is not a valid resource group name; expected 1-90 letters, digits, periods, underscores, hyphens or parentheses, not ending in a period$/,
  ],
  [
    'resource-group ends in a period',
    { 'resource-group': 'rg.' },
    /^resource-group: "rg\." is not a valid resource group name/,
  ],
  [
    'resource-group with a slash',
    { 'resource-group': 'rg/x' },
    /^resource-group: "rg\/x" is not a valid resource group name/,
  ],
  [
    'automation-account missing',
    { 'automation-account': undefined },
    'automation-account: required when resource-type is automation-account; expected the account name',
  ],
  [
    'automation-account too short',
    { 'automation-account': 'aa1' },
    'automation-account: "aa1" is not a valid Automation account name; expected 6-50 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
  ],
  [
    'automation-account starts with a digit',
    { 'automation-account': '1account' },
    /^automation-account: "1account" is not a valid/,
  ],
  [
    'automation-account ends with a hyphen',
    { 'automation-account': 'account-' },
    /^automation-account: "account-" is not a valid/,
  ],
  ['automation-account too long', { 'automation-account': 'a'.repeat(51) }, /^automation-account: "a+" is not a valid/],
  [
    'automation-account with vm',
    { 'resource-type': 'vm', 'vm-name': 'vm1' },
    'automation-account: only used with resource-type automation-account; remove it or change resource-type',
  ],
  [
    'vm-name missing for vm',
    { 'resource-type': 'vm', 'automation-account': undefined },
    'vm-name: required when resource-type is vm; expected the VM name',
  ],
  [
    'vm-name with automation-account',
    { 'vm-name': 'vm1' },
    'vm-name: only used with resource-type vm; remove it or set resource-type: vm',
  ],
  [
    'vm-name with an underscore',
    { 'resource-type': 'vm', 'automation-account': undefined, 'vm-name': 'vm_1' },
    'vm-name: "vm_1" is not a valid VM name; expected 1-64 letters, digits, hyphens or periods, starting with a letter or digit and not ending in a period or hyphen (Windows VMs: at most 15)',
  ],
  [
    'vm-name too long',
    { 'resource-type': 'vm', 'automation-account': undefined, 'vm-name': 'v'.repeat(65) },
    /^vm-name: "v+" is not a valid VM name/,
  ],
  [
    'vm-name ends with a hyphen',
    { 'resource-type': 'vm', 'automation-account': undefined, 'vm-name': 'vm-' },
    /^vm-name: "vm-" is not a valid VM name/,
  ],
  [
    'identity-name missing for user-assigned',
    { 'identity-type': 'user-assigned' },
    'identity-name: required when identity-type is user-assigned; expected the identity resource name',
  ],
  [
    'identity-name with system-assigned',
    { 'identity-name': 'id-exo' },
    'identity-name: only used with identity-type user-assigned; remove it or set identity-type: user-assigned',
  ],
  [
    'identity-name too short',
    { 'identity-type': 'user-assigned', 'identity-name': 'id' },
    'identity-name: "id" is not a valid user-assigned identity name; expected 3-128 letters, digits, hyphens or underscores, starting with a letter or digit',
  ],
  [
    'identity-name starting with a hyphen',
    { 'identity-type': 'user-assigned', 'identity-name': '-id-exo' },
    /^identity-name: "-id-exo" is not a valid/,
  ],
  [
    'identity-resource-group invalid',
    { 'identity-resource-group': 'rg id' },
    /^identity-resource-group: "rg id" is not a valid resource group name/,
  ],
  [
    'location unknown',
    { location: 'atlantis' },
    'location: "atlantis" is not a known Azure region; expected a region name such as westeurope or eastus (lower case, no spaces; `az account list-locations --query [].name`)',
  ],
  [
    'location of another cloud',
    { location: 'chinanorth3' },
    'location: "chinanorth3" is a region of AzureChinaCloud, but cloud is AzureCloud; use one of australiacentral, australiacentral2, australiaeast, australiasoutheast, ...',
  ],
  [
    'cloud unknown',
    { cloud: 'AzureGermanCloud' },
    'cloud: "AzureGermanCloud" is not accepted; accepted: AzureCloud, AzureUSGovernment, AzureChinaCloud',
  ],
  [
    'resource-type unknown',
    { 'resource-type': 'function-app' },
    'resource-type: "function-app" is not accepted; accepted: automation-account, vm',
  ],
  [
    'identity-type unknown',
    { 'identity-type': 'both' },
    'identity-type: "both" is not accepted; accepted: system-assigned, user-assigned',
  ],
  [
    'header-check unknown',
    { 'header-check': 'strict' },
    'header-check: "strict" is not accepted; accepted: error, warn, off',
  ],
  ['mode unknown', { mode: 'destroy' }, 'mode: "destroy" is not accepted; accepted: auto, plan, apply'],
  [
    'create-missing yes',
    { 'create-missing': 'yes' },
    'create-missing: "yes" is not a boolean; accepted: true, True, TRUE, false, False, FALSE',
  ],
  ['comment-on-pr 1', { 'comment-on-pr': '1' }, /^comment-on-pr: "1" is not a boolean; accepted: true, True, TRUE/],
  ['exclusive-roles mixed case', { 'exclusive-roles': 'tRue' }, /^exclusive-roles: "tRue" is not a boolean/],
  ['smoke-test on', { 'smoke-test': 'on' }, /^smoke-test: "on" is not a boolean/],
  ['fail-on-drift y', { 'fail-on-drift': 'y' }, /^fail-on-drift: "y" is not a boolean/],
  ['publish-runbooks no', { 'publish-runbooks': 'no' }, /^publish-runbooks: "no" is not a boolean/],
  ['prune-runbooks 0', { 'prune-runbooks': '0' }, /^prune-runbooks: "0" is not a boolean/],
  ['allow-global-admin off', { 'allow-global-admin': 'off' }, /^allow-global-admin: "off" is not a boolean/],
  [
    'roles unsupported',
    { roles: 'Exchange Administrator, User Administrator' },
    `roles: "User Administrator" is not a role Exchange Online supports for managed identities; accepted (display name in any case, or template id): ${ROLE_LIST}`,
  ],
  [
    'roles Global Administrator without allow-global-admin',
    { roles: 'global administrator' },
    'roles: Global Administrator is refused unless allow-global-admin is true; Exchange Administrator already covers every Exchange Online task',
  ],
  ['roles empty list', { roles: ' , \n ,' }, `roles: empty; expected one or more of: ${ROLE_LIST}`],
  ['runtime-versions retired 7.2', { 'runtime-versions': '7.2' }, /^runtime-versions: PowerShell 7\.2 /],
  ['runtime-versions retired 7.1 next to 7.4', { 'runtime-versions': '7.1, 7.4' }, RETIRED],
  [
    'runtime-versions unknown',
    { 'runtime-versions': '8.0' },
    'runtime-versions: "8.0" is not a supported runtime; accepted: 5.1, 7.4, 7.6',
  ],
  [
    'runtime-versions empty list',
    { 'runtime-versions': ' , ' },
    'runtime-versions: empty; expected a comma list of 5.1, 7.4, 7.6',
  ],
  [
    'module-version 3.10 on 7.4',
    { 'module-version': '3.10.0' },
    'module-version: 3.10.0 is not compatible with runtime 7.4: ExchangeOnlineManagement 3.10.0 needs PowerShell 7.6 (3.10.0 and later); use 3.9.x or earlier on 7.4, or runtime 7.6',
  ],
  [
    'module-version 3.10 names only the runtime that cannot run it',
    { 'module-version': '3.10.1', 'runtime-versions': '5.1,7.4,7.6' },
    /^module-version: 3\.10\.1 is not compatible with runtime 7\.4: /,
  ],
  [
    'module-version V2',
    { 'module-version': '2.0.5' },
    /^module-version: 2\.0\.5 is not compatible with runtime 7\.4: ExchangeOnlineManagement 2\.0\.5 predates 3\.0\.0/,
  ],
  [
    'module-version not a version',
    { 'module-version': 'newest' },
    'module-version: "newest" is not accepted; expected latest or an ExchangeOnlineManagement version such as 3.9.2',
  ],
  [
    'runbook-runtime not among runtime-versions',
    { 'runbook-runtime': '7.6' },
    'runbook-runtime: "7.6" is not one of runtime-versions; accepted: 7.4',
  ],
  ['runbook-runtime retired', { 'runbook-runtime': '7.2' }, /^runbook-runtime: PowerShell 7\.2 is retired/],
  [
    'runtime-versions 7.1 even with allow-retired-runtimes',
    { 'runtime-versions': '7.1', 'allow-retired-runtimes': 'true' },
    'runtime-versions: PowerShell 7.1 runs no ExchangeOnlineManagement 3.x (they need 7.2 or later); use 7.2 or 7.4',
  ],
  [
    'module-version too new for retired 7.2',
    { 'runtime-versions': '7.2', 'allow-retired-runtimes': 'true', 'module-version': '3.9.2' },
    /^module-version: 3\.9\.2 is not compatible with runtime 7\.2: .*needs PowerShell 7\.4 \(3\.5\.0 and later\)/,
  ],
  [
    'runbooks with vm',
    { 'resource-type': 'vm', 'automation-account': undefined, 'vm-name': 'vm1', runbooks: 'runbooks/*.ps1' },
    'runbooks: runbooks are synced to Automation accounts only; remove it or set resource-type: automation-account',
  ],
  [
    'runbooks pattern leaving the workspace',
    { runbooks: 'runbooks/*.ps1\n../other/*.ps1' },
    'runbooks: "../other/*.ps1" leaves the workspace; expected a glob relative to the workspace, e.g. runbooks/*.ps1',
  ],
  ['runbooks absolute pattern', { runbooks: '/etc/*.ps1' }, /^runbooks: "\/etc\/\*\.ps1" leaves the workspace/],
  [
    'arm-endpoint over http',
    { 'arm-endpoint': 'http://localhost:8080' },
    'arm-endpoint: "http://localhost:8080" is not an https URL; expected https://host[:port][/path] without credentials or query',
  ],
  [
    'graph-endpoint not a URL',
    { 'graph-endpoint': 'graph.microsoft.com' },
    /^graph-endpoint: "graph\.microsoft\.com" is not an https URL/,
  ],
  [
    'authority-host with credentials',
    { 'authority-host': 'https://user:pw@login.example' },
    /^authority-host: ".*" is not an https URL/,
  ],
  [
    'gallery-endpoint with a query',
    { 'gallery-endpoint': 'https://mirror.example/api/v2?x=1' },
    /^gallery-endpoint: ".*" is not an https URL/,
  ],
  // issue 12, item 6: accepted before, then sent requests
  [
    'tenant-id the nil GUID',
    { 'tenant-id': '00000000-0000-0000-0000-000000000000' },
    'tenant-id: "00000000-0000-0000-0000-000000000000" is the nil GUID, which names nothing; expected the Directory (tenant) ID of the deploying app',
  ],
  ['client-id the nil GUID', { 'client-id': '00000000-0000-0000-0000-000000000000' }, /^client-id: .* is the nil GUID/],
  [
    'subscription-id the nil GUID',
    { 'subscription-id': '00000000-0000-0000-0000-000000000000' },
    /^subscription-id: .* is the nil GUID, which names nothing; expected the subscription ID/,
  ],
  [
    'organization of US Government with AzureCloud',
    { organization: 'contoso.onmicrosoft.us' },
    'organization: "contoso.onmicrosoft.us" is a tenant domain of AzureUSGovernment, but cloud is AzureCloud; expected NAME.onmicrosoft.com with cloud AzureCloud, or set cloud: AzureUSGovernment',
  ],
  [
    'organization of AzureCloud with AzureUSGovernment',
    { cloud: 'AzureUSGovernment', 'exchange-environment': 'O365USGovGCCHigh' },
    /^organization: "contoso\.onmicrosoft\.com" is a tenant domain of AzureCloud, but cloud is AzureUSGovernment; expected NAME\.onmicrosoft\.us/,
  ],
  [
    'organization of 21Vianet with AzureCloud',
    { organization: 'contoso.partner.onmschina.cn' },
    /^organization: .* is a tenant domain of AzureChinaCloud, but cloud is AzureCloud/,
  ],
  [
    'exchange-environment not chosen with AzureUSGovernment',
    { cloud: 'AzureUSGovernment', organization: 'contoso.onmicrosoft.us' },
    'exchange-environment: required when cloud is AzureUSGovernment; expected O365USGovGCCHigh (Microsoft 365 GCC High) or O365USGovDoD (Microsoft 365 DoD), the -ExchangeEnvironmentName of Connect-ExchangeOnline',
  ],
  [
    'exchange-environment of another cloud',
    { 'exchange-environment': 'O365China' },
    'exchange-environment: O365China is not an Exchange Online environment of cloud AzureCloud; accepted with AzureCloud: O365Default',
  ],
  [
    'exchange-environment unknown',
    { 'exchange-environment': 'O365GermanyCloud' },
    'exchange-environment: "O365GermanyCloud" is not accepted; accepted: O365Default, O365USGovGCCHigh, O365USGovDoD, O365China',
  ],
  ['roles only whitespace', { roles: '   ' }, `roles: empty; expected one or more of: ${ROLE_LIST}`],
  [
    'runtime-versions only whitespace',
    { 'runtime-versions': ' \n ' },
    'runtime-versions: empty; expected a comma list of 5.1, 7.4, 7.6',
  ],
];

describe('readInputs: bad input', () => {
  it('has at least 30 cases', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD)('%s', (_name, overrides, expected) => {
    const problems = problemsOf(overrides);
    expect(problems).toHaveLength(1);
    if (typeof expected === 'string') expect(problems[0]).toBe(expected);
    else expect(problems[0]).toMatch(expected);
  });

  it('reports every bad input at once, each by name', () => {
    const overrides = {
      'tenant-id': 'x',
      'client-id': '',
      'subscription-id': 'y',
      cloud: 'Mars',
      'arm-endpoint': 'ftp://a',
      organization: 'contoso.com',
      'resource-type': 'vm',
      'resource-group': 'rg.',
      location: 'atlantis',
      'vm-name': '',
      'identity-type': 'user-assigned',
      'create-missing': 'maybe',
      roles: 'Janitor',
      'runtime-versions': '7.2,7.4',
      'module-version': '3.10.0',
      runbooks: 'a.ps1',
      'header-check': 'loud',
      mode: 'yolo',
      'smoke-test': 'sure',
    };
    const problems = problemsOf(overrides);
    const named = problems.map((p) => p.slice(0, p.indexOf(':')));
    expect(named).toEqual([
      'tenant-id',
      'client-id',
      'subscription-id',
      'cloud',
      'arm-endpoint',
      'organization',
      'resource-group',
      'location',
      'vm-name',
      'automation-account',
      'identity-name',
      'create-missing',
      'roles',
      'runtime-versions',
      'module-version',
      'runbooks',
      'header-check',
      'mode',
      'smoke-test',
    ]);
    // one error, one message listing them all
    expect(() => readInputs(getter(overrides))).toThrow(/^Invalid inputs \(19\):\n {2}- tenant-id: /);
  });

  it('never echoes the github token', () => {
    const problems = problemsOf({ 'github-token': 'ghs_supersecretvalue', 'tenant-id': 'bad' });
    expect(problems.join('\n')).not.toContain('ghs_supersecretvalue');
  });

  it('masks credentials and query strings of endpoint URLs', () => {
    const problems = problemsOf({
      'authority-host': 'https://user:hunter2@login.example/x',
      'gallery-endpoint': 'https://mirror.example/api/v2?sig=SAS-SECRET',
    });
    expect(problems).toEqual([
      'authority-host: "https://***@login.example/x" is not an https URL; expected https://host[:port][/path] without credentials or query',
      'gallery-endpoint: "https://mirror.example/api/v2?***" is not an https URL; expected https://host[:port][/path] without credentials or query',
    ]);
  });

  it('cuts long values in messages', () => {
    const [p] = problemsOf({ 'tenant-id': 'x'.repeat(500) });
    expect(p.length).toBeLessThan(250);
  });
});

describe('readInputs: settings without effect warn, naming the input', () => {
  const VM = { 'resource-type': 'vm', 'automation-account': undefined, 'vm-name': 'vm1' };
  const WARNS: [string, Record<string, string | undefined>, RegExp][] = [
    [
      'identity-resource-group with system-assigned',
      { 'identity-resource-group': 'rg-ids' },
      /^identity-resource-group: ignored with identity-type system-assigned/,
    ],
    [
      'runbook-runtime with resource-type vm',
      { ...VM, 'runbook-runtime': '7.4' },
      /^runbook-runtime: ignored with resource-type vm/,
    ],
    [
      'fail-on-drift with mode apply',
      { mode: 'apply', 'fail-on-drift': 'true' },
      /^fail-on-drift: ignored with mode apply/,
    ],
    ['smoke-test with mode plan', { mode: 'plan', 'smoke-test': 'true' }, /^smoke-test: ignored with mode plan/],
    ['prune-runbooks without runbooks', { 'prune-runbooks': 'true' }, /^prune-runbooks: ignored without runbooks/],
  ];

  it.each(WARNS)('%s', (_name, overrides, expected) => {
    const warnings: string[] = [];
    readInputs(getter(overrides), (w) => warnings.push(w));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(expected);
  });

  it('warns about nothing for the defaults and for meaningful combinations', () => {
    const warnings: string[] = [];
    readInputs(getter({}), (w) => warnings.push(w));
    readInputs(getter({ mode: 'plan', 'fail-on-drift': 'true' }), (w) => warnings.push(w));
    readInputs(getter({ mode: 'apply', 'smoke-test': 'true' }), (w) => warnings.push(w));
    readInputs(getter({ runbooks: '*.ps1', 'prune-runbooks': 'true' }), (w) => warnings.push(w));
    expect(warnings).toEqual([]);
  });
});

describe('readInputs: good input', () => {
  it('applies every default', () => {
    expect(readInputs(getter({}))).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      subscriptionId: SUB,
      audience: 'api://AzureADTokenExchange',
      cloud: 'AzureCloud',
      endpoints: {
        arm: 'https://management.azure.com',
        graph: 'https://graph.microsoft.com',
        authorityHost: 'https://login.microsoftonline.com',
        gallery: 'https://www.powershellgallery.com/api/v2',
        armScope: 'https://management.azure.com/.default',
        graphScope: 'https://graph.microsoft.com/.default',
      },
      organization: 'contoso.onmicrosoft.com',
      exchangeEnvironment: 'O365Default',
      resourceType: 'automation-account',
      resourceGroup: 'rg-exo',
      location: undefined,
      automationAccount: 'aa-exo-prod',
      vmName: undefined,
      identityType: 'system-assigned',
      identityName: undefined,
      identityResourceGroup: 'rg-exo',
      createMissing: true,
      roles: [{ displayName: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de' }],
      exclusiveRoles: false,
      allowGlobalAdmin: false,
      graphPermissions: [],
      exclusiveGraphPermissions: false,
      allowPrivilegedPermissions: false,
      runtimeVersions: ['7.4'],
      allowRetiredRuntimes: false,
      moduleVersion: 'latest',
      runbooks: [],
      runbookRuntime: '7.4',
      publishRunbooks: true,
      pruneRunbooks: false,
      headerCheck: 'error',
      mode: 'auto',
      failOnDrift: false,
      smokeTest: false,
      githubToken: '',
      commentOnPr: true,
      modules: [],
    });
  });

  it('accepts every YAML 1.2 core boolean form', () => {
    for (const [text, value] of [
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['false', false],
      ['False', false],
      ['FALSE', false],
    ] as const) {
      const inputs = readInputs(getter({ 'create-missing': text, 'smoke-test': text, 'fail-on-drift': text }));
      expect([inputs.createMissing, inputs.smokeTest, inputs.failOnDrift]).toEqual([value, value, value]);
    }
  });

  it('matches enums in any case and returns the canonical spelling', () => {
    const inputs = readInputs(
      getter({
        cloud: 'azureusgovernment',
        organization: 'contoso.onmicrosoft.us',
        'exchange-environment': 'o365usgovdod',
        mode: 'PLAN',
        'header-check': 'Warn',
        'identity-type': 'System-Assigned',
      }),
    );
    expect([inputs.cloud, inputs.mode, inputs.headerCheck, inputs.identityType]).toEqual([
      'AzureUSGovernment',
      'plan',
      'warn',
      'system-assigned',
    ]);
    expect(inputs.endpoints.graph).toBe('https://graph.microsoft.us');
    expect(inputs.exchangeEnvironment).toBe('O365USGovDoD');
  });

  it('normalises GUIDs, organization and location', () => {
    const inputs = readInputs(
      getter({ 'tenant-id': TENANT.toUpperCase(), organization: 'Contoso.OnMicrosoft.com', location: 'West Europe' }),
    );
    expect(inputs.tenantId).toBe(TENANT);
    expect(inputs.organization).toBe('contoso.onmicrosoft.com');
    expect(inputs.location).toBe('westeurope');
  });

  it('keeps a retired runtime with allow-retired-runtimes, with a warning naming the input', () => {
    const warnings: string[] = [];
    const inputs = readInputs(getter({ 'runtime-versions': '7.2, 7.4', 'allow-retired-runtimes': 'true' }), (w) =>
      warnings.push(w),
    );
    expect([inputs.runtimeVersions, inputs.allowRetiredRuntimes]).toEqual([['7.2', '7.4'], true]);
    expect(warnings).toEqual([
      'runtime-versions: PowerShell 7.2 is retired (Azure Automation retires 7.1 and 7.2 on 2026-09-30; retired runtimes still run, in reduced support). It is kept because allow-retired-runtimes is true; move to 7.4 or 7.6.',
    ]);
    expect(problemsOf({ 'runtime-versions': '7.2' })[0]).toMatch(
      /To keep 7\.2 for now, set allow-retired-runtimes: true\.$/,
    );
  });

  it('accepts sovereign organizations and regions of the chosen cloud', () => {
    const gov = readInputs(
      getter({
        cloud: 'AzureUSGovernment',
        organization: 'contoso.onmicrosoft.us',
        location: 'usgovvirginia',
        'exchange-environment': 'O365USGovGCCHigh',
      }),
    );
    expect([gov.organization, gov.location, gov.exchangeEnvironment]).toEqual([
      'contoso.onmicrosoft.us',
      'usgovvirginia',
      'O365USGovGCCHigh',
    ]);
    const china = readInputs(
      getter({ cloud: 'AzureChinaCloud', organization: 'contoso.partner.onmschina.cn', location: 'chinanorth3' }),
    );
    expect(china.endpoints.authorityHost).toBe('https://login.chinacloudapi.cn');
    expect(china.exchangeEnvironment).toBe('O365China'); // from cloud
    expect(readInputs(getter({})).exchangeEnvironment).toBe('O365Default');
  });

  it('resolves roles from a comma and newline list, folding duplicates in order', () => {
    const inputs = readInputs(
      getter({
        roles: 'exchange administrator,\nGlobal Reader\n29232cdf-9323-42fd-ade2-1d097af3e4de, GLOBAL READER\n\n',
      }),
    );
    expect(inputs.roles.map((r) => r.displayName)).toEqual(['Exchange Administrator', 'Global Reader']);
  });

  it('accepts Global Administrator with allow-global-admin', () => {
    const inputs = readInputs(getter({ roles: 'Global Administrator', 'allow-global-admin': 'True' }));
    expect(inputs.roles).toEqual([
      { displayName: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10' },
    ]);
    expect(inputs.allowGlobalAdmin).toBe(true);
  });

  it('folds duplicate runtimes; the runbook runtime defaults to the first', () => {
    const inputs = readInputs(getter({ 'runtime-versions': '5.1, 7.6,5.1' }));
    expect(inputs.runtimeVersions).toEqual(['5.1', '7.6']);
    expect(inputs.runbookRuntime).toBe('5.1');
    expect(readInputs(getter({ 'runtime-versions': '5.1,7.6', 'runbook-runtime': '7.6' })).runbookRuntime).toBe('7.6');
  });

  it('accepts an explicit module version every runtime can run, and latest in any case', () => {
    expect(readInputs(getter({ 'runtime-versions': '5.1,7.6', 'module-version': '3.10.1' })).moduleVersion).toBe(
      '3.10.1',
    );
    expect(readInputs(getter({ 'module-version': '3.9.2' })).moduleVersion).toBe('3.9.2');
    expect(readInputs(getter({ 'module-version': '3.7.0-Preview1' })).moduleVersion).toBe('3.7.0-Preview1');
    expect(readInputs(getter({ 'module-version': 'LATEST' })).moduleVersion).toBe('latest');
  });

  it('reads a VM with a user-assigned identity in another resource group', () => {
    const inputs = readInputs(
      getter({
        'resource-type': 'vm',
        'automation-account': undefined,
        'vm-name': 'exo-vm-01',
        'identity-type': 'user-assigned',
        'identity-name': 'id_exo-01',
        'identity-resource-group': 'rg-identities',
      }),
    );
    expect(inputs).toMatchObject({
      resourceType: 'vm',
      vmName: 'exo-vm-01',
      automationAccount: undefined,
      identityType: 'user-assigned',
      identityName: 'id_exo-01',
      identityResourceGroup: 'rg-identities',
    });
  });

  it('accepts the edges of the naming rules', () => {
    const inputs = readInputs(
      getter({
        'resource-group': 'R'.repeat(90),
        'automation-account': 'a' + '1'.repeat(48) + 'z',
      }),
    );
    expect(inputs.resourceGroup).toHaveLength(90);
    expect(inputs.automationAccount).toHaveLength(50);
    expect(readInputs(getter({ 'resource-group': 'rg_(exo).prod-1' })).resourceGroup).toBe('rg_(exo).prod-1');
    const vm = readInputs(
      getter({ 'resource-type': 'vm', 'automation-account': undefined, 'vm-name': 'v'.repeat(64) }),
    );
    expect(vm.vmName).toHaveLength(64);
  });

  it('reads runbook patterns one per line, blank lines dropped', () => {
    const inputs = readInputs(getter({ runbooks: '\nrunbooks/**/*.ps1\r\n!runbooks/drafts/*.ps1\n\n' }));
    expect(inputs.runbooks).toEqual(['runbooks/**/*.ps1', '!runbooks/drafts/*.ps1']);
  });

  it('points every endpoint at the simulator while scopes stay on the cloud', () => {
    const url = 'https://127.0.0.1:44321';
    const inputs = readInputs(
      getter({
        'arm-endpoint': url,
        'graph-endpoint': url,
        'authority-host': url,
        'gallery-endpoint': `${url}/api/v2`,
      }),
    );
    expect(inputs.endpoints).toEqual({
      arm: url,
      graph: url,
      authorityHost: url,
      gallery: `${url}/api/v2`,
      armScope: 'https://management.azure.com/.default',
      graphScope: 'https://graph.microsoft.com/.default',
    });
  });

  it('trims values the way getInput does', () => {
    const inputs = readInputs(getter({ 'resource-group': '  rg-exo  ', mode: ' apply ' }));
    expect([inputs.resourceGroup, inputs.mode]).toEqual(['rg-exo', 'apply']);
  });
});
