// A counting semaphore whose limit may change while it runs: a kind's pool in the graph runner
// (graph.ts), and the bound on runbook content reads during observe.
import type { Pool } from './graph.js';

export class Limiter implements Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private max: number) {}

  get limit(): number {
    return this.max;
  }

  /** A new bound (at least 1): a raise starts waiting work at once, a cut lets running work end. */
  setLimit(limit: number): void {
    this.max = Math.max(1, Math.floor(limit));
    this.wake();
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // a slot is taken here or handed over (already counted) by wake()
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      this.active--;
      this.wake();
    }
  }

  private wake(): void {
    while (this.active < this.max && this.waiting.length) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
