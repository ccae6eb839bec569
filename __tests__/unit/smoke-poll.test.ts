import { describe, expect, it } from '@jest/globals';
import { backoffDelay, pollUntil } from '../../src/smoke/poll.js';

/** A virtual clock: sleeping advances it, nothing waits. */
function clock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('backoffDelay', () => {
  it('doubles from the initial delay and caps at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });
});

describe('pollUntil', () => {
  it('returns the first value that is done, probing first without a sleep', async () => {
    const c = clock();
    const values = ['New', 'Running', 'Completed'];
    let i = 0;
    const res = await pollUntil(
      async () => values[i++],
      (v) => v === 'Completed',
      { timeoutMs: 600_000, initialMs: 1000, maxMs: 10_000, ...c },
    );
    expect(res).toEqual({ value: 'Completed', timedOut: false });
    expect(c.sleeps).toEqual([1000, 2000]);
  });

  it('gives up at the deadline without sleeping past it', async () => {
    const c = clock();
    let probes = 0;
    const res = await pollUntil(
      async () => {
        probes++;
        return 'Running';
      },
      () => false,
      { timeoutMs: 30_000, initialMs: 1000, maxMs: 10_000, ...c },
    );
    expect(res).toEqual({ value: 'Running', timedOut: true });
    expect(c.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 5000]);
    expect(c.now()).toBe(30_000);
    expect(probes).toBe(7);
  });

  it('propagates a probe error', async () => {
    const c = clock();
    await expect(
      pollUntil(
        async () => {
          throw new Error('boom');
        },
        () => true,
        { timeoutMs: 1000, initialMs: 10, maxMs: 10, ...c },
      ),
    ).rejects.toThrow('boom');
  });
});
