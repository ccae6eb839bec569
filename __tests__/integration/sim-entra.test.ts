// Entra on the simulator, through the real @azure/identity (MSAL) and raw fetch: federated
// client assertions from the simulated GitHub issuer, and Entra's AADSTS error bodies.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ClientAssertionCredential } from '@azure/identity';
import { createLocalJWKSet, decodeJwt, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { startTestSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/server.js';
import { defaultState } from '../../simulator/state.js';
import { verifyAccessToken } from '../../simulator/entra/tokens.js';
import type { SimRequest } from '../../simulator/types.js';

const ARM = 'https://management.azure.com/.default';
const GRAPH = 'https://graph.microsoft.com/.default';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DESCRIPTION_TAIL =
  /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/;

let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.sim.state = { ...defaultState(), config: sim.sim.state.config };
  sim.sim.state.config.oidcTokenLifetimeSeconds = 300;
});

async function githubToken(audience = 'api://AzureADTokenExchange'): Promise<string> {
  const res = await fetch(`${sim.oidcRequestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: `Bearer ${sim.oidcRequestToken}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: string }).value;
}

function credential(): ClientAssertionCredential {
  return new ClientAssertionCredential(sim.tenantId, sim.clientId, () => githubToken(), {
    authorityHost: sim.url,
    disableInstanceDiscovery: true,
  });
}

async function postToken(
  fields: Record<string, string>,
  tenant = sim.tenantId,
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function validForm(scope = ARM): Promise<Record<string, string>> {
  return {
    client_id: sim.clientId,
    scope,
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER,
    client_assertion: await githubToken(),
  };
}

function expectAadsts(body: Record<string, any>, error: string, code: number, text: string | RegExp): void {
  expect(Object.keys(body).sort()).toEqual([
    'correlation_id',
    'error',
    'error_codes',
    'error_description',
    'error_uri',
    'timestamp',
    'trace_id',
  ]);
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(DESCRIPTION_TAIL);
  const first = String(body.error_description).split('\r\n')[0];
  if (typeof text === 'string') expect(first).toBe(`AADSTS${code}: ${text}`);
  else expect(first).toMatch(text);
  expect(body.error_description).toContain(`Trace ID: ${body.trace_id}`);
  expect(body.error_description).toContain(`Correlation ID: ${body.correlation_id}`);
  expect(body.error_description).toContain(`Timestamp: ${body.timestamp}`);
}

async function entraKeys(): Promise<JSONWebKeySet> {
  const res = await fetch(`${sim.url}/${sim.tenantId}/discovery/v2.0/keys`);
  return (await res.json()) as JSONWebKeySet;
}

function asRequest(token: string): SimRequest {
  return { headers: { authorization: `Bearer ${token}` } } as unknown as SimRequest;
}

describe('Entra token endpoint through @azure/identity', () => {
  it('issues an ARM token for the deploying app, signed with the published keys', async () => {
    const { token, expiresOnTimestamp } = await credential().getToken(ARM);
    expect(expiresOnTimestamp).toBeGreaterThan(Date.now());
    const { payload } = await jwtVerify(token, createLocalJWKSet(await entraKeys()));
    expect(payload).toMatchObject({
      aud: 'https://management.azure.com',
      iss: `https://sts.windows.net/${sim.tenantId}/`,
      tid: sim.tenantId,
      appid: sim.clientId,
      oid: sim.sim.state.deployer.servicePrincipalId,
      sub: sim.sim.state.deployer.servicePrincipalId,
      idtyp: 'app',
    });
    expect(payload.roles).toBeUndefined();
    await expect(verifyAccessToken(asRequest(token), sim.sim, 'arm')).resolves.toMatchObject({ appid: sim.clientId });
    await expect(verifyAccessToken(asRequest(token), sim.sim, 'graph')).rejects.toMatchObject({ status: 401 });
  });

  it('issues a Graph token carrying the app permissions as roles', async () => {
    const { token } = await credential().getToken(GRAPH);
    const claims = decodeJwt(token);
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(claims.roles).toEqual(sim.sim.state.deployer.graphPermissions);
    await expect(verifyAccessToken(asRequest(token), sim.sim, 'graph')).resolves.toMatchObject({ tid: sim.tenantId });
  });

  it('accepts the pull_request subject too (second federated credential)', async () => {
    sim.sim.state.github.claims.sub = 'repo:octo-org/octo-repo:pull_request';
    await expect(credential().getToken(ARM)).resolves.toHaveProperty('token');
  });

  const CHECK =
    'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation';

  it('refuses an assertion whose subject matches no federated credential: 401 invalid_client AADSTS700213', async () => {
    const sub = 'repo:octo-org/octo-repo:ref:refs/heads/feature';
    sim.sim.state.github.claims.sub = sub;
    await expect(credential().getToken(ARM)).rejects.toThrow(
      /AADSTS700213: No matching federated identity record found for presented assertion subject/,
    );

    const { status, body } = await postToken(await validForm());
    expect(status).toBe(401);
    expectAadsts(
      body,
      'invalid_client',
      700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. ${CHECK}`,
    );
  });

  it('matches the subject case-sensitively: a case-only difference is AADSTS7002138', async () => {
    const sub = 'repo:Octo-Org/octo-repo:ref:refs/heads/main';
    sim.sim.state.github.claims.sub = sub;
    const { status, body } = await postToken(await validForm());
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7002138]);
    expect(body.error_description).toContain(
      `subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.`,
    );
  });

  it('refuses an assertion from another issuer: 401 invalid_client AADSTS700211', async () => {
    const iss = 'https://token.actions.githubusercontent.com/octo-enterprise';
    for (const f of sim.sim.state.deployer.federatedCredentials) f.issuer = iss;
    const { status, body } = await postToken(await validForm());
    expect(status).toBe(401);
    expectAadsts(
      body,
      'invalid_client',
      700211,
      `No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'. ${CHECK}`,
    );
  });

  it('refuses an assertion for another audience: 401 invalid_client AADSTS700212', async () => {
    const form = await validForm();
    form.client_assertion = await githubToken('https://github.com/octo-org');
    const { status, body } = await postToken(form);
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([700212]);
    expect(body.error_description).toContain(
      "No matching federated identity record found for presented assertion audience 'https://github.com/octo-org'.",
    );
  });

  it("answers a pre-2023 tenant's AADSTS70021 (unauthorized_client) when ficErrors is 'legacy'", async () => {
    sim.sim.state.config.ficErrors = 'legacy';
    const sub = 'repo:octo-org/octo-repo:ref:refs/heads/feature';
    sim.sim.state.github.claims.sub = sub;
    await expect(credential().getToken(ARM)).rejects.toThrow(
      /AADSTS70021: No matching federated identity record found for presented assertion/,
    );
    const { status, body } = await postToken(await validForm());
    expect(status).toBe(401);
    expectAadsts(
      body,
      'unauthorized_client',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: '${sub}'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`,
    );
  });

  it('refuses an expired assertion with AADSTS700024', async () => {
    sim.sim.state.config.oidcTokenLifetimeSeconds = -60;
    await expect(credential().getToken(ARM)).rejects.toThrow(
      /AADSTS700024: Client assertion is not within its valid time range/,
    );

    const { status, body } = await postToken(await validForm());
    expect(status).toBe(401);
    expectAadsts(
      body,
      'invalid_client',
      700024,
      /^AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT[\d:.]{16}Z, assertion valid from .+Z, expiry time of assertion .+Z\. Review the documentation at https:\/\/learn\.microsoft\.com\/entra\/identity-platform\/certificate-credentials \.$/,
    );
  });

  it('refuses an assertion signed by another key with AADSTS700027', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ ...sim.sim.state.github.claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sim.sim.keys.github.kid })
      .setIssuer('https://token.actions.githubusercontent.com')
      .setAudience('api://AzureADTokenExchange')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    const { status, body } = await postToken({ ...(await validForm()), client_assertion: forged });
    expect(status).toBe(401);
    expectAadsts(body, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  });
});

describe('Entra token endpoint request errors', () => {
  it('unknown tenant: AADSTS90002', async () => {
    const { status, body } = await postToken(await validForm(), 'nosuch.onmicrosoft.com');
    expect(status).toBe(400);
    expectAadsts(
      body,
      'invalid_tenant',
      90002,
      /^AADSTS90002: Tenant 'nosuch\.onmicrosoft\.com' not found\. Check to make sure/,
    );
  });

  it('accepts a verified domain of the tenant in place of its id', async () => {
    const { status, body } = await postToken(await validForm(), 'contoso.onmicrosoft.com');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(sim.sim.state.config.tokenLifetimeSeconds);
  });

  it('client id not in the tenant: AADSTS700016', async () => {
    const other = '11111111-2222-3333-4444-555555555555';
    const { status, body } = await postToken({ ...(await validForm()), client_id: other });
    expect(status).toBe(400);
    expectAadsts(
      body,
      'unauthorized_client',
      700016,
      new RegExp(`^AADSTS700016: Application with identifier '${other}' was not found in the directory`),
    );
  });

  it('missing assertion or wrong assertion type: AADSTS7000218', async () => {
    const form = await validForm();
    const { client_assertion: _a, ...noAssertion } = form;
    let r = await postToken(noAssertion);
    expect(r.status).toBe(401);
    expectAadsts(
      r.body,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
    r = await postToken({ ...form, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' });
    expect(r.body.error_codes).toEqual([7000218]);
  });

  it('malformed assertion: AADSTS50027', async () => {
    const { status, body } = await postToken({ ...(await validForm()), client_assertion: 'not-a-jwt' });
    expect(status).toBe(400);
    expectAadsts(body, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  });

  it('grant type missing (AADSTS900144) or unsupported (AADSTS70003)', async () => {
    const { grant_type: _g, ...rest } = await validForm();
    let r = await postToken(rest);
    expectAadsts(
      r.body,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
    r = await postToken({ ...rest, grant_type: 'password' });
    expect(r.status).toBe(400);
    expectAadsts(r.body, 'unsupported_grant_type', 70003, "The app requested an unsupported grant type 'password'.");
  });

  it('scope: two resources (AADSTS70011), no /.default (AADSTS1002012), unknown resource (AADSTS500011)', async () => {
    let r = await postToken(await validForm(`${ARM} ${GRAPH}`));
    expect(r.status).toBe(400);
    expectAadsts(r.body, 'invalid_scope', 70011, new RegExp(`The scope ${ARM} ${GRAPH} is not valid\\.$`));
    r = await postToken(await validForm('https://graph.microsoft.com/User.Read'));
    expectAadsts(
      r.body,
      'invalid_scope',
      1002012,
      /^AADSTS1002012: The provided value for scope https:\/\/graph\.microsoft\.com\/User\.Read is not valid\. Client credential flows/,
    );
    r = await postToken(await validForm('https://foo.example.com/.default'));
    expectAadsts(
      r.body,
      'invalid_resource',
      500011,
      /^AADSTS500011: The resource principal named https:\/\/foo\.example\.com was not found/,
    );
  });

  it('echoes the caller correlation id', async () => {
    const correlation = '0b7a5c3e-1d2f-4a6b-9c8d-7e6f5a4b3c2d';
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': correlation },
      body: 'grant_type=password',
    });
    expect(((await res.json()) as { correlation_id: string }).correlation_id).toBe(correlation);
  });

  it('v1 endpoint takes a resource and answers the v1 shape', async () => {
    const { scope: _s, ...form } = await validForm();
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, resource: 'https://management.azure.com/' }).toString(),
    });
    const body = (await res.json()) as Record<string, string>;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', resource: 'https://management.azure.com' });
    expect(decodeJwt(body.access_token).aud).toBe('https://management.azure.com');
  });
});

describe('Entra discovery documents', () => {
  it('serves the tenant OpenID configuration with endpoints on this host', async () => {
    const res = await fetch(`${sim.url}/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, string>;
    expect(doc).toMatchObject({
      issuer: `${sim.url}/${sim.tenantId}/v2.0`,
      token_endpoint: `${sim.url}/${sim.tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${sim.url}/${sim.tenantId}/discovery/v2.0/keys`,
    });
    const bad = await fetch(`${sim.url}/nosuch.example/v2.0/.well-known/openid-configuration`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_tenant');
  });

  it('answers MSAL instance discovery', async () => {
    const authz = `${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`;
    const res = await fetch(
      `${sim.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authz)}`,
    );
    const body = (await res.json()) as Record<string, any>;
    const host = new URL(sim.url).host;
    expect(body.tenant_discovery_endpoint).toBe(`${sim.url}/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    // The simulator's own instance, then Entra's clouds as recorded (azure-sdk-for-js arm-resources recordings).
    expect(body.metadata[0]).toEqual({ preferred_network: host, preferred_cache: host, aliases: [host] });
    expect(body.metadata[1]).toEqual({
      preferred_network: 'login.microsoftonline.com',
      preferred_cache: 'login.windows.net',
      aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
    });
    expect(body.metadata).toHaveLength(6);
    const bad = await fetch(
      `${sim.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2Fexample.com%2Fx`,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_codes: number[] }).error_codes).toEqual([50049]);
  });

  it('publishes the key that signs access tokens', async () => {
    expect((await entraKeys()).keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid: sim.sim.keys.entra.kid });
  });
});
