// The replication window through the action's own Graph client (the real
// @microsoft/microsoft-graph-client over HTTPS): a grant to a managed identity created moments
// before is refused with 400 "Not a valid reference update.", the action retries it as
// replication, and the retry is bounded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GraphClient } from '../../src/clients/graph.js';
import type { ApplyContext } from '../../src/engine/types.js';
import { AzureError } from '../../src/errors.js';
import { isNotReplicated, withReplicationRetry } from '../../src/kinds/principal.js';
import { createManagedIdentityPrincipal } from '../../simulator/entra/directory.js';
import { EXCHANGE_MANAGE_AS_APP_ROLE_ID } from '../../simulator/ids.js';
import type { Simulator } from '../../simulator/server.js';
import { defaultState } from '../../simulator/state.js';
import { simInputs } from '../helpers/inputs.js';
import { startTestSimulator } from '../helpers/sim.js';
import { simCredential } from './engine-helpers.js';

let sim: Simulator;
let graph: GraphClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  const inputs = simInputs(sim);
  graph = new GraphClient({
    endpoint: sim.url,
    scope: inputs.endpoints.graphScope,
    credential: simCredential(sim, inputs),
    readOnly: false,
    retryDelaySeconds: 1,
  });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.sim.state = defaultState();
  sim.requests.length = 0;
});

function newIdentity(): string {
  const rid = `/subscriptions/${sim.subscriptionId}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-new`;
  return createManagedIdentityPrincipal(sim.sim, 'uai-new', rid).principalId;
}

const exchangeSpId = () => sim.sim.state.graph.servicePrincipals[0].id;

function applyContext(timeoutMs: number): ApplyContext {
  const noop = () => {};
  return {
    options: { replicationTimeoutMs: timeoutMs, replicationInitialMs: 50 },
    log: { debug: noop, info: noop, warning: noop },
  } as unknown as ApplyContext;
}

const grantPosts = () => sim.requests.filter((r) => r.method === 'POST' && /\/appRoleAssignments$/.test(r.path)).length;

describe('app role grant during Entra replication', () => {
  it('is answered 400 Request_BadRequest "Not a valid reference update." and counts as replication', async () => {
    sim.sim.state.config.replicationDelayMs = 60_000;
    const principalId = newIdentity();
    let error: unknown;
    try {
      await graph.addAppRoleAssignment(principalId, exchangeSpId(), EXCHANGE_MANAGE_AS_APP_ROLE_ID);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AzureError);
    const e = error as AzureError;
    expect([e.status, e.code, e.serviceMessage]).toEqual([400, 'Request_BadRequest', 'Not a valid reference update.']);
    expect(e.message).toContain('has not replicated it to Graph yet');
    expect(isNotReplicated(e)).toBe(true);
  });

  it('succeeds once the identity has replicated, retried by withReplicationRetry', async () => {
    sim.sim.state.config.replicationDelayMs = 400;
    const principalId = newIdentity();
    const granted = await withReplicationRetry(applyContext(20_000), 'grant', () =>
      graph.addAppRoleAssignment(principalId, exchangeSpId(), EXCHANGE_MANAGE_AS_APP_ROLE_ID),
    );
    expect(granted.principalId).toBe(principalId);
    expect(grantPosts()).toBeGreaterThan(1); // refused at least once, then granted
    expect(sim.sim.state.graph.appRoleAssignments).toHaveLength(1);
  });

  it('gives up with Graph own answer once the bound is spent', async () => {
    sim.sim.state.config.replicationDelayMs = 60_000;
    const principalId = newIdentity();
    await expect(
      withReplicationRetry(applyContext(300), 'grant', () =>
        graph.addAppRoleAssignment(principalId, exchangeSpId(), EXCHANGE_MANAGE_AS_APP_ROLE_ID),
      ),
    ).rejects.toMatchObject({ status: 400, serviceMessage: 'Not a valid reference update.' });
    expect(sim.sim.state.graph.appRoleAssignments).toHaveLength(0);
  });
});
