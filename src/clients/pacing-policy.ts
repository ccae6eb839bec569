// Keeps ARM requests within the subscription's throttling budget instead of spending it and
// failing. ARM throttles per subscription, per principal and per operation type with token
// buckets (MicrosoftDocs azure-docs, articles/azure-resource-manager/management/
// request-limits-and-throttling.md, "Regional throttling and token bucket algorithm", 2024:
// reads bucket 250 refilled 25/s, writes 200 refilled 10/s, deletes 200 refilled 10/s), reports
// what is left on each answer (x-ms-ratelimit-remaining-subscription-reads / -writes / -deletes)
// and answers 429 with Retry-After (seconds) once a bucket is empty.
//
// This policy only decides *when* to send: it holds a request while its bucket is believed
// empty (from the last header, the requests sent since and the refill rate) and, after a 429,
// holds every request of that class until the Retry-After has passed, so that concurrent
// requests do not each collect their own 429. Retrying the 429 itself is the SDK's
// throttlingRetryPolicy (see arm.ts). The refill rate starts at the documented one and follows
// what the answers show; this process takes a share of it: halved on every 429 (other processes
// share the bucket: a workflow matrix), raised again while answers show room.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export type OperationClass = 'reads' | 'writes' | 'deletes';

/** Documented subscription buckets (see the header comment). */
export const ARM_BUCKETS: Record<OperationClass, { size: number; refillPerSecond: number }> = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

export function operationClass(method: string): OperationClass {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'reads' : m === 'DELETE' ? 'deletes' : 'writes';
}

interface ClassState {
  /** remaining tokens as last reported, and when */
  remaining?: number;
  at: number;
  /** requests sent since that report */
  sent: number;
  /** the refill rate (tokens per ms) seen between answers; the documented one until then */
  refill: number;
  /** the part of the refill this process takes: halved on a 429, regained while there is room */
  share: number;
  blockedUntil: number;
}

/**
 * The refill the bucket showed since the last answer: tokens back = now left - (left then - sent
 * since). Only while the bucket is below full (a full one hides its refill); what other
 * processes take meanwhile makes it lower, never higher, so the estimate errs towards waiting.
 */
function measuredRefill(s: ClassState, size: number, remaining: number, now: number): number | undefined {
  const dt = now - s.at;
  if (s.remaining === undefined || dt < 20 || remaining >= size - 1) return undefined;
  const back = remaining - (s.remaining - s.sent);
  return back > 0 ? back / dt : undefined;
}

/** One per subscription and process: the read and write clients of a run share it. */
export class Pacer {
  private readonly state = new Map<OperationClass, ClassState>();
  /** 429s answered, by class: the adaptive pools watch it */
  readonly throttled: Record<OperationClass, number> = { reads: 0, writes: 0, deletes: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  private of(c: OperationClass): ClassState {
    let s = this.state.get(c);
    if (!s) {
      s = { at: 0, sent: 0, refill: ARM_BUCKETS[c].refillPerSecond / 1000, share: 1, blockedUntil: 0 };
      this.state.set(c, s);
    }
    return s;
  }

  /** Tokens believed left now; undefined before any answer reported them. */
  estimate(c: OperationClass): number | undefined {
    const s = this.of(c);
    if (s.remaining === undefined) return undefined;
    const refilled = (this.now() - s.at) * s.refill * s.share;
    return Math.min(ARM_BUCKETS[c].size, s.remaining + refilled) - s.sent;
  }

  /** ms to hold a request of this class before sending it (0 = now); counts it as sent. */
  reserve(c: OperationClass): number {
    const s = this.of(c);
    const now = this.now();
    let wait = Math.max(0, s.blockedUntil - now);
    const left = this.estimate(c);
    if (left !== undefined && left < 1) wait = Math.max(wait, Math.ceil((1 - left) / (s.refill * s.share)));
    s.sent++;
    return wait;
  }

  private learnRefill(s: ClassState, c: OperationClass, remaining: number, now: number): void {
    const measured = measuredRefill(s, ARM_BUCKETS[c].size, remaining, now);
    if (measured !== undefined) s.refill = 0.8 * s.refill + 0.2 * measured;
  }

  /** What an answer said about the budget. */
  observe(c: OperationClass, status: number, headers: { get(name: string): string | undefined }): void {
    const s = this.of(c);
    const now = this.now();
    const remaining = Number(headers.get(`x-ms-ratelimit-remaining-subscription-${c}`));
    if (status === 429) {
      this.throttled[c]++;
      const after = Number(headers.get('retry-after'));
      s.blockedUntil = Math.max(s.blockedUntil, now + (Number.isFinite(after) && after >= 0 ? after * 1000 : 1000));
      s.share = Math.max(1 / 64, s.share / 2);
      s.remaining = 0;
      s.at = s.blockedUntil;
      s.sent = 0;
      return;
    }
    if (!Number.isFinite(remaining)) return;
    this.learnRefill(s, c, remaining, now);
    s.remaining = remaining;
    s.at = now;
    s.sent = 0;
    // room left: take back some of the share given up after a 429
    if (remaining > ARM_BUCKETS[c].size / 2) s.share = Math.min(1, s.share * 1.25);
  }
}

const pacers = new Map<string, Pacer>();

/** The process's pacer for one subscription at one ARM endpoint. */
export function pacerFor(endpoint: string, subscriptionId: string): Pacer {
  const key = `${endpoint.replace(/\/+$/, '').toLowerCase()} ${subscriptionId.toLowerCase()}`;
  let p = pacers.get(key);
  if (!p) pacers.set(key, (p = new Pacer()));
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Inside the retry loop (afterPhase 'Retry' / perRetry): every attempt is paced and observed. */
export function pacingPolicy(pacer: Pacer): PipelinePolicy {
  return {
    name: 'exoArmPacing',
    async sendRequest(request, next) {
      const c = operationClass(request.method);
      const wait = pacer.reserve(c);
      if (wait > 0) await sleep(wait);
      const response = await next(request);
      pacer.observe(c, response.status, response.headers);
      return response;
    },
  };
}
