// A pool whose bound follows the throttling budget (additive increase, multiplicative
// decrease, as TCP's congestion control): after each task it halves on a 429 seen meanwhile and
// grows by one while the budget shows room for another task's requests. Without any budget
// information (no ratelimit headers) it keeps its start value.
import type { Pool } from './graph.js';
import { Limiter } from './limiter.js';

export interface BudgetSignal {
  /** 429s seen so far (a counter) */
  throttled(): number;
  /** requests believed left in the budget; undefined when unknown */
  room(): number | undefined;
}

export class AdaptiveLimiter implements Pool {
  private readonly limiter: Limiter;
  private seen: number;

  constructor(
    private readonly signal: BudgetSignal,
    readonly opts: { start: number; min: number; max: number; requestsPerTask: number },
  ) {
    this.limiter = new Limiter(opts.start);
    this.seen = signal.throttled();
  }

  get limit(): number {
    return this.limiter.limit;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.limiter.run(fn);
    } finally {
      this.adjust();
    }
  }

  private adjust(): void {
    const throttled = this.signal.throttled();
    const { min, max, requestsPerTask } = this.opts;
    if (throttled > this.seen) {
      this.seen = throttled;
      this.limiter.setLimit(Math.max(min, Math.floor(this.limiter.limit / 2)));
      return;
    }
    const room = this.signal.room();
    if (room !== undefined && room > (this.limiter.limit + 1) * requestsPerTask) {
      this.limiter.setLimit(Math.min(max, this.limiter.limit + 1));
    }
  }
}
