import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  applyHeaderCheck,
  checkRunbook,
  connectLine,
  resolveConnectParameter,
  toAnnotation,
  UNSUPPORTED_CMDLETS,
  type CheckOptions,
  type Finding,
} from '../../src/kinds/runbook/check.js';

const ORG = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const PRINCIPAL = '99999999-8888-7777-6666-555555555555';
const system: CheckOptions = { organization: ORG, identityType: 'system-assigned', fileName: 'runbooks/a.ps1' };
const user: CheckOptions = {
  organization: ORG,
  identityType: 'user-assigned',
  clientId: CLIENT,
  principalId: PRINCIPAL,
  fileName: 'runbooks/a.ps1',
};
const fixture = (name: string) => readFileSync(new URL(`../fixtures/runbooks/${name}`, import.meta.url), 'utf8');
const codes = (findings: Finding[]) => findings.map((f) => f.code);

describe('connectLine', () => {
  it('gives the exact line for each identity type', () => {
    expect(connectLine(ORG, { type: 'system-assigned' })).toBe(
      'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com',
    );
    expect(connectLine(ORG, { type: 'user-assigned', clientId: CLIENT })).toBe(
      `Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com -ManagedIdentityAccountId ${CLIENT}`,
    );
    expect(connectLine(ORG, { type: 'user-assigned' })).toMatch(/-ManagedIdentityAccountId <client id/u);
  });

  it('is itself accepted by the check', () => {
    expect(checkRunbook(connectLine(ORG, { type: 'system-assigned' }), system)).toEqual([]);
    expect(checkRunbook(connectLine(ORG, { type: 'user-assigned', clientId: CLIENT }), user)).toEqual([]);
  });
});

describe('checkRunbook: fixtures', () => {
  it('accepts a system-assigned runbook with #Requires, help, [CmdletBinding()] and param()', () => {
    expect(checkRunbook(fixture('system-assigned-good.ps1'), system)).toEqual([]);
  });

  it('accepts a user-assigned runbook that splats a hashtable literal inside try', () => {
    expect(checkRunbook(fixture('user-assigned-good.ps1'), user)).toEqual([]);
  });

  it('names the principal id mistake explicitly, with the client id and position', () => {
    const findings = checkRunbook(fixture('principal-id.ps1'), user);
    expect(findings).toEqual([
      {
        file: 'runbooks/a.ps1',
        line: 3,
        column: 31,
        severity: 'error',
        code: 'account-id-is-principal-id',
        message: expect.stringContaining(
          `is the object id of the identity's service principal; Connect-ExchangeOnline needs its client id ${CLIENT}`,
        ),
      },
    ]);
  });

  it('flags every unsupported group cmdlet, anywhere, with the Graph alternative', () => {
    const findings = checkRunbook(fixture('unsupported-cmdlets.ps1'), system);
    expect(findings.map((f) => [f.line, f.code])).toEqual([
      [2, 'unsupported-cmdlet'],
      [4, 'unsupported-cmdlet'],
      [6, 'unsupported-cmdlet'],
      [7, 'unsupported-cmdlet'],
    ]);
    expect(findings[0].message).toMatch(/^New-UnifiedGroup .*New-MgGroup .*-GroupTypes 'Unified'/u);
    expect(findings[1].message).toMatch(/^Add-UnifiedGroupLinks .*New-MgGroupOwnerByRef/u);
    expect(findings[1].message).not.toMatch(/New-MgGroupMember/u);
    expect(findings[2].message).toMatch(/^Remove-UnifiedGroupLinks .*Remove-MgGroupMemberDirectoryObjectByRef/u);
    expect(findings[3].message).toMatch(/^Remove-UnifiedGroup .*Remove-MgGroup -GroupId/u);
    expect(findings.every((f) => f.severity === 'error' && /Group\.ReadWrite\.All/u.test(f.message))).toBe(true);
  });

  it('requires Connect-ExchangeOnline to be the first command', () => {
    const findings = checkRunbook(fixture('not-first.ps1'), system);
    expect(findings).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        code: 'connect-not-first',
        message: expect.stringMatching(/it is Import-Module \(Connect-ExchangeOnline comes later, on line 2\)/u),
      }),
    ]);
  });
});

describe('checkRunbook: the first command', () => {
  it('reports a runbook without Connect-ExchangeOnline, with the line to add', () => {
    const [f] = checkRunbook('Get-Mailbox\n', system);
    expect(f).toMatchObject({ code: 'missing-connect', line: 1, severity: 'error' });
    expect(f.message).toContain(
      `Make this the first command: Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}`,
    );
    expect(checkRunbook('# only comments\n', system)[0]).toMatchObject({ code: 'missing-connect', line: 1 });
  });

  it('allows plain assignments before it, but not commands', () => {
    expect(
      checkRunbook(
        `$ErrorActionPreference = 'Stop'\n$org = '${ORG}'\nConnect-ExchangeOnline -ManagedIdentity -Organization $org`,
        system,
      ),
    ).toEqual([]);
    expect(
      codes(checkRunbook(`$x = Get-Date\nConnect-ExchangeOnline -ManagedIdentity -Organization ${ORG}`, system)),
    ).toEqual(['connect-not-first']);
  });

  it('is strict: even reading an Automation variable before connecting is reported', () => {
    const src = `$org = Get-AutomationVariable -Name Org\nConnect-ExchangeOnline -ManagedIdentity -Organization $org`;
    expect(codes(checkRunbook(src, system))).toEqual(['connect-not-first', 'organization-unverified']);
  });

  it('skips function definitions and param defaults when finding the first command', () => {
    const src = `function Helper { Get-Mailbox }\nConnect-ExchangeOnline -ManagedIdentity -Organization ${ORG}\nHelper`;
    expect(checkRunbook(src, system)).toEqual([]);
  });

  it('accepts a module-qualified name, any case, and the call operator', () => {
    expect(
      checkRunbook(
        `exchangeonlinemanagement\\connect-exchangeonline -managedidentity -organization ${ORG.toUpperCase()}`,
        system,
      ),
    ).toEqual([]);
    expect(checkRunbook(`& 'Connect-ExchangeOnline' -ManagedIdentity -Organization '${ORG}'`, system)).toEqual([]);
  });
});

describe('checkRunbook: Connect-ExchangeOnline parameters', () => {
  it('accepts unambiguous prefixes and quoted or unquoted values', () => {
    expect(checkRunbook(`Connect-ExchangeOnline -ManagedIdentity -Org "${ORG}"`, system)).toEqual([]);
    expect(checkRunbook(`Connect-ExchangeOnline -Organization:${ORG} -ManagedIdentity:$true`, system)).toEqual([]);
    expect(
      checkRunbook(`Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ManagedIdentityAcc ${CLIENT}`, user),
    ).toEqual([]);
  });

  it('rejects ambiguous prefixes', () => {
    const findings = checkRunbook(`Connect-ExchangeOnline -Managed -Organization ${ORG}`, system);
    expect(codes(findings)).toEqual(['missing-managed-identity', 'ambiguous-parameter']);
    expect(findings[1].message).toContain('-ManagedIdentity, -ManagedIdentityAccountId');
    expect(resolveConnectParameter('O')).toEqual({ ambiguous: ['Organization', 'OutVariable', 'OutBuffer'] });
    expect(resolveConnectParameter('ea')).toEqual({ name: 'ErrorAction' });
  });

  it('requires -ManagedIdentity, and refuses it turned off', () => {
    expect(codes(checkRunbook(`Connect-ExchangeOnline -Organization ${ORG}`, system))).toEqual([
      'missing-managed-identity',
    ]);
    expect(codes(checkRunbook(`Connect-ExchangeOnline -ManagedIdentity:$false -Organization ${ORG}`, system))).toEqual([
      'managed-identity-disabled',
    ]);
  });

  it('requires -Organization equal to the input (case-insensitive)', () => {
    expect(codes(checkRunbook('Connect-ExchangeOnline -ManagedIdentity', system))).toEqual(['missing-organization']);
    const [f] = checkRunbook('Connect-ExchangeOnline -ManagedIdentity -Organization fabrikam.onmicrosoft.com', system);
    expect(f).toMatchObject({ code: 'organization-mismatch', line: 1, column: 55, severity: 'error' });
    expect(f.message).toContain(`but this deployment connects to ${ORG}`);
  });

  it('warns when the organization is computed and cannot be checked', () => {
    const findings = checkRunbook(
      'Connect-ExchangeOnline -ManagedIdentity -Organization (Get-AutomationVariable -Name Org)',
      system,
    );
    expect(findings).toEqual([expect.objectContaining({ code: 'organization-unverified', severity: 'warning' })]);
    expect(
      codes(checkRunbook('Connect-ExchangeOnline -ManagedIdentity -Organization "$tenant.onmicrosoft.com"', system)),
    ).toEqual(['organization-unverified']);
  });

  it('reports values without a parameter name, naming where they would bind', () => {
    const [f] = checkRunbook(`Connect-ExchangeOnline -ManagedIdentity ${ORG}`, system).filter(
      (x) => x.code === 'positional-argument',
    );
    expect(f.message).toContain('takes it as -ConnectionUri');
  });

  it('flags other sign-in parameters, duplicates and unknown parameters', () => {
    const findings = checkRunbook(
      `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -CertificateThumbprint AB12 -Organization ${ORG} -Bogus 1`,
      system,
    );
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['conflicting-authentication', 'warning'],
      ['duplicate-parameter', 'error'],
      ['unknown-parameter', 'warning'],
    ]);
  });
});

describe('checkRunbook: identity ids', () => {
  const withId = (value: string) =>
    `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ManagedIdentityAccountId ${value}`;

  it('requires -ManagedIdentityAccountId for a user-assigned identity', () => {
    const [f] = checkRunbook(`Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}`, user);
    expect(f.code).toBe('missing-account-id');
    expect(f.message).toContain(`-ManagedIdentityAccountId ${CLIENT}`);
  });

  it('accepts the client id in any case, quoted, or through a variable', () => {
    expect(checkRunbook(withId(CLIENT.toUpperCase()), user)).toEqual([]);
    expect(checkRunbook(withId(`'${CLIENT}'`), user)).toEqual([]);
    expect(checkRunbook(`$MI_ID = "${CLIENT}"\n${withId('$MI_ID')}`, user)).toEqual([]);
  });

  it('explains the principal id mistake also through a variable', () => {
    const [f] = checkRunbook(`$id = '${PRINCIPAL}'\n${withId('$id')}`, user);
    expect(f).toMatchObject({ code: 'account-id-is-principal-id', line: 2 });
  });

  it('rejects another GUID and a non-GUID', () => {
    expect(codes(checkRunbook(withId('00000000-0000-0000-0000-000000000001'), user))).toEqual(['account-id-mismatch']);
    expect(codes(checkRunbook(withId('my-identity'), user))).toEqual(['account-id-invalid']);
  });

  it('checks only the shape before the identity exists, and says so', () => {
    const planned: CheckOptions = { organization: ORG, identityType: 'user-assigned', fileName: 'a.ps1' };
    const [f] = checkRunbook(withId(CLIENT), planned);
    expect(f).toMatchObject({ code: 'account-id-unverified', severity: 'warning' });
    expect(f.message).toContain("can't be verified yet");
    expect(codes(checkRunbook(withId('$id'), planned))).toEqual(['account-id-unverified']);
    expect(codes(checkRunbook(withId('nope'), planned))).toEqual(['account-id-invalid']);
  });

  it('warns when the account id comes from a runtime value', () => {
    const findings = checkRunbook(withId('(Get-AutomationVariable -Name MiClientId)'), user);
    expect(findings).toEqual([expect.objectContaining({ code: 'account-id-unverified', severity: 'warning' })]);
    expect(findings[0].message).toContain(CLIENT);
  });

  it('refuses -ManagedIdentityAccountId with a system-assigned identity', () => {
    expect(codes(checkRunbook(withId(CLIENT), system))).toEqual(['account-id-with-system-assigned']);
  });

  it('checks the parameters of a resolved splat, and warns about one it cannot resolve', () => {
    const src = `$p = @{ ManagedIdentity = $true; Organization = 'fabrikam.onmicrosoft.com' }\nConnect-ExchangeOnline @p`;
    expect(checkRunbook(src, system)).toEqual([expect.objectContaining({ code: 'organization-mismatch', line: 1 })]);
    const unresolved = checkRunbook('Connect-ExchangeOnline @params', user);
    expect(unresolved).toEqual([
      expect.objectContaining({
        code: 'splat-unresolved',
        severity: 'warning',
        message: expect.stringContaining('$params is not assigned earlier in the script'),
      }),
    ]);
  });
});

describe('checkRunbook: syntax problems and prefixes', () => {
  it('reports tokenizer errors and warnings as findings', () => {
    const findings = checkRunbook(
      `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}\nWrite-Host "open`,
      system,
    );
    expect(findings).toEqual([expect.objectContaining({ code: 'syntax-error', line: 2, column: 12 })]);
    const warn = checkRunbook(`Connect-ExchangeOnline -ManagedIdentity \` \n -Organization ${ORG}`, system);
    expect(codes(warn)).toContain('syntax-warning');
  });

  it('recognises unsupported cmdlets renamed by -Prefix', () => {
    const src = `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -Prefix Cloud\nNew-CloudUnifiedGroup -DisplayName x`;
    expect(codes(checkRunbook(src, system))).toEqual(['unsupported-cmdlet']);
  });

  it('lists the four cmdlets Microsoft documents', () => {
    expect([...UNSUPPORTED_CMDLETS].sort()).toEqual([
      'Add-UnifiedGroupLinks',
      'New-UnifiedGroup',
      'Remove-UnifiedGroup',
      'Remove-UnifiedGroupLinks',
    ]);
  });
});

describe('header-check and annotations', () => {
  const findings = checkRunbook('Get-Mailbox', system);

  it('downgrades errors for warn and drops all for off', () => {
    expect(applyHeaderCheck(findings, 'error')).toBe(findings);
    expect(applyHeaderCheck(findings, 'warn').map((f) => f.severity)).toEqual(['warning']);
    expect(applyHeaderCheck(findings, 'off')).toEqual([]);
  });

  it('maps a finding to core.error arguments', () => {
    expect(toAnnotation(findings[0])).toEqual({
      message: findings[0].message,
      properties: { title: 'exo-automation: missing-connect', file: 'runbooks/a.ps1', startLine: 1, startColumn: 1 },
    });
  });
});

describe('checkRunbook: -ExchangeEnvironmentName (sovereign clouds)', () => {
  const gcch: CheckOptions = { ...system, exchangeEnvironment: 'O365USGovGCCHigh' };
  const line = `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ExchangeEnvironmentName O365USGovGCCHigh`;

  it('puts the environment in the connect line outside Microsoft 365 commercial', () => {
    expect(connectLine(ORG, { type: 'system-assigned' }, 'O365USGovGCCHigh')).toBe(line);
    expect(connectLine(ORG, { type: 'user-assigned', clientId: CLIENT }, 'O365China')).toBe(
      `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ExchangeEnvironmentName O365China -ManagedIdentityAccountId ${CLIENT}`,
    );
    expect(connectLine(ORG, { type: 'system-assigned' }, 'O365Default')).toBe(
      connectLine(ORG, { type: 'system-assigned' }),
    );
  });

  it('accepts the right environment, in any letter case', () => {
    expect(checkRunbook(`${line}\nGet-Mailbox\n`, gcch)).toEqual([]);
    expect(checkRunbook(`${line.replace('O365USGovGCCHigh', 'o365usgovgcchigh')}\n`, gcch)).toEqual([]);
  });

  it('requires it where the cloud needs one, naming the line to write', () => {
    const findings = checkRunbook(`Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}\n`, gcch);
    expect(codes(findings)).toEqual(['missing-exchange-environment']);
    expect(findings[0].message).toContain(`-ExchangeEnvironmentName O365USGovGCCHigh in this cloud`);
    expect(findings[0].message).toContain(line);
  });

  it('refuses another environment, and one in O365Default deployments', () => {
    const dod = checkRunbook(`${line.replace('O365USGovGCCHigh', 'O365USGovDoD')}\n`, gcch);
    expect(codes(dod)).toEqual(['exchange-environment-mismatch']);
    expect(dod[0].message).toMatch(/is O365USGovDoD, but this deployment connects to O365USGovGCCHigh/);
    const commercial = checkRunbook(`${line}\n`, system);
    expect(codes(commercial)).toEqual(['exchange-environment-mismatch']);
    expect(
      checkRunbook(
        `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ExchangeEnvironmentName O365Default\n`,
        system,
      ),
    ).toEqual([]);
  });

  it('warns when a variable holds it', () => {
    const findings = checkRunbook(
      `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ExchangeEnvironmentName $env\n`,
      gcch,
    );
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['exchange-environment-unverified', 'warning']]);
  });
});
