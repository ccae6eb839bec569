// What clients nobody here wrote need from the simulator (issue 13, points 4-6): the subscriptions
// `az login` lists, the older Microsoft.ManagedIdentity api-versions in their own shape, Entra's
// v1 discovery, and the CONNECT proxy that takes MSAL Python's call to login.microsoftonline.com
// to the simulator. The clients themselves run in __tests__/clients.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { startHostProxy, type HostProxy } from '../../simulator/host-proxy.js';
import type { Simulator } from '../../simulator/server.js';
import { aaPath, armFetch, rgPath } from '../helpers/arm.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let proxy: HostProxy;
beforeAll(async () => {
  sim = await startTestSimulator();
  proxy = await startHostProxy(Number(new URL(sim.url).port));
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

describe('subscriptions', () => {
  it('GET /subscriptions lists the subscription in the shape of GetSubscriptions.json', async () => {
    const r = await armFetch(sim, 'GET', '/subscriptions', { apiVersion: '2019-11-01' });
    expect(r.status).toBe(200);
    expect(r.json.value).toHaveLength(1);
    expect(r.json.value[0]).toMatchObject({
      id: `/subscriptions/${sim.subscriptionId}`,
      subscriptionId: sim.subscriptionId,
      tenantId: sim.tenantId,
      state: 'Enabled',
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionPolicies: { spendingLimit: 'Off' },
    });
    expect(typeof r.json.value[0].displayName).toBe('string');
  });

  it('GET /subscriptions/{id} answers the subscription, another id 404 SubscriptionNotFound', async () => {
    const ok = await armFetch(sim, 'GET', `/subscriptions/${sim.subscriptionId}`, { apiVersion: '2022-12-01' });
    expect(ok.status).toBe(200);
    expect(ok.json.subscriptionId).toBe(sim.subscriptionId);
    const other = '00000000-0000-0000-0000-000000000001';
    const missing = await armFetch(sim, 'GET', `/subscriptions/${other}`, { apiVersion: '2022-12-01' });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toEqual({
      code: 'SubscriptionNotFound',
      message: `The subscription '${other}' could not be found.`,
    });
  });

  it('needs a token and a known api-version', async () => {
    const anonymous = await armFetch(sim, 'GET', '/subscriptions', { apiVersion: '2022-12-01', token: null });
    expect(anonymous.status).toBe(401);
    const bad = await armFetch(sim, 'GET', '/subscriptions', { apiVersion: '2099-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('InvalidApiVersionParameter');
  });

  it('lists nothing to a principal without any role in it', async () => {
    const saved = structuredClone(sim.sim.state.deployer);
    sim.sim.state.deployer.armReadScopes = [];
    sim.sim.state.deployer.armWriteScopes = [];
    try {
      const r = await armFetch(sim, 'GET', '/subscriptions', { apiVersion: '2022-12-01' });
      expect(r.status).toBe(200);
      expect(r.json.value).toEqual([]);
    } finally {
      sim.sim.state.deployer = saved;
    }
  });
});

describe('Microsoft.ManagedIdentity api-versions', () => {
  const idPath = (name: string) =>
    `${rgPath(sim, 'rg-msi-versions')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  beforeAll(async () => {
    const rg = await armFetch(sim, 'PUT', rgPath(sim, 'rg-msi-versions'), {
      apiVersion: '2021-04-01',
      body: { location: 'westeurope' },
    });
    expect(rg.status).toBe(201);
  });

  it('2022-01-31-preview (az identity create) creates, without isolationScope (IdentityCreate.json of that version)', async () => {
    const r = await armFetch(sim, 'PUT', idPath('id-preview'), {
      apiVersion: '2022-01-31-preview',
      body: { location: 'westeurope' },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.properties).sort()).toEqual(['clientId', 'principalId', 'tenantId']);
    const now = await armFetch(sim, 'GET', idPath('id-preview'), { apiVersion: '2024-11-30' });
    expect(now.json.properties.isolationScope).toBe('None');
  });

  it('2015-08-31-preview adds clientSecretUrl; an unknown version is refused', async () => {
    const r = await armFetch(sim, 'GET', idPath('id-preview'), { apiVersion: '2015-08-31-preview' });
    expect(r.status).toBe(200);
    expect(r.json.properties.clientSecretUrl).toMatch(
      /^https:\/\/control-westeurope\.identity\.azure\.net\/subscriptions\/.+\/credentials\?tid=.+&oid=.+&aid=.+$/,
    );
    const bad = await armFetch(sim, 'GET', idPath('id-preview'), { apiVersion: '2022-01-31' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('NoRegisteredProviderFound');
  });
});

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('Entra v1 discovery', () => {
  it('instance discovery names the v1 document for a v1 authorize endpoint and the v2.0 one for v2.0', async () => {
    const host = new URL(sim.url).hostname;
    const ask = (path: string) =>
      getJson(
        `${sim.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`https://${host}${path}`)}`,
      );
    const v1 = await ask('/common/oauth2/authorize');
    expect(v1.body.tenant_discovery_endpoint).toBe(`${sim.url}/common/.well-known/openid-configuration`);
    // MSAL Python sends the host without its port.
    const v2 = await ask(`/${sim.tenantId}/oauth2/v2.0/authorize`);
    expect(v2.body.tenant_discovery_endpoint).toBe(`${sim.url}/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    // MSAL Python's alias lookup asks about Entra's own host (msal/application.py _get_instance_metadata).
    const entra = await getJson(
      `${sim.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/authorize`,
    );
    expect(entra.status).toBe(200);
    expect(entra.body.tenant_discovery_endpoint).toBe(
      'https://login.microsoftonline.com/common/.well-known/openid-configuration',
    );
    expect(entra.body.metadata.map((m: { preferred_network: string }) => m.preferred_network)).toContain(
      'login.microsoftonline.us',
    );
  });

  it('serves the v1 OpenID configuration, common and per tenant', async () => {
    const common = await getJson(`${sim.url}/common/.well-known/openid-configuration`);
    expect(common.status).toBe(200);
    expect(common.body).toMatchObject({
      token_endpoint: `${sim.url}/common/oauth2/token`,
      authorization_endpoint: `${sim.url}/common/oauth2/authorize`,
      jwks_uri: `${sim.url}/common/discovery/keys`,
      issuer: 'https://sts.windows.net/{tenantid}/',
      tenant_region_scope: null,
    });
    const tenant = await getJson(`${sim.url}/${sim.tenantId}/.well-known/openid-configuration`);
    expect(tenant.body.token_endpoint).toBe(`${sim.url}/${sim.tenantId}/oauth2/token`);
    expect(tenant.body.issuer).toBe(`https://sts.windows.net/${sim.tenantId}/`);
    const keys = await getJson(tenant.body.jwks_uri);
    expect(keys.body.keys[0].kid).toBe(sim.sim.keys.entra.kid);
    const unknown = await getJson(`${sim.url}/no-such-tenant.example/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_tenant');
  });

  it('leaves the GitHub issuer documents where they were', async () => {
    const r = await getJson(`${sim.url}/_github/.well-known/openid-configuration`);
    expect(r.body.issuer).toBe('https://token.actions.githubusercontent.com');
  });
});

/** Opens a CONNECT tunnel through the proxy; resolves with the status line's code and the socket. */
function tunnel(target: string): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const u = new URL(proxy.url);
    const req = httpRequest({ host: u.hostname, port: Number(u.port), method: 'CONNECT', path: target });
    req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on('error', reject);
    req.end();
  });
}

describe('host proxy', () => {
  it('tunnels login.microsoftonline.com:443 to the simulator, which holds a certificate for it', async () => {
    const { status, socket } = await tunnel('login.microsoftonline.com:443');
    expect(status).toBe(200);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: 'login.microsoftonline.com',
          path: '/common/discovery/instance?api-version=1.1',
          ca: sim.caCert,
          createConnection: () => tlsConnect({ socket, servername: 'login.microsoftonline.com', ca: sim.caCert }),
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body).tenant_discovery_endpoint).toBe(`${sim.url}/common/v2.0/.well-known/openid-configuration`);
  });

  it('refuses every other host with 403, so nothing leaves the machine', async () => {
    for (const target of ['management.azure.com:443', 'example.org:443', 'login.microsoftonline.com:80']) {
      const { status, socket } = await tunnel(target);
      socket.destroy();
      expect(status).toBe(403);
    }
    expect(proxy.requests).toContain('example.org:443');
  });
});

describe('Microsoft.Automation api-versions', () => {
  const rg = 'rg-aa-versions';
  beforeAll(async () => {
    expect(
      (await armFetch(sim, 'PUT', rgPath(sim, rg), { apiVersion: '2021-04-01', body: { location: 'westeurope' } }))
        .status,
    ).toBe(201);
    const put = await armFetch(sim, 'PUT', aaPath(sim, rg, 'aa-v'), {
      apiVersion: '2024-10-23',
      body: { location: 'westeurope', identity: { type: 'SystemAssigned' }, properties: { sku: { name: 'Basic' } } },
    });
    expect(put.status).toBe(201);
    const rb = await armFetch(sim, 'PUT', `${aaPath(sim, rg, 'aa-v')}/runbooks/rb-v`, {
      apiVersion: '2024-10-23',
      body: { location: 'westeurope', properties: { runbookType: 'PowerShell', runtimeEnvironment: 'PowerShell-7-4' } },
    });
    expect(rb.status).toBe(201);
  });

  it('answers an account without identity before 2020-01-13-preview, with it from then on', async () => {
    const old = await armFetch(sim, 'GET', aaPath(sim, rg, 'aa-v'), { apiVersion: '2019-06-01' });
    expect(old.status).toBe(200);
    expect(old.json.identity).toBeUndefined();
    const preview = await armFetch(sim, 'GET', aaPath(sim, rg, 'aa-v'), { apiVersion: '2020-01-13-preview' });
    expect(preview.json.identity.type).toBe('SystemAssigned');
    const list = await armFetch(sim, 'GET', `${rgPath(sim, rg)}/providers/Microsoft.Automation/automationAccounts`, {
      apiVersion: '2015-10-31',
    });
    expect(list.json.value.map((a: { identity?: unknown }) => a.identity)).toEqual([undefined]);
  });

  it('answers a runbook without runtimeEnvironment before 2023-05-15-preview (azure-mgmt-automation sends 2022-08-08)', async () => {
    const old = await armFetch(sim, 'GET', `${aaPath(sim, rg, 'aa-v')}/runbooks/rb-v`, { apiVersion: '2022-08-08' });
    expect(old.status).toBe(200);
    expect(old.json.properties.runbookType).toBe('PowerShell');
    expect(old.json.properties).not.toHaveProperty('runtimeEnvironment');
    const now = await armFetch(sim, 'GET', `${aaPath(sim, rg, 'aa-v')}/runbooks/rb-v`, {
      apiVersion: '2023-05-15-preview',
    });
    expect(now.json.properties.runtimeEnvironment).toBe('PowerShell-7-4');
  });
});
