// A heartbeat for long waits: while anything tracked is in flight (a package import, Entra
// replication, a runbook's publish, the smoke test's job), one line every 20 s says what is awaited,
// its state and how long it has taken, so the log is never silent for more than 30 s. Each tracked
// piece of work also gets a line when it completes, not only when it starts.
//
// Poll loops deep inside a change report their state with heartbeatState(); AsyncLocalStorage
// routes it to the work that encloses them, so no context has to be threaded through.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the heartbeat needs of time; injectable so tests tick it by hand. */
export interface Clock {
  now(): number;
  /** calls fn every ms until the returned function is called */
  every(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref(); // the heartbeat never keeps the process alive
    return () => clearInterval(handle);
  },
};

/** Under 30 s with room for a slow event loop. */
export const HEARTBEAT_MS = 20_000;
/** A line names at most this many waits; the rest are counted. */
const MAX_NAMED = 4;

interface Wait {
  what: string;
  state: string;
  started: number;
}

/** "45 s", "2 min 05 s", "1 h 02 min". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The tracked work the running code belongs to (whichever Heartbeat tracks it). */
const current = new AsyncLocalStorage<Wait>();

/** The state of the enclosing tracked work (e.g. an import's provisioning state); ignored outside one. */
export function heartbeatState(state: string): void {
  const wait = current.getStore();
  if (wait) wait.state = state;
}

export class Heartbeat {
  private readonly waits = new Set<Wait>();
  private stopTicking?: () => void;

  constructor(
    private readonly write: (line: string) => void,
    private readonly clock: Clock = realClock,
    private readonly everyMs: number = HEARTBEAT_MS,
  ) {}

  /** Runs fn as tracked work: heartbeats while it runs, a line with its duration when it completes. */
  async track<T>(what: string, fn: () => Promise<T>, state = 'in progress'): Promise<T> {
    const wait: Wait = { what, state, started: this.clock.now() };
    this.waits.add(wait);
    this.stopTicking ??= this.clock.every(this.everyMs, () => this.tick());
    let ok = false;
    try {
      const result = await current.run(wait, fn);
      ok = true;
      return result;
    } finally {
      this.waits.delete(wait);
      if (this.waits.size === 0) {
        this.stopTicking?.();
        this.stopTicking = undefined;
      }
      const took = formatElapsed(this.clock.now() - wait.started);
      this.write(ok ? `Done: ${what} (${took})` : `Failed: ${what} after ${took}`);
    }
  }

  /** One line for everything in flight, longest first. */
  private tick(): void {
    if (this.waits.size === 0) return;
    const now = this.clock.now();
    const all = [...this.waits].sort((a, b) => a.started - b.started);
    const named = all.slice(0, MAX_NAMED).map((w) => `${w.what}: ${w.state} (${formatElapsed(now - w.started)})`);
    const more = all.length > MAX_NAMED ? `; and ${all.length - MAX_NAMED} more` : '';
    this.write(`Still waiting for ${all.length === 1 ? '' : `${all.length}: `}${named.join('; ')}${more}`);
  }
}
