// ARM client LRO polling: a positive Retry-After is waited before the first poll too (core-lro
// alone polls once at once); without one the client backs off from lroIntervalMs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ArmClient } from '../../src/clients/arm.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armCredential } from '../helpers/tokens.js';

const RES = '2025-04-01';
let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator({ config: { lroMs: 40 } });
});
afterAll(async () => {
  await sim.close();
});

function client(lroIntervalMs?: number): ArmClient {
  return new ArmClient({
    endpoint: sim.url,
    scope: 'https://management.azure.com/.default',
    credential: armCredential(sim),
    readOnly: false,
    lroIntervalMs,
  });
}

async function deleteGroup(name: string, arm: ArmClient) {
  const path = `/subscriptions/${sim.subscriptionId}/resourcegroups/${name}`;
  await arm.put(path, RES, { location: 'westeurope' });
  sim.requests.length = 0;
  const deleted = await arm.delete(path, RES);
  const polls = sim.requests.filter((r) => r.method === 'GET' && /\/operationresults\//i.test(r.path));
  return { deleted, polls };
}

describe('LRO polling', () => {
  it('waits a Retry-After of 1 s before the first poll, which then sees the 40 ms operation done', async () => {
    sim.sim.state.config.retryAfterSeconds = 1;
    const { deleted, polls } = await deleteGroup('rg-lro-ra', client());
    expect(deleted).toBe(true);
    expect(polls.map((p) => p.status)).toEqual([200]);
  });

  it('without Retry-After backs off and ends with the operation', async () => {
    sim.sim.state.config.retryAfterSeconds = 0;
    const { deleted, polls } = await deleteGroup('rg-lro-backoff', client(5));
    expect(deleted).toBe(true);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.at(-1)!.status).toBe(200);
    expect(polls.slice(0, -1).every((p) => p.status === 202)).toBe(true);
  });
});
