// The simulator's azure profile: ARM's subscription token buckets with their headers and 429 +
// Retry-After, and the profile's timings (set at start-up or through the admin API).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { armFetch, RES, rgPath } from '../helpers/arm.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('azure profile', () => {
  it('sets the scaled timings: imports by package size, whole-second Retry-After, refill divided by the scale', async () => {
    const { status, json } = await admin('PUT', '/_sim/profile', { name: 'azure', timeScale: 0.1 });
    expect(status).toBe(200);
    expect(json.importMsByPackage.exchangeonlinemanagement).toBe(18_000); // 3 min x 0.1
    expect(json.importMsByPackage.packagemanagement).toBeLessThan(json.importMsByPackage.exchangeonlinemanagement);
    expect(json.replicationDelayMs).toBe(3000);
    expect(json.draftRetryAfterSeconds).toBe(1); // ceil(5 s x 0.1)
    expect(json.throttle.writes).toEqual({ size: 200, refillPerSecond: 100 });
    expect(json.throttle.reads).toEqual({ size: 250, refillPerSecond: 250 });
    expect((await admin('PUT', '/_sim/profile', { name: 'nope' })).status).toBe(400);
    const back = await admin('PUT', '/_sim/profile', { name: 'default' });
    expect(back.json.throttle).toBeUndefined();
    expect(back.json.importMsByPackage).toBeUndefined();
  });

  it('answers from the token bucket: remaining counts down, then 429 with Retry-After, and nothing is processed', async () => {
    sim.sim.state.config.throttle = {
      reads: { size: 250, refillPerSecond: 25 },
      writes: { size: 3, refillPerSecond: 0.5 },
      deletes: { size: 200, refillPerSecond: 10 },
    };
    try {
      const remaining: string[] = [];
      for (const name of ['rg-t1', 'rg-t2', 'rg-t3']) {
        const r = await armFetch(sim, 'PUT', rgPath(sim, name), { apiVersion: RES, body: { location: 'westeurope' } });
        expect(r.status).toBeLessThan(300);
        remaining.push(r.headers.get('x-ms-ratelimit-remaining-subscription-writes')!);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const throttled = await armFetch(sim, 'PUT', rgPath(sim, 'rg-t4'), {
        apiVersion: RES,
        body: { location: 'westeurope' },
      });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(throttled.json.error.code).toBe('SubscriptionRequestsThrottled');
      expect(throttled.json.error.message).toMatch(
        /^Number of 'write' requests for subscription '.+' actor '.*' exceeded\. Please try again after '\d+' seconds\.$/,
      );
      expect(sim.sim.state.arm[rgPath(sim, 'rg-t4').toLowerCase()]).toBeUndefined();
      // reads have their own bucket
      const read = await armFetch(sim, 'GET', rgPath(sim, 'rg-t1'), { apiVersion: RES });
      expect(read.status).toBe(200);
      expect(read.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('249');
    } finally {
      delete sim.sim.state.config.throttle;
    }
  });
});
