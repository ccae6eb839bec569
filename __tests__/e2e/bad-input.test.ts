// Bad input through the built action (node dist/index.js, as the runner runs it): each case fails
// the step with one clear message naming the input and what it accepts, and not one request
// reaches the simulator (CONTRACT.md section 2: "before any network request").
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../simulator/server.js';
import type { ActionRun } from '../../scripts/run-action.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, log } from '../helpers/e2e.js';

interface Case {
  name: string;
  inputs: Record<string, string>;
  /** each must appear in the ::error:: text */
  expect: RegExp[];
  /** text that must be in the log or the summary besides the ::error lines */
  logged?: RegExp;
  /** must not appear anywhere in the output (secrets inside a bad value) */
  hidden?: string[];
  workspace?: () => string;
}

const BOOL = /accepted: true, True, TRUE, false, False, FALSE/;
const ROLES = /accepted \(display name in any case, or template id\): .*Exchange Administrator/;

const HERE = dirname(fileURLToPath(import.meta.url));
const runbookWorkspace = (fixture: string) => () => {
  const ws = mkdtempSync(join(tmpdir(), 'exo-bad-input-'));
  writeFileSync(join(ws, 'Report.ps1'), readFileSync(join(HERE, '..', 'fixtures', 'runbooks', fixture), 'utf8'));
  return ws;
};

const cases: Case[] = [
  {
    name: 'tenant-id missing',
    inputs: { 'tenant-id': '' },
    expect: [/tenant-id: required; expected the Directory \(tenant\) ID .*GUID/],
  },
  {
    name: 'tenant-id not a GUID',
    inputs: { 'tenant-id': 'contoso' },
    expect: [/tenant-id: "contoso" is not a GUID; expected/],
  },
  {
    name: 'client-id not a GUID',
    inputs: { 'client-id': '1234' },
    expect: [/client-id: "1234" is not a GUID; expected the Application \(client\) ID/],
  },
  {
    name: 'subscription-id missing',
    inputs: { 'subscription-id': '' },
    expect: [/subscription-id: required; expected the subscription ID/],
  },
  {
    name: 'subscription-id not a GUID',
    inputs: { 'subscription-id': 'my-sub' },
    expect: [/subscription-id: "my-sub" is not a GUID/],
  },
  {
    name: 'cloud unknown',
    inputs: { cloud: 'AzureGermanCloud' },
    expect: [/cloud: "AzureGermanCloud" is not accepted; accepted: AzureCloud, AzureUSGovernment, AzureChinaCloud/],
  },
  {
    name: 'arm-endpoint over http',
    inputs: { 'arm-endpoint': 'http://management.example' },
    expect: [/arm-endpoint: "http:\/\/management\.example" is not an https URL; expected https:\/\/host/],
  },
  {
    name: 'graph-endpoint with a query (a SAS-like secret is not echoed)',
    inputs: { 'graph-endpoint': 'https://graph.example/?sig=s3cr3t-value' },
    expect: [/graph-endpoint: "https:\/\/graph\.example\/\?\*\*\*" is not an https URL/],
    hidden: ['s3cr3t-value'],
  },
  {
    name: 'authority-host with credentials (not echoed)',
    inputs: { 'authority-host': 'https://admin:pa55word@login.example' },
    expect: [/authority-host: "https:\/\/\*\*\*@login\.example" is not an https URL; expected .*without credentials/],
    hidden: ['pa55word'],
  },
  {
    name: 'gallery-endpoint not a URL',
    inputs: { 'gallery-endpoint': 'powershellgallery' },
    expect: [/gallery-endpoint: "powershellgallery" is not an https URL/],
  },
  {
    name: 'organization missing',
    inputs: { organization: '' },
    expect: [/organization: required; expected the tenant domain, e\.g\. contoso\.onmicrosoft\.com/],
  },
  {
    name: 'organization not an initial domain',
    inputs: { organization: 'contoso.com' },
    expect: [/organization: "contoso\.com" is not an initial tenant domain; expected NAME\.onmicrosoft\.com/],
  },
  {
    name: 'resource-type unknown',
    inputs: { 'resource-type': 'function-app' },
    expect: [/resource-type: "function-app" is not accepted; accepted: automation-account, vm/],
  },
  {
    name: 'resource-group missing',
    inputs: { 'resource-group': '' },
    expect: [/resource-group: required; expected the resource group/],
  },
  {
    name: 'resource-group with a slash',
    inputs: { 'resource-group': 'rg/prod' },
    expect: [/resource-group: "rg\/prod" is not a valid resource group name; expected 1-90 letters/],
  },
  {
    name: 'resource-group ending in a period',
    inputs: { 'resource-group': 'rg-prod.' },
    expect: [/resource-group: "rg-prod\." is not a valid resource group name; .*not ending in a period/],
  },
  {
    name: 'location unknown',
    inputs: { location: 'mars-north' },
    expect: [/location: "mars-north" is not a known Azure region; expected a region name such as westeurope/],
  },
  {
    name: 'location of another cloud',
    inputs: { location: 'usgovvirginia' },
    expect: [/location: "usgovvirginia" is a region of AzureUSGovernment, but cloud is AzureCloud; use one of/],
  },
  {
    name: 'automation-account missing',
    inputs: { 'automation-account': '' },
    expect: [/automation-account: required when resource-type is automation-account; expected the account name/],
  },
  {
    name: 'automation-account too short',
    inputs: { 'automation-account': 'aa' },
    expect: [/automation-account: "aa" is not a valid Automation account name; expected 6-50 letters/],
  },
  {
    name: 'vm-name with an Automation account',
    inputs: { 'vm-name': 'vm1' },
    expect: [/vm-name: only used with resource-type vm; remove it or set resource-type: vm/],
  },
  {
    name: 'vm without vm-name',
    inputs: { 'resource-type': 'vm', 'automation-account': '' },
    expect: [/vm-name: required when resource-type is vm; expected the VM name/],
  },
  {
    name: 'vm-name invalid',
    inputs: { 'resource-type': 'vm', 'automation-account': '', 'vm-name': '-vm-' },
    expect: [/vm-name: "-vm-" is not a valid VM name; expected 1-64 letters/],
  },
  {
    name: 'identity-type unknown',
    inputs: { 'identity-type': 'user' },
    expect: [/identity-type: "user" is not accepted; accepted: system-assigned, user-assigned/],
  },
  {
    name: 'user-assigned without identity-name',
    inputs: { 'identity-type': 'user-assigned' },
    expect: [/identity-name: required when identity-type is user-assigned; expected the identity resource name/],
  },
  {
    name: 'identity-name with system-assigned',
    inputs: { 'identity-name': 'id-exo' },
    expect: [/identity-name: only used with identity-type user-assigned/],
  },
  {
    name: 'identity-name invalid',
    inputs: { 'identity-type': 'user-assigned', 'identity-name': 'x!' },
    expect: [/identity-name: "x!" is not a valid user-assigned identity name; expected 3-128/],
  },
  {
    name: 'identity-resource-group invalid',
    inputs: { 'identity-resource-group': 'rg*' },
    expect: [/identity-resource-group: "rg\*" is not a valid resource group name/],
  },
  {
    name: 'create-missing not a boolean',
    inputs: { 'create-missing': 'maybe' },
    expect: [/create-missing: "maybe" is not a boolean;/, BOOL],
  },
  {
    name: 'roles empty',
    inputs: { roles: ' , ' },
    expect: [/roles: empty; expected one or more of: .*Exchange Administrator/],
  },
  {
    name: 'roles unknown',
    inputs: { roles: 'Exchange Admin' },
    expect: [/roles: "Exchange Admin" is not a role Exchange Online supports for managed identities;/, ROLES],
  },
  {
    name: 'Global Administrator without allow-global-admin',
    inputs: { roles: 'Global Administrator' },
    expect: [/roles: Global Administrator is refused unless allow-global-admin is true/],
  },
  {
    name: 'allow-global-admin not a boolean',
    inputs: { 'allow-global-admin': 'yes' },
    expect: [/allow-global-admin: "yes" is not a boolean;/, BOOL],
  },
  {
    name: 'exclusive-roles not a boolean',
    inputs: { 'exclusive-roles': '1' },
    expect: [/exclusive-roles: "1" is not a boolean;/, BOOL],
  },
  {
    name: 'retired runtime',
    inputs: { 'runtime-versions': '7.2' },
    expect: [/runtime-versions: PowerShell 7\.2 is retired\./, /7\.4/],
  },
  {
    name: 'unknown runtime',
    inputs: { 'runtime-versions': '7.4, 6.0' },
    expect: [/runtime-versions: "6\.0" is not a supported runtime; accepted: 5\.1, 7\.4, 7\.6/],
  },
  {
    name: 'module-version not a version',
    inputs: { 'module-version': 'newest' },
    expect: [
      /module-version: "newest" is not accepted; expected latest or an ExchangeOnlineManagement version such as 3\.9\.2/,
    ],
  },
  {
    name: 'module-version incompatible with the runtime',
    inputs: { 'module-version': '3.10.0' },
    expect: [/module-version: 3\.10\.0 is not compatible with runtime 7\.4: .*needs PowerShell 7\.6/],
  },
  {
    name: 'module-version before 3.0.0',
    inputs: { 'module-version': '2.0.5' },
    expect: [/module-version: 2\.0\.5 is not compatible with runtime 7\.4: .*predates 3\.0\.0/],
  },
  {
    name: 'runbook-runtime not among runtime-versions',
    inputs: { 'runbook-runtime': '7.6' },
    expect: [/runbook-runtime: "7\.6" is not one of runtime-versions; accepted: 7\.4/],
  },
  {
    name: 'runbooks outside the workspace',
    inputs: { runbooks: '../other/*.ps1' },
    expect: [/runbooks: "\.\.\/other\/\*\.ps1" leaves the workspace; expected a glob relative to the workspace/],
  },
  {
    name: 'runbooks with a VM',
    inputs: { 'resource-type': 'vm', 'automation-account': '', 'vm-name': 'vm1', runbooks: '*.ps1' },
    expect: [/runbooks: runbooks are synced to Automation accounts only/],
  },
  {
    name: 'publish-runbooks not a boolean',
    inputs: { 'publish-runbooks': 'always' },
    expect: [/publish-runbooks: "always" is not a boolean;/, BOOL],
  },
  {
    name: 'prune-runbooks not a boolean',
    inputs: { 'prune-runbooks': 'on' },
    expect: [/prune-runbooks: "on" is not a boolean;/, BOOL],
  },
  {
    name: 'header-check unknown',
    inputs: { 'header-check': 'strict' },
    expect: [/header-check: "strict" is not accepted; accepted: error, warn, off/],
  },
  {
    name: 'mode unknown',
    inputs: { mode: 'dry-run' },
    expect: [/mode: "dry-run" is not accepted; accepted: auto, plan, apply/],
  },
  {
    name: 'fail-on-drift not a boolean',
    inputs: { 'fail-on-drift': 'sometimes' },
    expect: [/fail-on-drift: "sometimes" is not a boolean;/, BOOL],
  },
  {
    name: 'smoke-test not a boolean',
    inputs: { 'smoke-test': 'y' },
    expect: [/smoke-test: "y" is not a boolean;/, BOOL],
  },
  {
    name: 'comment-on-pr not a boolean',
    inputs: { 'comment-on-pr': 'no' },
    expect: [/comment-on-pr: "no" is not a boolean;/, BOOL],
  },
  // issue 12, item 6: accepted before, then sent requests
  {
    name: 'client-id the nil GUID (no longer the example either)',
    inputs: { 'client-id': '00000000-0000-0000-0000-000000000000' },
    expect: [/client-id: "0{8}-0{4}-0{4}-0{4}-0{12}" is the nil GUID, which names nothing; expected the Application/],
  },
  {
    name: 'subscription-id and tenant-id the nil GUID',
    inputs: {
      'subscription-id': '00000000-0000-0000-0000-000000000000',
      'tenant-id': '00000000-0000-0000-0000-000000000000',
    },
    expect: [/Invalid inputs \(2\)/, /tenant-id: .* is the nil GUID/, /subscription-id: .* is the nil GUID/],
  },
  {
    name: 'organization of US Government with cloud AzureCloud',
    inputs: { organization: 'contoso.onmicrosoft.us' },
    expect: [
      /organization: "contoso\.onmicrosoft\.us" is a tenant domain of AzureUSGovernment, but cloud is AzureCloud; expected NAME\.onmicrosoft\.com with cloud AzureCloud, or set cloud: AzureUSGovernment/,
    ],
  },
  {
    name: 'organization of AzureCloud with cloud AzureUSGovernment',
    inputs: { cloud: 'AzureUSGovernment', organization: 'contoso.onmicrosoft.com' },
    expect: [
      /organization: "contoso\.onmicrosoft\.com" is a tenant domain of AzureCloud, but cloud is AzureUSGovernment/,
    ],
  },
  {
    name: 'AzureUSGovernment without exchange-environment (GCC High or DoD cannot be told apart)',
    inputs: { cloud: 'AzureUSGovernment', organization: 'contoso.onmicrosoft.us' },
    expect: [
      /exchange-environment: required when cloud is AzureUSGovernment; expected O365USGovGCCHigh .* or O365USGovDoD/,
    ],
  },
  {
    name: 'roles of only spaces (not the default Exchange Administrator)',
    inputs: { roles: '   ' },
    expect: [/roles: empty; expected one or more of: .*Exchange Administrator/],
  },
  {
    name: 'several at once: one message lists every one',
    inputs: { 'tenant-id': 'x', mode: 'yolo', 'identity-type': 'both', 'runtime-versions': '7.1' },
    expect: [
      /Invalid inputs \(4\)/,
      /tenant-id: "x"/,
      /mode: "yolo"/,
      /identity-type: "both"/,
      /runtime-versions: PowerShell 7\.1 is retired/,
    ],
  },
  {
    name: 'runbook whose first command is not Connect-ExchangeOnline (checked offline)',
    inputs: { runbooks: '*.ps1' },
    // the annotation names file and line; the final error points at it instead of repeating it
    expect: [
      /^::error [^\n]*file=Report\.ps1,line=\d+/m,
      /^::error::The run stopped before any change: 1 problem\(s\) in runbook files, each annotated/m,
    ],
    logged: /header-check: Report\.ps1:\d+/,
    workspace: runbookWorkspace('not-first.ps1'),
  },
  {
    name: 'runbook using cmdlets a managed identity cannot run (checked offline)',
    inputs: { runbooks: '*.ps1' },
    // the annotation names file and line; the final error points at it instead of repeating it
    expect: [
      /^::error [^\n]*file=Report\.ps1,line=\d+/m,
      /^::error::The run stopped before any change: \d+ problem\(s\) in runbook files, each annotated/m,
    ],
    logged: /header-check: Report\.ps1:\d+/,
    workspace: runbookWorkspace('unsupported-cmdlets.ps1'),
  },
];

describe('bad input through node dist/index.js', () => {
  let sim: Simulator;
  const runs = new Map<string, ActionRun>();
  beforeAll(async () => {
    sim = await startTestSimulator();
    // Concurrently, in batches: each run is a child process that ends before any request.
    for (let i = 0; i < cases.length; i += 6) {
      const batch = cases.slice(i, i + 6);
      const done = await Promise.all(
        batch.map((c) => act(sim, c.inputs, { workspace: c.workspace?.(), event: 'push' })),
      );
      batch.forEach((c, j) => runs.set(c.name, done[j]));
    }
  }, 120_000);
  afterAll(() => sim.close());

  test('there are at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  test('not one request reached the simulator', () => {
    expect(sim.requests).toEqual([]);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = runs.get(c.name)!;
    expect(run.code).not.toBe(0);
    // the job summary says it too, at its top
    // (runbook problems are found after the inputs were read: the run's own report says it failed)
    expect(run.summary).toMatch(
      c.workspace ? /^## ❌ exo-automation apply failed: / : /^## ❌ exo-automation failed: bad input\n/,
    );
    const text = log(run);
    const errors = text.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors.length).toBeGreaterThan(0);
    // ::error:: escapes newlines as %0A
    const message = errors.join('\n').replace(/%0A/g, '\n').replace(/%25/g, '%').replace(/%0D/g, '');
    for (const re of c.expect) expect(message).toMatch(re);
    // nothing is lost: every problem is also in the log as text, and in the summary
    if (c.logged) expect(text + run.summary).toMatch(c.logged);
    for (const h of c.hidden ?? []) expect(text + run.summary + JSON.stringify(run.outputs)).not.toContain(h);
    // a clear message, not a crash
    expect(text).not.toMatch(/^\s+at \S.*:\d+:\d+\)?$/m);
    expect(message).not.toMatch(/^\s+at \S.*:\d+:\d+\)?$/m); // nor inside an ::error:: (%0A-encoded)
  });
});
