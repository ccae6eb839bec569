// Automation through the Azure SDK's own pipeline (@azure/core-rest-pipeline) and LRO poller
// (@azure/core-lro), as the action calls it: runtime environments and package imports,
// modules, runbooks with draft upload and publish, jobs that run Connect-ExchangeOnline.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpPoller, type OperationResponse, type OperationState, type RunningOperation } from '@azure/core-lro';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { Simulator } from '../../simulator/server.js';
import { EXCHANGE_APP_ID } from '../../simulator/ids.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armCredential } from '../helpers/tokens.js';
import { aaPath, armFetch, AUTO, RES, rgPath, waitFor } from '../helpers/arm.js';

let sim: Simulator;
let pipeline: Pipeline;
let client: HttpClient;
const RG = 'rg-auto';
const ACC = 'aa-exo';

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

async function send(
  method: string,
  pathOrUrl: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Sent> {
  const url = pathOrUrl.startsWith('http')
    ? pathOrUrl
    : `${sim.url}${pathOrUrl}${pathOrUrl.includes('?') ? '&' : '?'}api-version=${AUTO}`;
  const req = createPipelineRequest({
    url,
    method: method as 'GET',
    headers: createHttpHeaders(body === undefined ? {} : { 'content-type': contentType }),
  });
  if (body !== undefined) req.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await pipeline.sendRequest(client, req);
  const text = res.bodyAsText ?? '';
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers.toJSON(), body: parsed, text };
}

/** An ARM LRO driven by @azure/core-lro (202 + Location). */
async function lro(
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<OperationState<unknown>> {
  const toOp = (r: Sent, reqUrl: string, m: string): OperationResponse<unknown> => ({
    flatResponse: r.body,
    rawResponse: { statusCode: r.status, headers: r.headers, body: r.body, request: { method: m, url: reqUrl } },
  });
  const running: RunningOperation<unknown> = {
    sendInitialRequest: async () => toOp(await send(method, path, body, contentType), `${sim.url}${path}`, method),
    sendPollRequest: async (url) => toOp(await send('GET', url), url, 'GET'),
  };
  const poller = createHttpPoller(running, { intervalInMs: 10, resourceLocationConfig: 'location' });
  await poller.pollUntilDone();
  return poller.operationState!;
}

const acc = () => aaPath(sim, RG, ACC);
const galleryUri = (id: string, v: string) => `${sim.url}/api/v2/package/${id}/${v}`;

// Imports last 400 ms: long enough that a poll sees an intermediate state on a loaded machine
// (at 120 ms one poll under load could span the whole import).
beforeAll(async () => {
  sim = await startTestSimulator({ config: { importMs: 400, jobMs: 80, lroMs: 60, pageSize: 2 } });
  pipeline = createPipelineFromOptions({});
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential: armCredential(sim),
      scopes: 'https://management.azure.com/.default',
    }),
  );
  client = createDefaultHttpClient();
  await armFetch(sim, 'PUT', rgPath(sim, RG), { apiVersion: RES, body: { location: 'westeurope' } });
  const put = await send('PUT', acc(), {
    location: 'westeurope',
    identity: { type: 'SystemAssigned' },
    properties: { sku: { name: 'Basic' } },
  });
  expect(put.status).toBe(201);
});
afterAll(async () => {
  await sim.close();
});

describe('runtime environments and packages', () => {
  it('creates a 7.4 runtime environment', async () => {
    const r = await send('PUT', `${acc()}/runtimeEnvironments/PowerShell-74`, {
      location: 'westeurope',
      properties: { runtime: { language: 'PowerShell', version: '7.4' }, defaultPackages: { Az: '12.3.0' } },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'PowerShell-74',
      type: 'Microsoft.Automation/automationAccounts/runtimeEnvironments',
      properties: { runtime: { language: 'PowerShell', version: '7.4' }, defaultPackages: { Az: '12.3.0' } },
    });
    expect((await send('GET', `${acc()}/runtimeEnvironments/powershell-74`)).body.name).toBe('PowerShell-74');
  });

  it('imports a gallery package: Creating, intermediate states, then Succeeded with the version', async () => {
    const path = `${acc()}/runtimeEnvironments/PowerShell-74/packages/ExchangeOnlineManagement`;
    const put = await send('PUT', path, {
      properties: { contentLink: { uri: galleryUri('ExchangeOnlineManagement', '3.9.2') } },
    });
    expect(put.status).toBe(201);
    expect(put.body.properties).toMatchObject({ provisioningState: 'Creating', version: null, default: false });
    const seen = new Set<string>();
    const done = await waitFor(sim, path, AUTO, (b) => {
      seen.add(b.properties.provisioningState);
      return ['Succeeded', 'Failed'].includes(b.properties.provisioningState);
    });
    expect(done.properties).toMatchObject({ provisioningState: 'Succeeded', version: '3.9.2' });
    expect(seen.size).toBeGreaterThan(1);
  });

  it('a missing gallery version ends Failed with Automation-style error text', async () => {
    const path = `${acc()}/runtimeEnvironments/PowerShell-74/packages/PowerShellGet`;
    const uri = galleryUri('PowerShellGet', '9.9.9');
    expect((await send('PUT', path, { properties: { contentLink: { uri } } })).status).toBe(201);
    const done = await waitFor(
      sim,
      path,
      AUTO,
      (b) => b.properties.provisioningState !== 'Creating' && !b.properties.provisioningState.startsWith('Content'),
    );
    expect(done.properties.provisioningState).toBe('Failed');
    expect(done.properties.error.message).toMatch(
      /^Orchestrator\.Shared\.AsyncModuleImport\.ModuleImportException: While importing the module, an error occurred while processing the module content\. Internal error message: /,
    );
    expect(done.properties.error.message).toContain(uri);
    expect(done.properties.error.code).toBeNull(); // as recorded: Automation sets no code
  });

  it('state hooks make an import hang or fail', async () => {
    const account = sim.sim.state.arm[acc().toLowerCase()];
    account.sim = {
      ...account.sim,
      importFaults: { PackageManagement: { mode: 'hang' }, Hangless: { mode: 'fail', message: 'boom' } },
    };
    const hang = `${acc()}/runtimeEnvironments/PowerShell-74/packages/PackageManagement`;
    await send('PUT', hang, { properties: { contentLink: { uri: galleryUri('PackageManagement', '1.4.8.1') } } });
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('GET', hang)).body.properties.provisioningState).not.toMatch(/Succeeded|Failed/);
    const fail = `${acc()}/runtimeEnvironments/PowerShell-74/packages/Hangless`;
    await send('PUT', fail, { properties: { contentLink: { uri: galleryUri('PackageManagement', '1.4.8.1') } } });
    const done = await waitFor(sim, fail, AUTO, (b) => b.properties.provisioningState === 'Failed');
    expect(done.properties.error.message).toBe('boom');
    // without a message, the failure reads as a real runtime mismatch does (pnp/powershell issue 2993)
    account.sim.importFaults = { Hangless: { mode: 'fail' } };
    await send('PUT', fail, { properties: { contentLink: { uri: galleryUri('PackageManagement', '1.4.8.1') } } });
    const mismatch = await waitFor(sim, fail, AUTO, (b) => b.properties.provisioningState === 'Failed');
    expect(mismatch.properties.error.message).toContain(
      "Internal error message: Could not load file or assembly 'System.Management.Automation, Version=7.2.0.0",
    );
    account.sim.importFaults = {};
  });

  it('lists packages with nextLink paging', async () => {
    const first = await send('GET', `${acc()}/runtimeEnvironments/PowerShell-74/packages`);
    expect(first.body.value).toHaveLength(2);
    expect(first.body.nextLink).toContain('$skiptoken=2');
    const second = await send('GET', first.body.nextLink);
    expect(second.body.value.length).toBeGreaterThan(0);
  });

  it('powerShell72Modules (2023-11-01) and 5.1 modules use the same state machine', async () => {
    const ps72 = `${acc()}/powerShell72Modules/ExchangeOnlineManagement?api-version=2023-11-01`;
    const r = await armFetch(sim, 'PUT', ps72, {
      body: { properties: { contentLink: { uri: galleryUri('ExchangeOnlineManagement', '3.4.0') } } },
    });
    expect(r.status).toBe(201);
    expect(r.json.id).toContain('/powershell72modules/ExchangeOnlineManagement');
    expect(r.json.type).toBe('Microsoft.Automation/AutomationAccounts/PowerShell72Modules');
    const mod = `${acc()}/modules/ExchangeOnlineManagement`;
    expect(
      (
        await send('PUT', mod, {
          properties: { contentLink: { uri: galleryUri('ExchangeOnlineManagement', '3.4.0') } },
        })
      ).body.properties.provisioningState,
    ).toBe('Creating');
    const done = await waitFor(sim, mod, AUTO, (b) => b.properties.provisioningState === 'Succeeded');
    expect(done.properties.version).toBe('3.4.0');
  });
});

describe('runbooks', () => {
  it('draft content for a runbook that was never created: 404 ResourceNotFound', async () => {
    const r = await send('PUT', `${rb('ghost')}/draft/content`, 'Write-Output 1', 'text/powershell');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ResourceNotFound');
    expect(r.body.error.message).toContain(`'Microsoft.Automation/automationAccounts/${ACC}/runbooks/ghost'`);
  });

  it('create, upload draft (LRO), publish (LRO), read content', async () => {
    const script =
      'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\nGet-AcceptedDomain | Format-Table Name\n';
    const created = await send('PUT', rb('Sync-Mail'), {
      location: 'westeurope',
      tags: { 'managed-by': 'exo-automation' },
      properties: { runbookType: 'PowerShell', runtimeEnvironment: 'PowerShell-74', draft: {} },
    });
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({
      state: 'New',
      runtimeEnvironment: 'PowerShell-74',
      provisioningState: 'Succeeded',
    });
    expect((await send('GET', `${rb('Sync-Mail')}/content`)).status).toBe(404);

    const upload = await lro('PUT', `${rb('Sync-Mail')}/draft/content`, script, 'text/powershell');
    expect(upload.status).toBe('succeeded');
    const draft = await send('GET', `${rb('Sync-Mail')}/draft/content`);
    expect(draft.headers['content-type']).toContain('text/powershell');
    expect(draft.text).toBe(script);
    expect((await send('GET', `${rb('Sync-Mail')}/draft`)).body.inEdit).toBe(true);

    const before = (await send('GET', rb('Sync-Mail'))).body.properties.lastModifiedTime;
    const published = await lro('POST', `${rb('Sync-Mail')}/publish`);
    expect(published.status).toBe('succeeded');
    const after = (await send('GET', rb('sync-mail'))).body;
    expect(after.properties.state).toBe('Published');
    expect(after.name).toBe('Sync-Mail');
    expect(after.tags).toEqual({ 'managed-by': 'exo-automation' });
    expect(Date.parse(after.properties.lastModifiedTime)).toBeGreaterThan(Date.parse(before));
    const content = await send('GET', `${rb('Sync-Mail')}/content`);
    expect(content.headers['content-type']).toContain('text/powershell');
    expect(content.text).toBe(script);
  });

  it('lists with nextLink, tags and lastModifiedTime included', async () => {
    for (const n of ['rb-a', 'rb-b'])
      await send('PUT', rb(n), { properties: { runbookType: 'PowerShell', draft: {} } });
    const names: string[] = [];
    let url: string | undefined = `${acc()}/runbooks`;
    let pages = 0;
    while (url) {
      const r: Sent = await send('GET', url);
      pages++;
      for (const v of r.body.value) {
        names.push(v.name);
        expect(v.properties.lastModifiedTime).toBeTruthy();
        expect(v.tags).toBeDefined();
      }
      url = r.body.nextLink;
    }
    expect(pages).toBe(2);
    expect(names).toEqual(['Sync-Mail', 'rb-a', 'rb-b']);
  });
});

describe('jobs run Connect-ExchangeOnline with the account identity', () => {
  function grant(principalId: string, opts: { manageAsApp: boolean; role?: string }) {
    const g = sim.sim.state.graph;
    const exo = g.servicePrincipals.find((s) => s.appId === EXCHANGE_APP_ID)!;
    if (opts.manageAsApp) {
      g.appRoleAssignments.push({
        id: `ara-${principalId}`,
        appRoleId: 'dc50a0fb-09a3-484d-be87-e023b12c6440',
        principalId,
        principalDisplayName: ACC,
        principalType: 'ServicePrincipal',
        resourceId: exo.id,
        resourceDisplayName: exo.displayName,
        createdDateTime: new Date().toISOString(),
        deletedDateTime: null,
      });
    }
    if (opts.role)
      g.roleAssignments.push({
        id: `ra-${principalId}`,
        principalId,
        roleDefinitionId: opts.role,
        directoryScopeId: '/',
      });
  }

  async function runJob(runbook: string) {
    const name = crypto.randomUUID();
    const put = await send('PUT', `${acc()}/jobs/${name}`, {
      properties: { runbook: { name: runbook }, parameters: {}, runOn: '' },
    });
    expect(put.status).toBe(201);
    expect(put.body.properties.status).toBe('New');
    expect(put.body.properties.provisioningState).toBe('Processing');
    const done = await waitFor(sim, `${acc()}/jobs/${name}`, AUTO, (b) =>
      ['Completed', 'Failed'].includes(b.properties.status),
    );
    return { name, done };
  }

  it('fails with UnAuthorized before Exchange.ManageAsApp is granted', async () => {
    const { done } = await runJob('Sync-Mail');
    expect(done.properties.status).toBe('Failed');
    expect(done.properties.exception).toBe('UnAuthorized');
  });

  it("fails with Exchange's role text when no supported role is assigned", async () => {
    const pid = (await send('GET', acc())).body.identity.principalId;
    grant(pid, { manageAsApp: true });
    const { done, name } = await runJob('Sync-Mail');
    expect(done.properties.status).toBe('Failed');
    const appId = sim.sim.state.graph.servicePrincipals.find((s) => s.id === pid)!.appId;
    expect(done.properties.exception).toBe(
      `The role assigned to application ${appId} isn't supported in this scenario. Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication.`,
    );
    const streams = await send('GET', `${acc()}/jobs/${name}/streams`);
    expect(streams.body.value.map((s: any) => s.properties.streamType)).toEqual(['Error']);
  });

  it('completes and writes the accepted domains once the role is assigned', async () => {
    const pid = (await send('GET', acc())).body.identity.principalId;
    grant(pid, { manageAsApp: false, role: '29232cdf-9323-42fd-ade2-1d097af3e4de' });
    const { done, name } = await runJob('Sync-Mail');
    expect(done.properties).toMatchObject({
      status: 'Completed',
      provisioningState: 'Succeeded',
      exception: null,
      runbook: { name: 'Sync-Mail' },
    });
    const out = await send('GET', `${acc()}/jobs/${name}/output`);
    expect(out.headers['content-type']).toContain('text/plain');
    expect(out.text).toContain('Name\n----\ncontoso.onmicrosoft.com\ncontoso.com');
    const list = await send('GET', `${acc()}/jobs/${name}/streams?$filter=properties/streamType eq 'Output'`);
    const one = await send('GET', `${acc()}/jobs/${name}/streams/${list.body.value[0].properties.jobStreamId}`);
    expect(one.body.properties.streamText).toContain('contoso.com');
  });

  it('a user-assigned identity named by its object id instead of its client id is not found', async () => {
    const uai = await armFetch(
      sim,
      'PUT',
      `${rgPath(sim, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-job`,
      {
        apiVersion: '2024-11-30',
        body: { location: 'westeurope' },
      },
    );
    const { id, properties } = uai.json;
    await send('PATCH', acc(), {
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [id]: {} } },
    });
    grant(properties.principalId, { manageAsApp: true, role: '29232cdf-9323-42fd-ade2-1d097af3e4de' });
    const header = (acct: string) =>
      `Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com -ManagedIdentityAccountId ${acct}\nGet-AcceptedDomain\n`;
    for (const [rbName, acct] of [
      ['ua-wrong', properties.principalId],
      ['ua-right', properties.clientId],
    ]) {
      await send('PUT', rb(rbName), {
        properties: { runbookType: 'PowerShell', runtimeEnvironment: 'PowerShell-74', draft: {} },
      });
      await lro('PUT', `${rb(rbName)}/draft/content`, header(acct), 'text/powershell');
      await lro('POST', `${rb(rbName)}/publish`);
    }
    const wrong = await runJob('ua-wrong');
    expect(wrong.done.properties.status).toBe('Failed');
    expect(wrong.done.properties.exception).toContain('Failed to acquire managed identity token');
    const right = await runJob('ua-right');
    expect(right.done.properties.status).toBe('Completed');
  });

  it('test jobs run the draft and expose streams', async () => {
    await send('PUT', rb('draft-only'), {
      properties: { runbookType: 'PowerShell', runtimeEnvironment: 'PowerShell-74', draft: {} },
    });
    await lro('PUT', `${rb('draft-only')}/draft/content`, "Write-Output 'hello'\n", 'text/powershell');
    const put = await send('PUT', `${rb('draft-only')}/draft/testJob`, { parameters: {}, runOn: '' });
    expect(put.status).toBe(201);
    expect(put.body.status).toBe('New');
    const done = await waitFor(
      sim,
      `${rb('draft-only')}/draft/testJob`,
      AUTO,
      (b) => b.status === 'Completed' || b.status === 'Failed',
    );
    expect(done.status).toBe('Completed');
    const streams = await send('GET', `${rb('draft-only')}/draft/testJob/streams`);
    expect(streams.body.value[0].properties.summary).toBe('hello');
  });

  it('state hooks make jobs fail with a given text or stay Running', async () => {
    const account = sim.sim.state.arm[acc().toLowerCase()];
    account.sim = { ...account.sim, jobFault: 'Injected failure' };
    const { done } = await runJob('Sync-Mail');
    expect(done.properties).toMatchObject({ status: 'Failed', exception: 'Injected failure' });
    account.sim.jobFault = { mode: 'hang' };
    const name = crypto.randomUUID();
    await send('PUT', `${acc()}/jobs/${name}`, { properties: { runbook: { name: 'Sync-Mail' } } });
    const running = await waitFor(sim, `${acc()}/jobs/${name}`, AUTO, (b) => b.properties.status === 'Running');
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('GET', `${acc()}/jobs/${name}`)).body.properties.status).toBe(running.properties.status);
    delete account.sim.jobFault;
  });

  it('a job for an unpublished runbook is refused', async () => {
    const r = await send('PUT', `${acc()}/jobs/${crypto.randomUUID()}`, {
      properties: { runbook: { name: 'draft-only' } },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 'BadRequest', message: "Runbook 'draft-only' is not published." });
  });
});

function rb(name: string): string {
  return `${acc()}/runbooks/${name}`;
}
