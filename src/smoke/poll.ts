// Bounded polling with exponential backoff. Test jobs have no operation headers (no Retry-After);
// their status is the only signal, so the client chooses its own pace.

export interface PollOptions {
  timeoutMs: number;
  initialMs: number;
  maxMs: number;
  /** injectable for tests */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_SMOKE_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_POLL_INITIAL_MS = 1000;
export const DEFAULT_POLL_MAX_MS = 10_000;

/** Delay before poll `attempt` (0-based): initial, doubling, capped at max. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until `done` holds or the deadline passes. Returns the last value and whether the
 * wait ran out. The first probe is immediate; no sleep goes past the deadline.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  opts: PollOptions,
): Promise<{ value: T; timedOut: boolean }> {
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (done(value)) return { value, timedOut: false };
    const left = deadline - now();
    if (left <= 0) return { value, timedOut: true };
    await sleep(Math.min(left, backoffDelay(attempt, opts.initialMs, opts.maxMs)));
  }
}
