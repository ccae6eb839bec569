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
  /** requests sent in all (their sequence numbers), and the last one the report had counted */
  seq: number;
  reportedSeq: number;
  /** the refill rate (tokens per ms) the answers showed; the documented one until they show it */
  refill: number;
  /** the last refill sample: a rise needs two samples that agree */
  lastSample?: number;
  /** the part of the refill this process takes: halved on a 429, regained while there is room */
  share: number;
  blockedUntil: number;
}

/**
 * The refill a new report shows against the previous one: tokens back = now left - (left then -
 * requests handled between). Requests are handled in the order they were sent (one latency
 * each), so those handled between are the ones sent between the two reported requests. Only
 * while the bucket is below full (a full one hides its refill); what other processes take
 * meanwhile makes it lower (a negative sample is theirs, not the refill's, and is skipped).
 */
export function refillSample(
  prev: { remaining: number; at: number; seq: number },
  next: { remaining: number; at: number; seq: number },
  size: number,
): number | undefined {
  const dt = next.at - prev.at;
  if (dt < 20 || next.seq < prev.seq || next.remaining >= size - 1) return undefined;
  const back = next.remaining - (prev.remaining - (next.seq - prev.seq));
  return back > 0 ? back / dt : undefined;
}

/**
 * The refill estimate after a sample: a bucket's refill is fixed and what is seen is that minus
 * what others took, so the estimate rises quickly to a higher sample and falls slowly to a
 * lower one. The weight grows with the sample's span (a short one is coarse: whole tokens).
 */
export function nextRefill(current: number, sample: number, spanMs: number): number {
  const w = sample > current ? Math.min(0.5, spanMs / 500) : Math.min(0.2, spanMs / 2500);
  return current + w * (sample - current);
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
      const refill = ARM_BUCKETS[c].refillPerSecond / 1000;
      s = { at: 0, seq: 0, reportedSeq: 0, refill, share: 1, blockedUntil: 0 };
      this.state.set(c, s);
    }
    return s;
  }

  /** Tokens believed left now; undefined before any answer reported them. */
  estimate(c: OperationClass): number | undefined {
    const s = this.of(c);
    if (s.remaining === undefined) return undefined;
    const refilled = Math.max(0, this.now() - s.at) * this.rate(c);
    return Math.min(ARM_BUCKETS[c].size, s.remaining + refilled) - (s.seq - s.reportedSeq);
  }

  /** Tokens per ms this process may take: the refill seen, times its share. */
  rate(c: OperationClass): number {
    const s = this.of(c);
    return s.refill * s.share;
  }

  /** ms until one more request of this class may be sent (0 = now); counts nothing. */
  waitMs(c: OperationClass): number {
    const s = this.of(c);
    let wait = Math.max(0, s.blockedUntil - this.now());
    const left = this.estimate(c);
    if (left !== undefined && left < 1) wait = Math.max(wait, Math.ceil((1 - left) / this.rate(c)));
    return wait;
  }

  /** Counts a request as sent; returns its sequence number (for observe). */
  take(c: OperationClass): number {
    return ++this.of(c).seq;
  }

  /** ms to hold a request of this class before sending it (0 = now); counts it as sent. */
  reserve(c: OperationClass): number {
    const wait = this.waitMs(c);
    this.take(c);
    return wait;
  }

  /**
   * What an answer said about the budget. `seq`: the request's number from take (without it,
   * the answer is taken to count every request sent so far).
   */
  observe(c: OperationClass, status: number, headers: { get(name: string): string | undefined }, seq?: number): void {
    const s = this.of(c);
    const now = this.now();
    const n = seq ?? s.seq;
    if (status === 429) {
      this.throttled[c]++;
      const after = Number(headers.get('retry-after'));
      s.blockedUntil = Math.max(s.blockedUntil, now + (Number.isFinite(after) && after >= 0 ? after * 1000 : 1000));
      s.share = Math.max(1 / 64, s.share / 2);
      s.remaining = 0;
      s.at = s.blockedUntil;
      s.reportedSeq = Math.max(s.reportedSeq, n);
      return;
    }
    const remaining = Number(headers.get(`x-ms-ratelimit-remaining-subscription-${c}`));
    // no header, or an answer older than the report already held (it overtook this one)
    if (!Number.isFinite(remaining) || (s.remaining !== undefined && n < s.reportedSeq)) return;
    if (s.remaining !== undefined) {
      const prev = { remaining: s.remaining, at: s.at, seq: s.reportedSeq };
      const sample = refillSample(prev, { remaining, at: now, seq: n }, ARM_BUCKETS[c].size);
      if (sample !== undefined) {
        // Answers that arrive in a bunch squeeze one span and inflate its sample: a rise follows
        // the lower of the last two samples, so a single spike is not believed.
        s.refill = nextRefill(s.refill, Math.min(sample, s.lastSample ?? sample), now - s.at);
        s.lastSample = sample;
      }
    }
    s.remaining = remaining;
    s.at = now;
    s.reportedSeq = n;
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

/**
 * Requests held for the budget, first come first served, one timer per class: a request waits
 * while the bucket is believed empty and is re-judged whenever time passes or an answer reports
 * the bucket (a held request's wait is never fixed in advance: the refill may be learnt meanwhile).
 */
class Gate {
  private readonly queue: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pacer: Pacer,
    private readonly c: OperationClass,
  ) {}

  /** Resolves with the request's sequence number once it may be sent. */
  acquire(): Promise<number> | number {
    if (!this.queue.length && this.pacer.waitMs(this.c) === 0) return this.pacer.take(this.c);
    return new Promise<number>((resolve) => {
      this.queue.push(() => resolve(this.pacer.take(this.c)));
      this.pump();
    });
  }

  pump(): void {
    while (this.queue.length && this.pacer.waitMs(this.c) === 0) this.queue.shift()!();
    if (!this.queue.length || this.timer) return;
    const wait = Math.max(1, this.pacer.waitMs(this.c));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
  }
}

const gates = new WeakMap<Pacer, Map<OperationClass, Gate>>();

function gateOf(pacer: Pacer, c: OperationClass): Gate {
  let all = gates.get(pacer);
  if (!all) gates.set(pacer, (all = new Map()));
  let g = all.get(c);
  if (!g) all.set(c, (g = new Gate(pacer, c)));
  return g;
}

/** Inside the retry loop (afterPhase 'Retry' / perRetry): every attempt is paced and observed. */
export function pacingPolicy(pacer: Pacer): PipelinePolicy {
  return {
    name: 'exoArmPacing',
    async sendRequest(request, next) {
      const c = operationClass(request.method);
      const gate = gateOf(pacer, c);
      const seq = await gate.acquire();
      const response = await next(request);
      pacer.observe(c, response.status, response.headers, seq);
      gate.pump();
      return response;
    },
  };
}
