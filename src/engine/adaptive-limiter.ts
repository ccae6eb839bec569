// A pool whose bound follows the throttling budget (additive increase, multiplicative
// decrease, as TCP's congestion control): after each task it halves on a 429 seen meanwhile (once per
// round: not again for tasks that started before the last halving) and
// grows by one while the budget shows room for another task's requests. Room is what the bucket
// holds now plus what its refill brings while a task runs (the tasks in flight spread their
// requests over their duration): a pool sized to the bucket alone would stop growing at
// bucket / requests per task and leave the refill unused. Without any budget information (no
// ratelimit headers) it keeps its start value.
import type { Pool } from './graph.js';
import { Limiter } from './limiter.js';

export interface BudgetSignal {
  /** 429s seen so far (a counter) */
  throttled(): number;
  /** requests believed left in the budget; undefined when unknown */
  room(): number | undefined;
  /** requests per ms the budget refills for this process; undefined when unknown */
  rate?(): number | undefined;
}

/**
 * The bound the budget supports: tasks whose requests, spread over one task's duration, fit in
 * what the bucket holds plus what it refills meanwhile. Pure.
 */
export function supportedTasks(room: number, ratePerMs: number, taskMs: number, requestsPerTask: number): number {
  return (Math.max(0, room) + Math.max(0, ratePerMs) * Math.max(0, taskMs)) / requestsPerTask;
}

export class AdaptiveLimiter implements Pool {
  private readonly limiter: Limiter;
  private seen: number;
  /** the tasks' mean duration (exponentially weighted), ms */
  private taskMs: number | undefined;
  /** when the bound was last halved */
  private halvedAt = -Infinity;

  constructor(
    private readonly signal: BudgetSignal,
    readonly opts: { start: number; min: number; max: number; requestsPerTask: number },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limiter = new Limiter(opts.start);
    this.seen = signal.throttled();
  }

  get limit(): number {
    return this.limiter.limit;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    let started = 0;
    try {
      return await this.limiter.run(() => {
        started = this.now();
        return fn();
      });
    } finally {
      const ms = this.now() - started;
      this.taskMs = this.taskMs === undefined ? ms : 0.9 * this.taskMs + 0.1 * ms;
      this.adjust(started);
    }
  }

  private adjust(started: number): void {
    const throttled = this.signal.throttled();
    const { min, max, requestsPerTask } = this.opts;
    if (throttled > this.seen) {
      this.seen = throttled;
      // Once per round (TCP halves once per round trip): a task that started before the last
      // halving sent its requests under the old bound; its 429s report the overload already
      // answered, not a new one.
      if (started >= this.halvedAt) {
        this.halvedAt = this.now();
        this.limiter.setLimit(Math.max(min, Math.floor(this.limiter.limit / 2)));
      }
      return;
    }
    const room = this.signal.room();
    if (room === undefined) return;
    const supported = supportedTasks(room, this.signal.rate?.() ?? 0, this.taskMs ?? 0, requestsPerTask);
    if (supported > this.limiter.limit + 1) {
      this.limiter.setLimit(Math.min(max, this.limiter.limit + 1));
    }
  }
}
