// The simulator's runbook runner: pure decisions of Connect-ExchangeOnline and the few cmdlets
// it understands, plus the VM run-command interpreter built on it.
import { describe, expect, it } from '@jest/globals';
import {
  connectExchange,
  EXO_IDENTITY_NOT_FOUND,
  exoRoleNotSupported,
  firstCommand,
  formatTable,
  jobStatusAt,
  notRecognized,
  runScript,
  statements,
  type ExoContext,
} from '../../simulator/arm/job-runner.js';
import { importViewAt, parsePackageUri } from '../../simulator/arm/import-state.js';
import { planIdentity } from '../../simulator/arm/identity-model.js';
import { pwshInner, runVmCommand } from '../../simulator/arm/vm-runner.js';

const EXO_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const sys = { principalId: 'p-sys', clientId: 'c-sys' };
const ua = { principalId: 'p-ua', clientId: 'c-ua' };

function ctx(over: Partial<ExoContext> = {}): ExoContext {
  return {
    organization: 'contoso.onmicrosoft.com',
    domains: ['contoso.onmicrosoft.com', 'contoso.com'],
    systemIdentity: sys,
    userAssigned: [ua],
    exoModule: true,
    grants: {
      'p-sys': { manageAsApp: true, roleTemplateIds: [EXO_ADMIN] },
      'p-ua': { manageAsApp: true, roleTemplateIds: [EXO_ADMIN] },
    },
    ...over,
  };
}

const connect = (extra = '') => `-ManagedIdentity -Organization contoso.onmicrosoft.com ${extra}`.trim().split(/\s+/);

describe('connectExchange', () => {
  it('system identity with app role and a supported role connects', () => {
    expect(connectExchange(connect(), ctx())).toEqual({ ok: true, identity: sys });
  });

  it('organization compares case-insensitively', () => {
    expect(connectExchange(['-ManagedIdentity', '-Organization', 'CONTOSO.onmicrosoft.com'], ctx()).ok).toBe(true);
  });

  it('user-assigned by client id connects; by principal id the identity is not found', () => {
    expect(connectExchange(connect('-ManagedIdentityAccountId c-ua'), ctx())).toEqual({ ok: true, identity: ua });
    expect(connectExchange(connect('-ManagedIdentityAccountId p-ua'), ctx())).toEqual({
      ok: false,
      message: EXO_IDENTITY_NOT_FOUND,
    });
  });

  it('no system identity and no account id: identity not found', () => {
    expect(connectExchange(connect(), ctx({ systemIdentity: undefined }))).toEqual({
      ok: false,
      message: EXO_IDENTITY_NOT_FOUND,
    });
  });

  it('missing app role: UnAuthorized; missing or unsupported role: the role text with the client id', () => {
    expect(
      connectExchange(connect(), ctx({ grants: { 'p-sys': { manageAsApp: false, roleTemplateIds: [EXO_ADMIN] } } })),
    ).toEqual({ ok: false, message: 'UnAuthorized' });
    const userAdmin = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
    expect(
      connectExchange(connect(), ctx({ grants: { 'p-sys': { manageAsApp: true, roleTemplateIds: [userAdmin] } } })),
    ).toEqual({ ok: false, message: exoRoleNotSupported('c-sys') });
  });

  it('every supported role is accepted', () => {
    for (const role of [
      '62e90394-69f5-4237-9190-012177145e10',
      'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
      '31392ffb-586c-42d1-9346-e59415a2cc4e',
      '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    ]) {
      expect(
        connectExchange(connect(), ctx({ grants: { 'p-sys': { manageAsApp: true, roleTemplateIds: [role] } } })).ok,
      ).toBe(true);
    }
  });

  it('wrong organization, module missing, no -ManagedIdentity all fail', () => {
    expect(connectExchange(['-ManagedIdentity', '-Organization', 'fabrikam.onmicrosoft.com'], ctx()).ok).toBe(false);
    expect(connectExchange(connect(), ctx({ exoModule: false }))).toEqual({
      ok: false,
      message: notRecognized('Connect-ExchangeOnline'),
    });
    expect(connectExchange(['-Organization', 'contoso.onmicrosoft.com'], ctx()).ok).toBe(false);
  });
});

describe('runScript', () => {
  it('expands variables, skips comments, writes accepted domains as a table', () => {
    const script = [
      '<#',
      '  .SYNOPSIS header',
      '#>',
      '# comment',
      "$org = 'contoso.onmicrosoft.com'",
      'Connect-ExchangeOnline -ManagedIdentity -Organization $org `',
      '  -ManagedIdentityAccountId "c-ua"',
      'Get-AcceptedDomain | Format-Table Name, DomainType',
      "Write-Output 'done'; Disconnect-ExchangeOnline -Confirm:$false",
    ].join('\n');
    const r = runScript(script, ctx());
    expect(r.failed).toBe(false);
    expect(r.streams).toEqual([
      {
        type: 'Output',
        text: formatTable(
          ['Name', 'DomainType'],
          [
            { Name: 'contoso.onmicrosoft.com', DomainType: 'Authoritative' },
            { Name: 'contoso.com', DomainType: 'Authoritative' },
          ],
        ),
      },
      { type: 'Output', text: 'done' },
    ]);
  });

  it('a failed connect is terminating: later commands do not run', () => {
    const r = runScript(
      "Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\nWrite-Output 'after'",
      ctx({ systemIdentity: undefined }),
    );
    expect(r).toEqual({
      failed: true,
      exception: EXO_IDENTITY_NOT_FOUND,
      streams: [{ type: 'Error', text: EXO_IDENTITY_NOT_FOUND }],
    });
  });

  it('Exchange cmdlets do not exist before Connect-ExchangeOnline', () => {
    expect(runScript('Get-AcceptedDomain', ctx()).exception).toBe(notRecognized('Get-AcceptedDomain'));
  });

  it('statements and firstCommand ignore comments, blocks and assignments', () => {
    expect(statements("a; b # c\n'x;y'")).toEqual(['a', 'b', "'x;y'"]);
    expect(firstCommand("<# h #>\n#Requires -Modules X\n$o='x'\nConnect-ExchangeOnline -ManagedIdentity")).toBe(
      'Connect-ExchangeOnline',
    );
  });
});

describe('jobStatusAt', () => {
  it('walks New, Activating, Running, then the outcome', () => {
    expect(jobStatusAt(0, 100, false).status).toBe('New');
    expect(jobStatusAt(20, 100, false).status).toBe('Activating');
    expect(jobStatusAt(50, 100, true).status).toBe('Running');
    expect(jobStatusAt(100, 100, false).status).toBe('Completed');
    expect(jobStatusAt(150, 100, true)).toEqual({ status: 'Failed', started: true, ended: true });
  });
});

describe('imports', () => {
  it('steps from Creating to Succeeded with the version; failures show early', () => {
    const ok = { startedAt: 0, outcome: 'succeeded' as const, version: '3.9.2', sizeInBytes: 10 };
    expect(importViewAt(ok, 0, 700).provisioningState).toBe('Creating');
    expect(importViewAt(ok, 350, 700).provisioningState).not.toMatch(/Creating|Succeeded/);
    expect(importViewAt(ok, 700, 700)).toEqual({
      provisioningState: 'Succeeded',
      version: '3.9.2',
      sizeInBytes: 10,
      error: { code: null, message: null },
    });
    const bad = { startedAt: 0, outcome: 'failed' as const, message: 'nope' };
    expect(importViewAt(bad, 300, 700).error.message).toBe('nope');
    expect(importViewAt({ startedAt: 0, outcome: 'hang' as const }, 1e9, 700).provisioningState).toBe(
      'ActivitiesStored',
    );
  });

  it('parses gallery download links', () => {
    expect(parsePackageUri('https://www.powershellgallery.com/api/v2/package/ExchangeOnlineManagement/3.9.2')).toEqual({
      id: 'ExchangeOnlineManagement',
      version: '3.9.2',
    });
    expect(parsePackageUri('https://127.0.0.1:1/api/v2/package/PowerShellGet')).toEqual({
      id: 'PowerShellGet',
      version: undefined,
    });
    expect(parsePackageUri('https://example.com/x.zip')).toBeUndefined();
  });
});

describe('planIdentity', () => {
  const cur = {
    type: 'SystemAssigned, UserAssigned' as const,
    principalId: 'p',
    userAssignedIdentities: { '/a': { principalId: '1', clientId: '2' }, '/b': { principalId: '3', clientId: '4' } },
  };
  it('SystemAssigned drops user-assigned identities (the trap)', () => {
    expect(planIdentity(cur, { type: 'SystemAssigned' }, 'patch')).toEqual({
      type: 'SystemAssigned',
      system: true,
      userAssigned: [],
    });
  });
  it('PATCH merges and removes null entries; PUT replaces', () => {
    expect(
      planIdentity(cur, { type: 'UserAssigned', userAssignedIdentities: { '/B': null, '/c': {} } }, 'patch'),
    ).toEqual({ type: 'UserAssigned', system: false, userAssigned: ['/a', '/c'] });
    expect(
      planIdentity(cur, { type: 'systemassigned,userassigned', userAssignedIdentities: { '/c': {} } }, 'put'),
    ).toEqual({ type: 'SystemAssigned, UserAssigned', system: true, userAssigned: ['/c'] });
  });
  it('refuses unknown types and an empty user-assigned set', () => {
    expect(planIdentity(cur, { type: 'Both' }, 'patch')).toHaveProperty('error');
    expect(planIdentity(undefined, { type: 'UserAssigned' }, 'patch')).toHaveProperty('error');
  });
});

describe('runVmCommand', () => {
  const gallery = {
    ExchangeOnlineManagement: [
      { version: '3.9.2', prerelease: false, published: '2025-10-15' },
      { version: '3.11.0-Preview1', prerelease: true, published: '2026-10-01' },
    ],
  };
  it('installs the newest GA module, then connects and lists domains (Windows)', () => {
    const r = runVmCommand({
      commandId: 'RunPowerShellScript',
      os: 'Windows',
      script: [
        'Install-Module ExchangeOnlineManagement -Force -Scope AllUsers',
        'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com',
        'Get-AcceptedDomain | Select-Object Name',
      ],
      installed: { PowerShellGet: ['1.0.0.1'] },
      gallery,
      exo: ctx({ exoModule: false }),
    });
    expect(r.installed.ExchangeOnlineManagement).toEqual(['3.9.2']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('contoso.com');
  });

  it('without the module, Connect-ExchangeOnline is not recognized (Linux, pwsh -c)', () => {
    expect(pwshInner(`pwsh -c "Get-InstalledModule"`)).toBe('Get-InstalledModule');
    const r = runVmCommand({
      commandId: 'RunShellScript',
      os: 'Linux',
      script: [`pwsh -Command 'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com'`],
      installed: {},
      gallery,
      exo: ctx(),
    });
    expect(r.stderr).toBe(notRecognized('Connect-ExchangeOnline'));
  });

  it('an unknown module or version gives PowerShellGet text on stderr', () => {
    const r = runVmCommand({
      commandId: 'RunPowerShellScript',
      os: 'Windows',
      script: ['Install-Module ExchangeOnlineManagement -RequiredVersion 9.9.9'],
      installed: {},
      gallery,
      exo: ctx(),
    });
    expect(r.stderr).toContain(
      "No match was found for the specified search criteria and module name 'ExchangeOnlineManagement'",
    );
  });
});
