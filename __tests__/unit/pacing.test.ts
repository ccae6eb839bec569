// The ARM pacer (src/clients/pacing-policy.ts) and the adaptive pool the runbook uploads use,
// on a fake clock: no network, no timings.
import { describe, expect, it } from '@jest/globals';
import { ARM_BUCKETS, nextRefill, operationClass, Pacer, refillSample } from '../../src/clients/pacing-policy.js';
import { AdaptiveLimiter, supportedTasks } from '../../src/engine/adaptive-limiter.js';

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

describe('Pacer with requests in flight', () => {
  const h = (n: number) => headers({ 'x-ms-ratelimit-remaining-subscription-writes': String(n) });

  it('counts the requests sent after the reported one, not those the report already counted', () => {
    const now = 0;
    const p = new Pacer(() => now);
    const seqs = [p.take('writes'), p.take('writes'), p.take('writes'), p.take('writes')];
    // the second request's answer: the server had handled the first two
    p.observe('writes', 200, h(10), seqs[1]);
    expect(p.estimate('writes')).toBe(8); // two still in flight
    // an older answer arriving late does not replace the newer report
    p.observe('writes', 200, h(11), seqs[0]);
    expect(p.estimate('writes')).toBe(8);
    p.observe('writes', 200, h(8), seqs[3]);
    expect(p.estimate('writes')).toBe(8);
  });

  it('judges a held request when asked, not when it was queued: a refill learnt meanwhile shortens the wait', () => {
    let now = 0;
    const p = new Pacer(() => now);
    p.observe('writes', 200, h(0), p.take('writes'));
    const before = p.waitMs('writes');
    expect(before).toBe(1000 / ARM_BUCKETS.writes.refillPerSecond);
    expect(p.waitMs('writes')).toBe(before); // asking counts nothing
    now = 200; // 20 tokens back in 200 ms: 100/s, 10 x the documented refill
    p.observe('writes', 200, h(19), p.take('writes'));
    p.observe('writes', 200, h(0), p.take('writes') + 19); // 19 more handled meanwhile
    expect(p.waitMs('writes')).toBeLessThan(before / 2);
    expect(p.rate('writes')).toBeGreaterThan(2 * (ARM_BUCKETS.writes.refillPerSecond / 1000));
  });
});

describe('refill estimate (pure)', () => {
  it('a sample is the tokens back between two reports, over their span; none while full or out of order', () => {
    expect(refillSample({ remaining: 50, at: 0, seq: 10 }, { remaining: 60, at: 1000, seq: 30 }, 200)).toBeCloseTo(
      0.03, // 20 spent, 10 more left: 30 back in 1 s
    );
    expect(refillSample({ remaining: 50, at: 0, seq: 10 }, { remaining: 199, at: 1000, seq: 30 }, 200)).toBeUndefined();
    expect(refillSample({ remaining: 50, at: 0, seq: 30 }, { remaining: 60, at: 1000, seq: 10 }, 200)).toBeUndefined();
    expect(refillSample({ remaining: 50, at: 0, seq: 10 }, { remaining: 60, at: 5, seq: 30 }, 200)).toBeUndefined();
    // others took more than the refill: their doing, not a refill of 0
    expect(refillSample({ remaining: 50, at: 0, seq: 10 }, { remaining: 5, at: 1000, seq: 11 }, 200)).toBeUndefined();
  });

  it('rises quickly to a higher sample, falls slowly to a lower one', () => {
    const up = nextRefill(0.01, 0.1, 1000);
    const down = nextRefill(0.1, 0.01, 1000);
    expect(up - 0.01).toBeGreaterThan(0.1 - down);
    expect(up).toBeLessThanOrEqual(0.1);
    expect(down).toBeGreaterThanOrEqual(0.01);
    expect(nextRefill(0.05, 0.05, 1000)).toBe(0.05);
  });
});

describe('AdaptiveLimiter and the refill', () => {
  it('counts what the refill brings during a task, so the pool outgrows bucket / requests per task', async () => {
    let now = 0;
    const pool = new AdaptiveLimiter(
      { throttled: () => 0, room: () => 0, rate: () => 0.1 },
      { start: 8, min: 1, max: 128, requestsPerTask: 4 },
      () => now,
    );
    // tasks of 2 s at 0.1 requests per ms: 200 requests per task duration, room for 50 tasks
    for (let i = 0; i < 60; i++)
      await pool.run(async () => {
        now += 2000;
      });
    expect(pool.limit).toBe(49);
    expect(supportedTasks(0, 0.1, 2000, 4)).toBe(50);
    expect(supportedTasks(200, 0, 2000, 4)).toBe(50);
    expect(supportedTasks(-3, -1, 2000, 4)).toBe(0);
  });
});

describe('AdaptiveLimiter on a burst of 429s', () => {
  it('halves once for the 429s of tasks that started under the same bound, again for a later task', async () => {
    let now = 0;
    let throttled = 0;
    const pool = new AdaptiveLimiter(
      { throttled: () => throttled, room: () => 0 },
      { start: 32, min: 1, max: 48, requestsPerTask: 4 },
      () => now,
    );
    // four tasks in flight together; each ends seeing new 429s (one burst)
    const ends: (() => void)[] = [];
    const tasks = Array.from({ length: 4 }, () => pool.run(() => new Promise<void>((r) => ends.push(r))));
    await new Promise((r) => setImmediate(r));
    for (const end of ends) {
      now += 10;
      throttled += 2;
      end();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    expect(pool.limit).toBe(16);
    // a task started after that halving still meets 429s: a new overload
    await pool.run(async () => {
      now += 10;
      throttled += 1;
    });
    expect(pool.limit).toBe(8);
  });
});

describe('Pacer refill spikes', () => {
  it('does not believe one inflated sample (answers arriving in a bunch): a rise needs two', () => {
    let now = 0;
    const p = new Pacer(() => now);
    const h = (n: number) => headers({ 'x-ms-ratelimit-remaining-subscription-writes': String(n) });
    const documented = ARM_BUCKETS.writes.refillPerSecond / 1000;
    p.observe('writes', 200, h(10), p.take('writes'));
    now = 100;
    p.observe('writes', 200, h(11), p.take('writes')); // 2 back in 100 ms: 0.02 per ms
    const settled = p.rate('writes');
    now = 120;
    p.observe('writes', 200, h(30), p.take('writes')); // 20 back in 20 ms: a spike
    expect(p.rate('writes')).toBeLessThanOrEqual(Math.max(settled, 0.02) + 1e-9);
    expect(settled).toBeGreaterThan(documented);
  });
});
