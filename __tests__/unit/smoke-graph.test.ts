// The smoke test's Microsoft Graph line: which cmdlet probes the granted permissions, the script
// lines, and how the failure texts (as the simulator's runner writes them, from Graph's and
// PowerShell's real texts) are explained.
import { describe, expect, it } from '@jest/globals';
import { diagnoseGraph, GRAPH_PERMISSION_DELAY, GRAPH_PROBES, graphLines, graphProbe } from '../../src/smoke/graph.js';
import { interpretOutcome, type JobOutcome, type SmokeContext } from '../../src/smoke/interpret.js';
import { smokeScript } from '../../src/smoke/script.js';
import type { GraphJobContext } from '../../simulator/arm/job-graph.js';
import { runScript, type ExoContext } from '../../simulator/arm/job-runner.js';

const ORG = 'contoso.onmicrosoft.com';
const SYS = { clientId: '11111111-1111-1111-1111-111111111111', principalId: '22222222-2222-2222-2222-222222222222' };
const UA = { clientId: '33333333-3333-3333-3333-333333333333', principalId: '44444444-4444-4444-4444-444444444444' };
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const MODULES = ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Groups'];
const GROUPS = GRAPH_PROBES[0];

function exo(graph: Partial<GraphJobContext> = {}): ExoContext {
  return {
    organization: ORG,
    domains: [ORG],
    systemIdentity: SYS,
    userAssigned: [UA],
    exoModule: true,
    grants: {
      [SYS.principalId]: { manageAsApp: true, roleTemplateIds: [EXCHANGE_ADMIN] },
      [UA.principalId]: { manageAsApp: true, roleTemplateIds: [EXCHANGE_ADMIN] },
    },
    psVersion: '7.4',
    graph: { modules: MODULES, permissions: { [SYS.principalId]: ['Group.Read.All'] }, now: 0, ...graph },
  };
}

function ctx(
  identity: SmokeContext['identity'] = { type: 'system-assigned', principalId: SYS.principalId },
): SmokeContext {
  return {
    organization: ORG,
    identity,
    runtimeEnvironment: 'exo-pwsh-7-4',
    runbook: 'exo-automation-smoke-test',
    timeoutMs: 600_000,
    graph: GROUPS,
  };
}

function simulated(
  identity: { type: 'system-assigned' | 'user-assigned'; clientId?: string },
  ex: ExoContext,
): JobOutcome {
  const r = runScript(smokeScript(ORG, identity, 'O365Default', GROUPS), ex);
  return { status: r.failed ? 'Failed' : 'Completed', exception: r.exception ?? null, streams: r.streams };
}

describe('graphProbe', () => {
  it('picks the cmdlet whose permission is granted and whose module is imported', () => {
    expect(graphProbe(['Group.Read.All'], MODULES)?.cmdlet).toBe('Get-MgGroup');
    expect(graphProbe(['user.read.all'], ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Users'])?.cmdlet).toBe(
      'Get-MgUser',
    );
    expect(graphProbe(['Directory.Read.All'], ['Microsoft.Graph'])?.cmdlet).toBe('Get-MgGroup');
    // graph-permissions may name the app role id (lower case) instead of the value
    expect(graphProbe(['5b567255-7703-4780-807c-7be8301ae99b'], MODULES)?.cmdlet).toBe('Get-MgGroup');
  });

  it('none without the authentication module, the cmdlet module, or a fitting permission', () => {
    expect(graphProbe(['Group.Read.All'], ['Microsoft.Graph.Groups'])).toBeUndefined();
    expect(graphProbe(['Group.Read.All'], ['Microsoft.Graph.Authentication'])).toBeUndefined();
    expect(graphProbe(['Mail.Send'], MODULES)).toBeUndefined();
    expect(graphProbe([], MODULES)).toBeUndefined();
  });
});

describe('the Graph lines', () => {
  it('connect with the same identity as the Exchange line, after it, stopping on error', () => {
    expect(graphLines(GROUPS, { type: 'system-assigned' })[0]).toBe('Connect-MgGraph -Identity -ErrorAction Stop');
    expect(graphLines(GROUPS, { type: 'user-assigned', clientId: 'c1' })[0]).toBe(
      'Connect-MgGraph -Identity -ClientId c1 -ErrorAction Stop',
    );
    expect(graphLines(GROUPS, { type: 'system-assigned' }, 'O365USGovGCCHigh')[0]).toBe(
      'Connect-MgGraph -Identity -Environment USGov -ErrorAction Stop',
    );
    const s = smokeScript(ORG, { type: 'system-assigned' }, 'O365Default', GROUPS);
    expect(s.indexOf('Get-AcceptedDomain')).toBeLessThan(s.indexOf('Connect-MgGraph'));
    expect(s).toContain('Get-MgGroup -Top 1 -ErrorAction Stop');
    expect(smokeScript(ORG, { type: 'system-assigned' })).not.toContain('MgGraph');
  });
});

describe('interpretOutcome with the Graph line', () => {
  it('passes, naming both connections', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo()), ctx());
    expect(res.status).toBe('passed');
    expect(res.detail).toContain('Connect-MgGraph and Get-MgGroup succeeded');
    expect(res.output).toContain(`Connected via managedidentity access using ${SYS.clientId}`);
  });

  it('user-assigned by client id uses that identity’s permissions', () => {
    const ok = exo({ permissions: { [UA.principalId]: ['Group.Read.All'] } });
    expect(interpretOutcome(simulated({ type: 'user-assigned', clientId: UA.clientId }, ok), ctx()).status).toBe(
      'passed',
    );
    const res = interpretOutcome(
      simulated({ type: 'user-assigned', clientId: UA.clientId }, exo()),
      ctx({
        type: 'user-assigned',
        clientId: UA.clientId,
      }),
    );
    expect(res.status).toBe('failed');
    expect(res.detail).toContain(`client id ${UA.clientId}`);
  });

  it('without the permission: Graph’s 403 text in the output, the permissions and the input in the detail', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo({ permissions: {} })), ctx());
    expect(res.status).toBe('failed');
    expect(res.output).toContain('Get-MgGroup : Insufficient privileges to complete the operation.');
    expect(res.output).toContain('ErrorCode: Authorization_RequestDenied');
    expect(res.detail).toContain('Microsoft Graph answered 403 Authorization_RequestDenied to Get-MgGroup');
    expect(res.detail).toContain('GroupMember.Read.All, Group.Read.All, Directory.Read.All');
    expect(res.detail).toContain('`graph-permissions`');
    expect(res.detail).toContain(SYS.principalId);
    expect(res.detail).toContain(GRAPH_PERMISSION_DELAY);
  });

  it('without the SDK modules: PowerShell’s not-recognized text and the modules input', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo({ modules: [] })), ctx());
    expect(res.status).toBe('failed');
    expect(res.output).toContain("The term 'Connect-MgGraph' is not recognized as a name of a cmdlet");
    expect(res.detail).toContain('Microsoft.Graph.Authentication and Microsoft.Graph.Groups must be imported');
    expect(res.detail).toContain('`modules`');
    expect(res.detail).not.toContain(GRAPH_PERMISSION_DELAY);
  });

  it('diagnoseGraph reads the texts of real reports', () => {
    // msgraph-sdk-powershell#2169 (an Azure Automation runbook), flattened as the issue shows it
    expect(
      diagnoseGraph(
        'Get-MgGroupMember : Insufficient privileges to complete the operation. Status: 403 (Forbidden) ErrorCode: Authorization_RequestDenied',
      ),
    ).toEqual(['graph-permission']);
    expect(diagnoseGraph("The term 'Get-MgUser' is not recognized as the name of a cmdlet")).toEqual([
      'graph-module-missing',
    ]);
    expect(diagnoseGraph('UnAuthorized')).toEqual([]);
  });
});
