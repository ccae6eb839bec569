// The heartbeat with a hand-driven clock: no waiting, no timings asserted against a real clock.
import { describe, expect, it } from '@jest/globals';
import { formatElapsed, Heartbeat, heartbeatState, type Clock } from '../../src/log/heartbeat.js';

/** A clock whose time moves only when the test says so; `every` fires as time passes. */
class ManualClock implements Clock {
  t = 0;
  private timers: { every: number; next: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  every(ms: number, fn: () => void): () => void {
    const timer = { every: ms, next: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.t = due.next;
      due.next += due.every;
      due.fn();
    }
    this.t = end;
  }
  get active(): number {
    return this.timers.length;
  }
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('Heartbeat', () => {
  it('says what is awaited, its state and the elapsed time at least every 30 s, then when it is done', async () => {
    const clock = new ManualClock();
    const lines: string[] = [];
    const beat = new Heartbeat((l) => lines.push(l), clock);
    const gate = deferred();
    const work = beat.track('package ExchangeOnlineManagement', async () => {
      heartbeatState('import Creating');
      await gate.promise;
      return 42;
    });
    await flush();
    clock.advance(19_999);
    expect(lines).toEqual([]);
    clock.advance(1);
    expect(lines).toEqual(['Still waiting for package ExchangeOnlineManagement: import Creating (20 s)']);
    clock.advance(100_000);
    expect(lines).toHaveLength(6); // one line per 20 s: never a gap over 30 s
    expect(lines[5]).toBe('Still waiting for package ExchangeOnlineManagement: import Creating (2 min 00 s)');
    gate.resolve();
    expect(await work).toBe(42);
    expect(lines.at(-1)).toBe('Done: package ExchangeOnlineManagement (2 min 00 s)');
    expect(clock.active).toBe(0); // the ticker stops with the last wait
  });

  it('routes each poll loop’s state to its own work, in one line for all waits, longest first', async () => {
    const clock = new ManualClock();
    const lines: string[] = [];
    const beat = new Heartbeat((l) => lines.push(l), clock);
    const a = deferred();
    const b = deferred();
    const first = beat.track('package A', async () => {
      heartbeatState('import Creating');
      await a.promise;
      heartbeatState('import Succeeded');
    });
    clock.advance(5_000);
    const second = beat.track('app-role-assignment Exchange.ManageAsApp', async () => {
      await flush();
      heartbeatState('Entra has not replicated the new principal yet (attempt 2)');
      await b.promise;
    });
    await flush();
    await flush();
    clock.advance(15_000);
    expect(lines).toEqual([
      'Still waiting for 2: package A: import Creating (20 s); app-role-assignment Exchange.ManageAsApp: Entra has not replicated the new principal yet (attempt 2) (15 s)',
    ]);
    a.resolve();
    await first;
    b.reject(new Error('boom'));
    await expect(second).rejects.toThrow('boom');
    expect(lines.slice(1)).toEqual([
      'Done: package A (20 s)',
      'Failed: app-role-assignment Exchange.ManageAsApp after 15 s',
    ]);
  });

  it('names at most four waits and counts the rest', async () => {
    const clock = new ManualClock();
    const lines: string[] = [];
    const beat = new Heartbeat((l) => lines.push(l), clock);
    const gate = deferred();
    const all = Array.from({ length: 6 }, (_, i) => beat.track(`runbook R${i}`, () => gate.promise));
    clock.advance(20_000);
    expect(lines[0]).toMatch(
      /^Still waiting for 6: runbook R0: in progress \(20 s\); .*runbook R3: in progress \(20 s\); and 2 more$/,
    );
    gate.resolve();
    await Promise.all(all);
  });

  it('ignores a state outside tracked work', () => {
    expect(() => heartbeatState('x')).not.toThrow();
  });

  it('formats elapsed time', () => {
    expect(formatElapsed(45_400)).toBe('45 s');
    expect(formatElapsed(125_000)).toBe('2 min 05 s');
    expect(formatElapsed(3_720_000)).toBe('1 h 02 min');
  });
});
