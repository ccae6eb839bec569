// The smoke test's Microsoft Graph line against the simulator, with the action's own ARM client:
// the account, its runtime environment, the SDK modules and the Graph grants are seeded through the
// real ARM and Graph routes, and the simulator's job runner decides Connect-MgGraph -Identity and
// Get-MgGroup as the Graph SDK and Microsoft Graph would.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { createWriteClients, type WriteClients } from '../../src/clients/index.js';
import type { AccountRef } from '../../src/clients/automation.js';
import type { Logger } from '../../src/engine/types.js';
import { runtimeEnvironmentName } from '../../src/kinds/runtime-environments.js';
import { runSmokeTest, type SmokeTestOptions } from '../../src/smoke/index.js';
import { startTestSimulator } from '../helpers/sim.js';
import { aaPath, armOk, AUTO, MSI, RES, rgPath, waitFor } from '../helpers/arm.js';
import { armCredential, graphToken } from '../helpers/tokens.js';

const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const RG = 'rg-smoke-graph';
const LOCATION = 'westeurope';
const ENV = runtimeEnvironmentName('7.4');
const SDK = ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Groups'];
const GRAPH_INPUTS = { permissions: ['Group.Read.All'], modules: SDK };

let sim: Simulator;
let clients: WriteClients;
let ref: AccountRef;
let aa: string;
let system: { principalId: string; clientId: string };
let user: { principalId: string; clientId: string };

async function graph(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/v1.0/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await graphToken(sim)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const arm = (method: string, path: string, apiVersion: string, body?: unknown) =>
  armOk(sim, method, path, apiVersion, body);

async function importPackage(name: string, version: string): Promise<void> {
  const pkg = `${aa}/runtimeEnvironments/${ENV}/packages/${name}`;
  await arm('PUT', pkg, AUTO, {
    properties: { contentLink: { uri: `${sim.url}/api/v2/package/${name}/${version}` } },
  });
  await waitFor(sim, pkg, AUTO, (b) => b.properties?.provisioningState === 'Succeeded');
}

async function removePackage(name: string): Promise<void> {
  await arm('DELETE', `${aa}/runtimeEnvironments/${ENV}/packages/${name}`, AUTO);
}

async function spOf(appId: string): Promise<string> {
  return (await graph('GET', `servicePrincipals?$filter=appId eq '${appId}'`)).value[0].id;
}

/** An app role assignment through Graph; returns its id. */
async function grant(principal: string, resourceAppId: string, appRoleId: string): Promise<string> {
  const resourceId = await spOf(resourceAppId);
  const a = await graph('POST', `servicePrincipals/${principal}/appRoleAssignments`, {
    principalId: principal,
    resourceId,
    appRoleId,
  });
  return a.id;
}

async function graphRoleId(value: string): Promise<string> {
  const sp = await graph('GET', `servicePrincipals?$filter=appId eq '${GRAPH_APP_ID}'`);
  return sp.value[0].appRoles.find((r: { value: string }) => r.value === value).id;
}

async function exchangeReady(principal: string): Promise<void> {
  await grant(principal, EXCHANGE_APP_ID, MANAGE_AS_APP);
  await graph('POST', 'roleManagement/directory/roleAssignments', {
    '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
    roleDefinitionId: EXCHANGE_ADMIN,
    principalId: principal,
    directoryScopeId: '/',
  });
}

const log: Logger = { info: () => {}, warning: () => {}, debug: () => {} };

function options(over: Partial<SmokeTestOptions> = {}): SmokeTestOptions {
  return {
    clients,
    account: ref,
    organization: sim.sim.state.tenant.organization,
    identity: { type: 'system-assigned', principalId: system.principalId },
    runtimeEnvironment: ENV,
    log,
    pollInitialMs: 50,
    pollMaxMs: 200,
    graph: GRAPH_INPUTS,
    ...over,
  };
}

async function seed(): Promise<void> {
  await arm('PUT', rgPath(sim, RG), RES, { location: LOCATION });
  const uaiPath = `${rgPath(sim, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-graph`;
  const uai = await arm('PUT', uaiPath, MSI, { location: LOCATION });
  user = { principalId: uai.properties.principalId, clientId: uai.properties.clientId };
  aa = aaPath(sim, RG, 'aa-graph');
  const account = await arm('PUT', aa, AUTO, {
    location: LOCATION,
    identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [uai.id]: {} } },
    properties: { sku: { name: 'Basic' } },
  });
  const principalId = account.identity.principalId as string;
  system = {
    principalId,
    clientId: sim.sim.state.graph.servicePrincipals.find((sp) => sp.id === principalId)!.appId,
  };
  await arm('PUT', `${aa}/runtimeEnvironments/${ENV}`, AUTO, {
    location: LOCATION,
    properties: { runtime: { language: 'PowerShell', version: '7.4' } },
  });
  await importPackage('ExchangeOnlineManagement', '3.7.0');
  ref = { subscriptionId: sim.subscriptionId, resourceGroup: RG, account: 'aa-graph' };
  await exchangeReady(system.principalId);
  await exchangeReady(user.principalId);
}

beforeAll(async () => {
  sim = await startTestSimulator({
    config: { replicationDelayMs: 0, importMs: 50, jobMs: 200, lroMs: 20, retryAfterSeconds: 0 },
  });
  // Test fixture: the Graph SDK's packages in the simulated gallery (2.25.0 is a real release of the
  // SDK; the published date is a placeholder).
  for (const name of SDK)
    sim.sim.state.gallery[name] = [{ version: '2.25.0', prerelease: false, published: '2025-01-08' }];
  clients = createWriteClients({
    endpoints: {
      arm: sim.url,
      graph: sim.url,
      authorityHost: sim.url,
      gallery: `${sim.url}/api/v2`,
      armScope: 'https://management.azure.com/.default',
      graphScope: 'https://graph.microsoft.com/.default',
    },
    subscriptionId: sim.subscriptionId,
    credential: armCredential(sim),
    lroIntervalMs: 20,
  });
  await seed();
});

afterAll(async () => {
  await sim.close();
});

describe('smoke test with the Graph line (Connect-MgGraph -Identity, Get-MgGroup)', () => {
  it('without the SDK modules: PowerShell’s not-recognized text, and the modules input named', async () => {
    const res = await runSmokeTest(options());
    expect(res.status).toBe('failed');
    expect(res.output).toContain("The term 'Connect-MgGraph' is not recognized as a name of a cmdlet");
    expect(res.detail).toContain('Microsoft.Graph.Authentication and Microsoft.Graph.Groups must be imported');
    expect(res.detail).toContain('`modules`');
  });

  it('modules imported, no Graph permission: Graph’s 403 text, the permissions and the input named', async () => {
    for (const name of SDK) await importPackage(name, '2.25.0');
    const res = await runSmokeTest(options());
    expect(res.status).toBe('failed');
    expect(res.output).toContain('Get-MgGroup : Insufficient privileges to complete the operation.');
    expect(res.output).toContain('Status: 403 (Forbidden)\nErrorCode: Authorization_RequestDenied');
    expect(res.detail).toContain('403 Authorization_RequestDenied to Get-MgGroup');
    expect(res.detail).toContain('`graph-permissions`');
    expect(res.detail).toContain(system.principalId);
  });

  it('a grant still replicating is not in the token yet; once Entra shows it, the job passes', async () => {
    sim.sim.state.config.replicationDelayMs = 600_000;
    let id: string;
    try {
      id = await grant(system.principalId, GRAPH_APP_ID, await graphRoleId('Group.Read.All'));
    } finally {
      sim.sim.state.config.replicationDelayMs = 0;
    }
    const early = await runSmokeTest(options());
    expect(early.status).toBe('failed');
    expect(early.output).toContain('Authorization_RequestDenied');
    // replication completes (without waiting ten minutes)
    const a = sim.sim.state.graph.appRoleAssignments.find((x) => x.id === id)!;
    a.visibleAfter = sim.sim.now();
    const res = await runSmokeTest(options());
    expect(res.status).toBe('passed');
    expect(res.detail).toContain('Connect-MgGraph and Get-MgGroup succeeded');
    expect(res.output).toContain(`Connected via managedidentity access using ${system.clientId}`);
  });

  it('user-assigned by -ClientId: its own grants count, not the system identity’s', async () => {
    const ua = options({ identity: { type: 'user-assigned', clientId: user.clientId, principalId: user.principalId } });
    const denied = await runSmokeTest(ua);
    expect(denied.status).toBe('failed');
    expect(denied.output).toContain('Authorization_RequestDenied');
    expect(denied.detail).toContain(`client id ${user.clientId}`);
    await grant(user.principalId, GRAPH_APP_ID, await graphRoleId('Directory.Read.All'));
    const res = await runSmokeTest(ua);
    expect(res.status).toBe('passed');
    expect(res.output).toContain(`Connected via managedidentity access using ${user.clientId}`);
  });

  it('a package removed from the runtime makes the cmdlet unknown again', async () => {
    await removePackage('Microsoft.Graph.Groups');
    try {
      const res = await runSmokeTest(options({ graph: { permissions: ['Group.Read.All'], modules: SDK } }));
      expect(res.status).toBe('failed');
      expect(res.output).toContain("The term 'Get-MgGroup' is not recognized as a name of a cmdlet");
      expect(res.detail).toContain('`modules`');
    } finally {
      await importPackage('Microsoft.Graph.Groups', '2.25.0');
    }
  });
});

describe('a published runbook job using the Graph SDK', () => {
  async function runPublished(runbook: string, script: string) {
    const automation = clients.automation;
    await automation.putRunbook(ref, runbook, {
      name: runbook,
      location: LOCATION,
      properties: { runbookType: 'PowerShell', runtimeEnvironment: ENV, draft: {} },
    });
    await automation.uploadDraftContent(ref, runbook, script);
    await automation.publishRunbook(ref, runbook);
    const job = `${aa}/jobs/${crypto.randomUUID()}`;
    await arm('PUT', job, AUTO, { properties: { runbook: { name: runbook }, parameters: {}, runOn: '' } });
    const done = await waitFor(sim, job, AUTO, (b) => ['Completed', 'Failed'].includes(b.properties.status));
    const list = await arm('GET', `${job}/streams`, AUTO);
    const streams: { type: string; text: string }[] = [];
    for (const s of list.value) {
      const one = await arm('GET', `${job}/streams/${s.properties.jobStreamId}`, AUTO);
      streams.push({ type: one.properties.streamType, text: one.properties.streamText });
    }
    return { done, streams };
  }

  it('Graph errors do not stop the script: the job completes with them in the Error stream', async () => {
    const script = ['Connect-MgGraph -Identity', 'Get-MgUser -All', "Write-Output 'after'", ''].join('\n');
    const { done, streams } = await runPublished('Get-Users', script);
    expect(done.properties.status).toBe('Completed');
    expect(streams.map((s) => s.type)).toEqual(['Output', 'Error', 'Output']);
    expect(streams[0].text).toContain('Welcome to Microsoft Graph!');
    // Microsoft.Graph.Users is not imported: PowerShell 7's wording on the 7.4 runtime
    expect(streams[1].text).toBe(
      "The term 'Get-MgUser' is not recognized as a name of a cmdlet, function, script file, or executable program.\n" +
        'Check the spelling of the name, or if a path was included, verify that the path is correct and try again.',
    );
    expect(streams[2].text).toBe('after');
  });

  it("with $ErrorActionPreference = 'Stop' the first Graph error fails the job with its text", async () => {
    const script = ["$ErrorActionPreference = 'Stop'", 'Connect-MgGraph -Identity -ClientId nope', ''].join('\n');
    const { done } = await runPublished('Connect-Wrong', script);
    expect(done.properties.status).toBe('Failed');
    expect(done.properties.exception).toContain('ManagedIdentityCredential authentication unavailable');
    expect(done.properties.exception).toContain('"error_description":"Identity not found"');
  });
});
