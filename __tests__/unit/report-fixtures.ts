// RunReports for the report tests and their golden files. Not a test file.
import type { Change, Plan, RunReport } from '../../src/types.js';

const SUB = '00000000-1111-2222-3333-444444444444';
const ORG = 'contoso.onmicrosoft.com';
const SYSTEM_PRINCIPAL = '7d0a6c1e-2b9f-4c4e-9a51-3f6f0e0c2a11';
const SYSTEM_CLIENT = 'c3b2a1f0-9e8d-4c7b-a6f5-e4d3c2b1a090';
const UA_PRINCIPAL = '5b9e8a7c-1d2e-4f30-8a41-b5c6d7e8f901';
const UA_CLIENT = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

function plan(mode: Plan['mode'], changes: Change[]): Plan {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  return { version: 1, mode, changes, counts };
}

/** A new identity is granted Exchange.ManageAsApp and its directory role. */
const grantsToNewIdentity: Change[] = [
  {
    kind: 'app-role-assignment',
    name: 'Exchange.ManageAsApp',
    action: 'create',
    reason: 'not granted to the identity',
  },
  {
    kind: 'directory-role-assignment',
    name: 'Exchange Administrator',
    action: 'create',
    reason: 'not assigned at scope /',
  },
];

const runtimes74: RunReport['runtimes'] = [
  {
    version: '7.4',
    environment: 'PowerShell-7.4',
    modules: [{ name: 'ExchangeOnlineManagement', version: '3.9.0' }],
  },
];

function base(overrides: Partial<RunReport>): RunReport {
  return {
    mode: 'plan',
    eventName: 'pull_request',
    resource: { type: 'automation-account', name: 'aa-exo', resourceGroup: 'rg-exo', subscriptionId: SUB },
    organization: ORG,
    plan: plan('plan', []),
    applied: [],
    drift: false,
    azureRead: true,
    identity: { type: 'system-assigned', principalId: SYSTEM_PRINCIPAL, clientId: SYSTEM_CLIENT },
    runtimes: runtimes74,
    roles: ['Exchange Administrator'],
    runbooks: [{ name: 'Get-Mailboxes', path: 'runbooks/Get-Mailboxes.ps1', status: 'unchanged' }],
    warnings: [],
    notices: [],
    connectLine: `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}`,
    ...overrides,
  };
}

const createAll: Change[] = [
  { kind: 'resource-group', name: 'rg-exo', action: 'create', reason: 'missing' },
  { kind: 'automation-account', name: 'aa-exo', action: 'create', reason: 'missing, with a system-assigned identity' },
  {
    kind: 'runtime-environment',
    name: 'PowerShell-7.4',
    action: 'create',
    reason: 'missing; ExchangeOnlineManagement 3.9.0',
  },
  ...grantsToNewIdentity,
  { kind: 'runbook', name: 'Get-Mailboxes', action: 'create', reason: 'new file runbooks/Get-Mailboxes.ps1' },
];

const userAssignedChanges: Change[] = [
  { kind: 'user-assigned-identity', name: 'id-exo', action: 'create', reason: 'missing' },
  { kind: 'automation-account', name: 'aa-exo', action: 'update', reason: 'attach user-assigned identity id-exo' },
  ...grantsToNewIdentity,
  { kind: 'runbook', name: 'Old-Report', action: 'delete', reason: 'file left the repository; prune-runbooks is on' },
];

const driftChanges: Change[] = [
  {
    kind: 'runtime-package',
    name: 'PowerShell-7.4/ExchangeOnlineManagement',
    action: 'update',
    reason: '3.5.0 -> 3.9.0',
  },
  {
    kind: 'directory-role-assignment',
    name: 'Exchange Administrator',
    action: 'create',
    reason: 'removed outside this action',
  },
  { kind: 'runbook', name: 'Get-Mailboxes', action: 'update', reason: 'content differs from the repository' },
];

export const REPORTS: Record<string, RunReport> = {
  'converged-noop': base({}),

  'create-system-assigned': base({
    mode: 'apply',
    eventName: 'push',
    plan: plan('apply', createAll),
    applied: createAll,
    drift: true,
    runbooks: [{ name: 'Get-Mailboxes', path: 'runbooks/Get-Mailboxes.ps1', status: 'created and published' }],
    smokeTest: {
      status: 'passed',
      output:
        'DomainName              DomainType    Default\n----------              ----------    -------\ncontoso.onmicrosoft.com Authoritative True',
    },
  }),

  'create-plan-from-empty': base({
    eventName: 'pull_request',
    plan: plan('plan', createAll),
    drift: true,
    identity: { type: 'system-assigned' },
    runtimes: [],
    runbooks: [{ name: 'Get-Mailboxes', path: 'runbooks/Get-Mailboxes.ps1', status: 'create and publish' }],
  }),

  'user-assigned-plan': base({
    identity: { type: 'user-assigned', name: 'id-exo', principalId: UA_PRINCIPAL, clientId: UA_CLIENT },
    plan: plan('plan', userAssignedChanges),
    drift: true,
    runtimes: [
      {
        version: '5.1',
        environment: 'PowerShell-5.1',
        modules: [
          { name: 'ExchangeOnlineManagement', version: '3.9.0' },
          { name: 'PackageManagement', version: '1.4.8.1' },
          { name: 'PowerShellGet', version: '2.2.5' },
        ],
      },
      ...runtimes74,
    ],
    roles: ['Exchange Administrator', 'Global Reader'],
    runbooks: [
      { name: 'Get-Mailboxes', path: 'runbooks/Get-Mailboxes.ps1', status: 'unchanged' },
      { name: 'Old-Report', status: 'delete (file left the repository)' },
    ],
    connectLine: `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ManagedIdentityAccountId ${UA_CLIENT}`,
  }),

  'drift-corrected-schedule': base({
    mode: 'apply',
    eventName: 'schedule',
    plan: plan('apply', driftChanges),
    applied: driftChanges,
    drift: true,
    runbooks: [{ name: 'Get-Mailboxes', path: 'runbooks/Get-Mailboxes.ps1', status: 'updated and published' }],
    notices: ['ExchangeOnlineManagement 3.9.0 is the newest GA release compatible with PowerShell 7.4.'],
  }),

  'fork-pr-no-azure': base({
    azureRead: false,
    identity: undefined,
    runtimes: [],
    roles: ['Exchange Administrator'],
    runbooks: [{ name: 'Get-Mailboxes', path: 'runbooks/Get-Mailboxes.ps1', status: 'header check passed' }],
    connectLine: '',
    warnings: [
      'runbooks/Set-Things.ps1: line 3 uses New-ManagementRoleAssignment, which a managed identity cannot run.',
    ],
  }),

  'smoke-test-failed': base({
    mode: 'apply',
    eventName: 'workflow_dispatch',
    plan: plan('apply', createAll.slice(3, 5)),
    applied: createAll.slice(3, 5),
    drift: true,
    smokeTest: {
      status: 'failed',
      detail: 'Connect-ExchangeOnline failed in job 4f1c2d3e.',
      output:
        "UnAuthorized\nAt C:\\Modules\\ExchangeOnlineManagement\\netFramework\\ExchangeOnlineManagement.psm1:762 char:21\n+ ... throw $_.Exception.InnerException;\n```\n<script>alert('x')</script>",
    },
  }),

  'error-midway': base({
    mode: 'apply',
    eventName: 'push',
    identity: { type: 'user-assigned', name: 'id-exo', principalId: UA_PRINCIPAL, clientId: UA_CLIENT },
    plan: plan('apply', userAssignedChanges),
    applied: userAssignedChanges.slice(0, 2),
    drift: true,
    connectLine: `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ManagedIdentityAccountId ${UA_CLIENT}`,
    error:
      'Graph POST /v1.0/servicePrincipals/5b9e8a7c-1d2e-4f30-8a41-b5c6d7e8f901/appRoleAssignments failed: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.\nHint: grant the deploying app `AppRoleAssignment.ReadWrite.All` and *admin consent* <b>now</b>; ask @octo-org/admins.',
  }),
};
