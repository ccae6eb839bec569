// ARM gateway behaviour of the simulator: api-version checks, authentication, authorization,
// resource groups and their deletion LRO, with raw HTTP so that bodies and headers are visible.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { aaPath, armFetch, AUTO, MSI, pollLocation, RES, rgPath } from '../helpers/arm.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator({ config: { lroMs: 50 } });
});
afterAll(async () => {
  await sim.close();
});

describe('api-version', () => {
  it('is required, with ARM wording', async () => {
    const r = await armFetch(sim, 'GET', rgPath(sim, 'rg-x'), { apiVersion: null });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: {
        code: 'MissingApiVersionParameter',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      },
    });
  });

  it('unknown for resource groups: InvalidApiVersionParameter listing the supported versions', async () => {
    const r = await armFetch(sim, 'GET', rgPath(sim, 'rg-x'), { apiVersion: '2099-01-01' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('InvalidApiVersionParameter');
    expect(r.json.error.message).toMatch(
      /^The api-version '2099-01-01' is invalid\. The supported versions are '2025-04-01,/,
    );
  });

  it('unknown for a resource provider: NoRegisteredProviderFound', async () => {
    const r = await armFetch(sim, 'GET', aaPath(sim, 'rg-x', 'aa'), { apiVersion: '2015-01-01' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('NoRegisteredProviderFound');
    expect(r.json.error.message).toContain(
      "No registered resource provider found for location 'eastus' and API version '2015-01-01' for type 'automationAccounts'. The supported api-versions are '2024-10-23, ",
    );
  });

  it('powerShell72Modules answer only 2023-11-01', async () => {
    const r = await armFetch(sim, 'GET', `${aaPath(sim, 'rg-x', 'aa')}/powerShell72Modules/x`, { apiVersion: AUTO });
    expect(r.json.error.code).toBe('NoRegisteredProviderFound');
    expect(r.json.error.message).toContain("The supported api-versions are '2023-11-01'");
  });
});

describe('authentication and authorization', () => {
  it('401 without a token', async () => {
    const r = await armFetch(sim, 'GET', rgPath(sim, 'rg-x'), { apiVersion: RES, token: null });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('AuthenticationFailed');
  });

  it('403 AuthorizationFailed outside the write scopes, with ARM message', async () => {
    const d = sim.sim.state.deployer;
    const saved = [...d.armWriteScopes];
    d.armWriteScopes = [`/subscriptions/${sim.subscriptionId}/resourceGroups/allowed-rg`];
    try {
      const r = await armFetch(sim, 'PUT', rgPath(sim, 'Other-RG'), { apiVersion: RES, body: { location: 'eastus' } });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('AuthorizationFailed');
      expect(r.json.error.message).toBe(
        `The client '${d.servicePrincipalId}' with object id '${d.servicePrincipalId}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourceGroups/write' over scope '/subscriptions/${sim.subscriptionId}/resourcegroups/Other-RG' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
      // reads still pass through the read scope (the subscription)
      const read = await armFetch(sim, 'GET', rgPath(sim, 'Other-RG'), { apiVersion: RES });
      expect(read.status).toBe(404);
      // writes inside the allowed scope pass (case-insensitively)
      const ok = await armFetch(sim, 'PUT', rgPath(sim, 'ALLOWED-rg'), {
        apiVersion: RES,
        body: { location: 'eastus' },
      });
      expect(ok.status).toBe(201);
    } finally {
      d.armWriteScopes = saved;
    }
  });
});

describe('resource groups', () => {
  it('HEAD 404, PUT 201 then 200, GET echoes stored casing, tracing headers', async () => {
    expect((await armFetch(sim, 'HEAD', rgPath(sim, 'rg-app'), { apiVersion: RES })).status).toBe(404);
    const created = await armFetch(sim, 'PUT', rgPath(sim, 'rg-App'), {
      apiVersion: RES,
      body: { location: 'eastus', tags: { env: 'test' } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: `/subscriptions/${sim.subscriptionId}/resourceGroups/rg-App`,
      name: 'rg-App',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'eastus',
      tags: { env: 'test' },
      properties: { provisioningState: 'Succeeded' },
    });
    expect(created.headers.get('x-ms-request-id')).toBeTruthy();
    expect(created.headers.get('x-ms-correlation-request-id')).toBeTruthy();
    expect(
      (await armFetch(sim, 'PUT', rgPath(sim, 'RG-APP'), { apiVersion: RES, body: { location: 'eastus' } })).status,
    ).toBe(200);
    expect((await armFetch(sim, 'HEAD', rgPath(sim, 'RG-app'), { apiVersion: RES })).status).toBe(204);
    const got = await armFetch(sim, 'GET', rgPath(sim, 'RG-APP'), { apiVersion: RES });
    expect(got.json.name).toBe('rg-App');
  });

  it('404 ResourceGroupNotFound from the gateway for resources below a missing group', async () => {
    const r = await armFetch(sim, 'GET', aaPath(sim, 'no-such-rg', 'aa'), { apiVersion: AUTO });
    expect(r.status).toBe(404);
    expect(r.headers.get('x-ms-failure-cause')).toBe('gateway');
    expect(r.json).toEqual({
      error: { code: 'ResourceGroupNotFound', message: "Resource group 'no-such-rg' could not be found." },
    });
  });

  it('DELETE answers 202 + Location and cascades to identities and their service principals', async () => {
    await armFetch(sim, 'PUT', rgPath(sim, 'rg-del'), { apiVersion: RES, body: { location: 'eastus' } });
    const id = await armFetch(
      sim,
      'PUT',
      `${rgPath(sim, 'rg-del')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-del`,
      {
        apiVersion: MSI,
        body: { location: 'eastus' },
      },
    );
    expect(id.status).toBe(201);
    const principalId = id.json.properties.principalId;
    expect(sim.sim.state.graph.servicePrincipals.some((sp) => sp.id === principalId)).toBe(true);
    const del = await armFetch(sim, 'DELETE', rgPath(sim, 'rg-del'), { apiVersion: RES });
    expect(del.status).toBe(202);
    const location = del.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${sim.url}/subscriptions/${sim.subscriptionId}/operationresults/`));
    // whole seconds, as configured (DEFAULT_CONFIG.retryAfterSeconds)
    expect(del.headers.get('retry-after')).toBe(String(sim.sim.state.config.retryAfterSeconds));
    expect(sim.sim.state.graph.servicePrincipals.some((sp) => sp.id === principalId)).toBe(false);
    const final = await pollLocation(sim, location);
    expect(final.status).toBe(200);
    expect((await armFetch(sim, 'HEAD', rgPath(sim, 'rg-del'), { apiVersion: RES })).status).toBe(404);
  });
});
