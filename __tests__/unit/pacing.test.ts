// The ARM pacer (src/clients/pacing-policy.ts) and the adaptive pool the runbook uploads use,
// on a fake clock: no network, no timings.
import { describe, expect, it } from '@jest/globals';
import { ARM_BUCKETS, operationClass, Pacer } from '../../src/clients/pacing-policy.js';
import { AdaptiveLimiter } from '../../src/engine/adaptive-limiter.js';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });

describe('Pacer', () => {
  it('classes requests as ARM counts them: GET reads, DELETE deletes, the rest writes', () => {
    expect(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'].map(operationClass)).toEqual([
      'reads',
      'reads',
      'writes',
      'writes',
      'writes',
      'deletes',
    ]);
  });

  it('sends at once while nothing is known or the bucket has room', () => {
    let now = 0;
    const p = new Pacer(() => now);
    expect(p.reserve('writes')).toBe(0);
    p.observe('writes', 200, headers({ 'x-ms-ratelimit-remaining-subscription-writes': '3' }));
    expect([p.reserve('writes'), p.reserve('writes'), p.reserve('writes')]).toEqual([0, 0, 0]);
    now = 10;
    expect(p.estimate('writes')).toBeCloseTo(0.1); // 10 ms at 10 tokens/s
  });

  it('holds requests of an empty bucket for its refill, one token apart', () => {
    const now = 0;
    const p = new Pacer(() => now);
    p.observe('writes', 200, headers({ 'x-ms-ratelimit-remaining-subscription-writes': '0' }));
    const refillMs = 1000 / ARM_BUCKETS.writes.refillPerSecond;
    expect([p.reserve('writes'), p.reserve('writes'), p.reserve('writes')]).toEqual([
      refillMs,
      2 * refillMs,
      3 * refillMs,
    ]);
    expect(p.reserve('reads')).toBe(0); // another bucket
  });

  it('after a 429 holds the whole class for Retry-After and halves the share it assumes', () => {
    let now = 1000;
    const p = new Pacer(() => now);
    p.observe('reads', 429, headers({ 'retry-after': '5' }));
    expect(p.throttled.reads).toBe(1);
    expect(p.reserve('reads')).toBeGreaterThanOrEqual(5000);
    now = 6010; // too soon after to measure a refill: the documented one stands
    p.observe('reads', 200, headers({ 'x-ms-ratelimit-remaining-subscription-reads': '0' }));
    // the share is halved: a token every 80 ms instead of every 40 ms
    expect(p.reserve('reads')).toBe(2 * (1000 / ARM_BUCKETS.reads.refillPerSecond));
  });
});

describe('Pacer refill', () => {
  it('learns the refill the answers show (here 10 x the documented one) and waits accordingly', () => {
    let now = 0;
    const p = new Pacer(() => now);
    const h = (n: number) => headers({ 'x-ms-ratelimit-remaining-subscription-writes': String(n) });
    for (let i = 0; i < 20; i++) {
      now = i * 200;
      p.observe('writes', 200, h(0)); // emptied (by others, say)
      now += 100;
      p.reserve('writes');
      p.observe('writes', 200, h(9)); // 10 back in 100 ms, one spent: 100 tokens/s
    }
    now += 1;
    p.observe('writes', 200, h(0));
    const wait = p.reserve('writes');
    expect(wait).toBeLessThan(1000 / ARM_BUCKETS.writes.refillPerSecond / 5);
    expect(wait).toBeGreaterThan(0);
  });
});

describe('AdaptiveLimiter', () => {
  const run = (pool: AdaptiveLimiter) => pool.run(async () => undefined);

  it('keeps its start without budget information', async () => {
    const pool = new AdaptiveLimiter(
      { throttled: () => 0, room: () => undefined },
      { start: 8, min: 1, max: 48, requestsPerTask: 4 },
    );
    for (let i = 0; i < 5; i++) await run(pool);
    expect(pool.limit).toBe(8);
  });

  it('grows by one per task while the budget has room for one more, up to its ceiling', async () => {
    let room = 200;
    const pool = new AdaptiveLimiter(
      { throttled: () => 0, room: () => room },
      { start: 8, min: 1, max: 10, requestsPerTask: 4 },
    );
    await run(pool);
    expect(pool.limit).toBe(9);
    for (let i = 0; i < 5; i++) await run(pool);
    expect(pool.limit).toBe(10);
    room = 20;
    await run(pool);
    expect(pool.limit).toBe(10); // no room: holds
  });

  it('halves on each 429 seen, never below its floor', async () => {
    let throttled = 0;
    const pool = new AdaptiveLimiter(
      { throttled: () => throttled, room: () => 0 },
      { start: 8, min: 1, max: 48, requestsPerTask: 4 },
    );
    const seen = [];
    for (let i = 0; i < 5; i++) {
      throttled++;
      await run(pool);
      seen.push(pool.limit);
    }
    expect(seen).toEqual([4, 2, 1, 1, 1]);
  });
});
