// The simulator's job runner for the Graph SDK: Connect-MgGraph -Identity and Graph cmdlets need
// their modules and a Graph application permission, and fail with PowerShell's and Graph's texts.
import { describe, expect, it } from '@jest/globals';
import {
  authenticationNeeded,
  couldNotAutoImport,
  GRAPH_IDENTITY_NOT_FOUND,
  graphWelcome,
  type GraphJobContext,
} from '../../simulator/arm/job-graph.js';
import { jobPsVersion } from '../../simulator/arm/job-runner-context.js';
import { notRecognized, runScript, type ExoContext } from '../../simulator/arm/job-runner.js';
import type { Sim } from '../../simulator/types.js';

const sys = { principalId: 'p-sys', clientId: 'c-sys' };
const ua = { principalId: 'p-ua', clientId: 'c-ua' };
const ALL_MODULES = ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Groups', 'Microsoft.Graph.Users'];

function ctx(graph: Partial<GraphJobContext> = {}, over: Partial<ExoContext> = {}): ExoContext {
  return {
    organization: 'contoso.onmicrosoft.com',
    domains: ['contoso.onmicrosoft.com'],
    systemIdentity: sys,
    userAssigned: [ua],
    exoModule: false,
    grants: {},
    psVersion: '7.4',
    graph: {
      modules: ALL_MODULES,
      permissions: { 'p-sys': ['Group.Read.All'], 'p-ua': ['User.Read.All'] },
      now: Date.UTC(2026, 11, 2, 15, 16, 3),
      ...graph,
    },
    ...over,
  };
}

const errors = (r: ReturnType<typeof runScript>) => r.streams.filter((s) => s.type === 'Error').map((s) => s.text);

describe('Connect-MgGraph -Identity', () => {
  it('system-assigned: the welcome banner names the identity, then Get-MgGroup succeeds', () => {
    const r = runScript("Connect-MgGraph -Identity\nGet-MgGroup -All\nWrite-Output 'done'", ctx());
    expect(r).toEqual({
      failed: false,
      streams: [
        { type: 'Output', text: graphWelcome('c-sys') },
        { type: 'Output', text: 'done' },
      ],
    });
    expect(graphWelcome('c-sys')).toMatch(
      /^Welcome to Microsoft Graph!\n\nConnected via managedidentity access using c-sys\n/,
    );
  });

  it('-NoWelcome suppresses the banner', () => {
    expect(runScript('Connect-MgGraph -Identity -NoWelcome', ctx()).streams).toEqual([]);
  });

  it('user-assigned by -ClientId uses that identity and its permissions', () => {
    const r = runScript('Connect-MgGraph -Identity -ClientId c-ua -NoWelcome\nGet-MgUser\nGet-MgGroup', ctx());
    const errs = errors(r);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^Get-MgGroup : Insufficient privileges to complete the operation\.\nStatus: 403 \(Forbidden\)\nErrorCode: Authorization_RequestDenied\nDate: 2026-12-02T15:16:03\nHeaders:\n/,
    );
  });

  it('a client id that is not attached (e.g. the principal id) or no system identity: identity not found', () => {
    expect(errors(runScript('Connect-MgGraph -Identity -ClientId p-ua', ctx()))).toEqual([GRAPH_IDENTITY_NOT_FOUND]);
    expect(errors(runScript('Connect-MgGraph -Identity', ctx({}, { systemIdentity: undefined })))).toEqual([
      GRAPH_IDENTITY_NOT_FOUND,
    ]);
  });

  it('without Microsoft.Graph.Authentication the cmdlet is not recognized, worded per PowerShell version', () => {
    const noAuth = { modules: ['Microsoft.Graph.Groups'] };
    expect(errors(runScript('Connect-MgGraph -Identity', ctx({ modules: [] })))).toEqual([
      notRecognized('Connect-MgGraph', '7.4'),
    ]);
    expect(notRecognized('Connect-MgGraph', '7.4')).toContain(
      "'Connect-MgGraph' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck",
    );
    expect(errors(runScript('Connect-MgGraph -Identity', ctx({ modules: [] }, { psVersion: '5.1' })))).toEqual([
      notRecognized('Connect-MgGraph'),
    ]);
    expect(errors(runScript('Get-MgGroup', ctx(noAuth)))).toEqual([
      couldNotAutoImport('Get-MgGroup', 'Microsoft.Graph.Groups'),
    ]);
  });

  it('errors are non-terminating unless ErrorAction is Stop', () => {
    const script = "Connect-MgGraph -Identity -ClientId nope\nWrite-Output 'after'";
    const r = runScript(script, ctx());
    expect(r.failed).toBe(false);
    expect(r.streams.map((s) => s.type)).toEqual(['Error', 'Output']);
    const stopped = runScript(`$ErrorActionPreference = 'Stop'\n${script}`, ctx());
    expect(stopped).toEqual({
      failed: true,
      exception: GRAPH_IDENTITY_NOT_FOUND,
      streams: [{ type: 'Error', text: GRAPH_IDENTITY_NOT_FOUND }],
    });
    expect(runScript('Connect-MgGraph -Identity -ClientId nope -ErrorAction Stop', ctx()).failed).toBe(true);
    expect(runScript('Connect-MgGraph -Identity -ClientId nope -ErrorAction SilentlyContinue', ctx()).streams).toEqual(
      [],
    );
  });
});

describe('Graph cmdlets', () => {
  it('need Connect-MgGraph first', () => {
    expect(errors(runScript('Get-MgGroup', ctx()))).toEqual([authenticationNeeded('Get-MgGroup')]);
  });

  it('need their own module', () => {
    const r = runScript(
      'Connect-MgGraph -Identity -NoWelcome\nGet-MgUser',
      ctx({ modules: ['Microsoft.Graph.Authentication'] }),
    );
    expect(errors(r)).toEqual([notRecognized('Get-MgUser', '7.4')]);
  });

  it('any permission the API lists is enough; none gives Graph 403 text', () => {
    for (const p of ['GroupMember.Read.All', 'Directory.Read.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All']) {
      const r = runScript('Connect-MgGraph -Identity -NoWelcome\nGet-MgGroup', ctx({ permissions: { 'p-sys': [p] } }));
      expect(errors(r)).toEqual([]);
    }
    const none = runScript('Connect-MgGraph -Identity -NoWelcome\nGet-MgGroup', ctx({ permissions: {} }));
    expect(errors(none)[0]).toContain('Insufficient privileges to complete the operation.');
  });

  it('Send-MgUserMail needs Mail.Send; without it Exchange-backed Graph answers ErrorAccessDenied', () => {
    const modules = [...ALL_MODULES, 'Microsoft.Graph.Users.Actions'];
    const script = 'Connect-MgGraph -Identity -NoWelcome\nSend-MgUserMail -UserId a@contoso.com -BodyParameter $params';
    expect(errors(runScript(script, ctx({ modules, permissions: { 'p-sys': ['Mail.Send'] } })))).toEqual([]);
    const denied = errors(runScript(script, ctx({ modules })));
    expect(denied[0]).toMatch(
      /^Send-MgUserMail : Access is denied\. Check credentials and try again\.\nStatus: 403 \(Forbidden\)\nErrorCode: ErrorAccessDenied\n/,
    );
  });

  it('Disconnect-MgGraph ends the session', () => {
    const r = runScript('Connect-MgGraph -Identity -NoWelcome\nDisconnect-MgGraph\nGet-MgGroup', ctx());
    expect(errors(r)).toEqual([authenticationNeeded('Get-MgGroup')]);
  });
});

describe('jobPsVersion', () => {
  const account = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa' };
  const sim = {
    state: {
      arm: {
        [`${account.id}/runtimeEnvironments/exo-pwsh-7-4`.toLowerCase()]: {
          properties: { runtime: { language: 'PowerShell', version: '7.4' } },
        },
      },
    },
  } as unknown as Sim;

  it('is the runtime environment’s version, else the runbook type’s, else Windows PowerShell 5.1', () => {
    expect(jobPsVersion(sim, account as never, { runtimeEnvironment: 'exo-pwsh-7-4' })).toBe('7.4');
    expect(jobPsVersion(sim, account as never, { runbookType: 'PowerShell72' })).toBe('7.2');
    expect(jobPsVersion(sim, account as never, { runbookType: 'PowerShell' })).toBe('5.1');
  });
});
