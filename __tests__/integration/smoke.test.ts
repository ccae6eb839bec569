// smoke-test: true against the simulator. The account, its runtime environment and the grants are
// seeded through the real ARM and Graph routes; the smoke test then runs with the action's own
// ARM client, and the simulator's job runner decides the outcome as Exchange Online would.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { createWriteClients, type WriteClients } from '../../src/clients/index.js';
import type { AccountRef } from '../../src/clients/automation.js';
import type { Logger } from '../../src/engine/types.js';
import { runtimeEnvironmentName } from '../../src/kinds/runtime-environments.js';
import { runSmokeTest, SMOKE_RUNBOOK_NAME, type SmokeTestOptions } from '../../src/smoke/index.js';
import { startTestSimulator } from '../helpers/sim.js';
import { aaPath, armFetch, armOk, AUTO, RES, rgPath, waitFor } from '../helpers/arm.js';
import { armCredential, graphToken } from '../helpers/tokens.js';

const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const RG = 'rg-smoke';
const LOCATION = 'westeurope';
const ENV = runtimeEnvironmentName('7.4');

let sim: Simulator;
let clients: WriteClients;
let ref: AccountRef;
let principalId: string;
let clientId: string;
let organization: string;

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

/** An Automation account with a system-assigned identity and a runtime environment holding ExchangeOnlineManagement. */
async function seedAccount(name: string): Promise<{ ref: AccountRef; principalId: string }> {
  const aa = aaPath(sim, RG, name);
  const account = await arm('PUT', aa, AUTO, {
    location: LOCATION,
    identity: { type: 'SystemAssigned' },
    properties: { sku: { name: 'Basic' } },
  });
  await arm('PUT', `${aa}/runtimeEnvironments/${ENV}`, AUTO, {
    location: LOCATION,
    properties: { runtime: { language: 'PowerShell', version: '7.4' } },
  });
  const pkg = `${aa}/runtimeEnvironments/${ENV}/packages/ExchangeOnlineManagement`;
  await arm('PUT', pkg, AUTO, {
    properties: { contentLink: { uri: `${sim.url}/api/v2/package/ExchangeOnlineManagement/3.7.0` } },
  });
  await waitFor(sim, pkg, AUTO, (b) => b.properties?.provisioningState === 'Succeeded');
  return {
    ref: { subscriptionId: sim.subscriptionId, resourceGroup: RG, account: name },
    principalId: account.identity.principalId,
  };
}

async function grantManageAsApp(principal: string): Promise<void> {
  const exo = await graph('GET', `servicePrincipals?$filter=appId eq '${EXCHANGE_APP_ID}'`);
  await graph('POST', `servicePrincipals/${principal}/appRoleAssignments`, {
    principalId: principal,
    resourceId: exo.value[0].id,
    appRoleId: MANAGE_AS_APP,
  });
}

async function assignExchangeAdmin(principal: string): Promise<void> {
  await graph('POST', 'roleManagement/directory/roleAssignments', {
    '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
    roleDefinitionId: EXCHANGE_ADMIN,
    principalId: principal,
    directoryScopeId: '/',
  });
}

const logged: string[] = [];
const log: Logger = {
  info: (m) => logged.push(`info: ${m}`),
  warning: (m) => logged.push(`warning: ${m}`),
  debug: (m) => logged.push(`debug: ${m}`),
};

function options(over: Partial<SmokeTestOptions> = {}): SmokeTestOptions {
  return {
    clients,
    account: ref,
    organization,
    identity: { type: 'system-assigned', principalId },
    runtimeEnvironment: ENV,
    log,
    pollInitialMs: 50,
    pollMaxMs: 200,
    ...over,
  };
}

async function smokeRunbookStatus(account: AccountRef): Promise<number> {
  const r = await armFetch(
    sim,
    'GET',
    `${aaPath(sim, account.resourceGroup, account.account)}/runbooks/${SMOKE_RUNBOOK_NAME}`,
    {
      apiVersion: AUTO,
    },
  );
  return r.status;
}

function smokeWrites(): { method: string; path: string }[] {
  return sim.requests
    .filter((r) => r.service === 'arm' && r.method !== 'GET' && r.path.includes(`/runbooks/${SMOKE_RUNBOOK_NAME}`))
    .map((r) => ({ method: r.method, path: r.path }));
}

beforeAll(async () => {
  sim = await startTestSimulator({
    config: { replicationDelayMs: 0, importMs: 50, jobMs: 200, lroMs: 20, retryAfterSeconds: 0 },
  });
  organization = sim.sim.state.tenant.organization;
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
  await arm('PUT', rgPath(sim, RG), RES, { location: LOCATION });
  const seeded = await seedAccount('aa-smoke');
  ref = seeded.ref;
  principalId = seeded.principalId;
  clientId = sim.sim.state.graph.servicePrincipals.find((sp) => sp.id === principalId)!.appId;
  await grantManageAsApp(principalId);
  await assignExchangeAdmin(principalId);
});

afterAll(async () => {
  await sim.close();
});

describe('runSmokeTest', () => {
  it('passes with the accepted domains in the output, and deletes its runbook', async () => {
    sim.requests.length = 0;
    const res = await runSmokeTest(options());
    expect(res.status).toBe('passed');
    for (const d of sim.sim.state.tenant.domains) expect(res.output).toContain(d);
    expect(await smokeRunbookStatus(ref)).toBe(404);
    const writes = smokeWrites();
    expect(writes.map((w) => w.method)).toEqual(['PUT', 'PUT', 'PUT', 'DELETE']);
    expect(writes[2].path).toMatch(/\/draft\/testJob$/);
    // a test job: nothing was published and no job entered the account's history
    expect(sim.requests.some((r) => /\/publish$|\/jobs\//.test(r.path))).toBe(false);
  });

  it('fails without Exchange.ManageAsApp, naming it and the delay, and deletes its runbook', async () => {
    const g = sim.sim.state.graph;
    const saved = [...g.appRoleAssignments];
    g.appRoleAssignments = g.appRoleAssignments.filter(
      (a) => !(a.principalId === principalId && a.appRoleId === MANAGE_AS_APP),
    );
    try {
      const res = await runSmokeTest(options());
      expect(res.status).toBe('failed');
      expect(res.detail).toContain('Exchange.ManageAsApp');
      expect(res.detail).toContain(principalId);
      expect(res.detail).toMatch(/24 hours/);
      expect(res.output).toContain('UnAuthorized');
      expect(await smokeRunbookStatus(ref)).toBe(404);
    } finally {
      g.appRoleAssignments = saved;
    }
  });

  it('fails without a supported directory role, naming the roles input', async () => {
    const g = sim.sim.state.graph;
    const saved = [...g.roleAssignments];
    g.roleAssignments = g.roleAssignments.filter((a) => a.principalId !== principalId);
    try {
      const res = await runSmokeTest(options());
      expect(res.status).toBe('failed');
      expect(res.detail).toMatch(/no Entra directory role/);
      expect(res.output).toContain(`The role assigned to application ${clientId} isn't supported`);
    } finally {
      g.roleAssignments = saved;
    }
  });

  it('fails when -ManagedIdentityAccountId is the principal id instead of a client id', async () => {
    const res = await runSmokeTest(options({ identity: { type: 'user-assigned', clientId: principalId } }));
    expect(res.status).toBe('failed');
    expect(res.detail).toContain(`-ManagedIdentityAccountId ${principalId}`);
    expect(res.detail).toMatch(/client id \(not the principal\/object id\)/);
  });

  it('names the runtime environment when ExchangeOnlineManagement is not imported there', async () => {
    const bare = runtimeEnvironmentName('7.6');
    await arm('PUT', `${aaPath(sim, RG, ref.account)}/runtimeEnvironments/${bare}`, AUTO, {
      location: LOCATION,
      properties: { runtime: { language: 'PowerShell', version: '7.6' } },
    });
    const res = await runSmokeTest(options({ runtimeEnvironment: bare }));
    expect(res.status).toBe('failed');
    expect(res.detail).toContain(`not available in the runtime environment ${bare}`);
    expect(await smokeRunbookStatus(ref)).toBe(404);
  });

  it('stops waiting at the bound, reports it, and still deletes its runbook', async () => {
    const config = sim.sim.state.config;
    const jobMs = config.jobMs;
    config.jobMs = 3_600_000;
    try {
      const res = await runSmokeTest(options({ timeoutMs: 300 }));
      expect(res.status).toBe('failed');
      expect(res.detail).toContain('did not finish within 0.3 s');
      expect(res.detail).toMatch(/last status: (New|Activating|Running)/);
      expect(await smokeRunbookStatus(ref)).toBe(404);
    } finally {
      config.jobMs = jobMs;
    }
  });

  it('leaves a runbook of the same name that it did not create alone', async () => {
    const path = `${aaPath(sim, RG, ref.account)}/runbooks/${SMOKE_RUNBOOK_NAME}`;
    await arm('PUT', path, AUTO, {
      location: LOCATION,
      tags: { owner: 'someone else' },
      properties: { runbookType: 'PowerShell', draft: {} },
    });
    sim.requests.length = 0;
    const res = await runSmokeTest(options());
    expect(res.status).toBe('failed');
    expect(res.detail).toMatch(/was not created by this action/);
    expect(smokeWrites()).toEqual([]);
    expect(await smokeRunbookStatus(ref)).toBe(200);
    await arm('DELETE', path, AUTO);
  });

  it('reports a missing account as a failure, not an exception', async () => {
    const res = await runSmokeTest(options({ account: { ...ref, account: 'aa-missing' } }));
    expect(res.status).toBe('failed');
    expect(res.detail).toContain('aa-missing');
  });
});
