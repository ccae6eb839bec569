// ARM's subscription throttling as token buckets (MicrosoftDocs azure-docs,
// articles/azure-resource-manager/management/request-limits-and-throttling.md, "Regional
// throttling and token bucket algorithm", 2024): one bucket per subscription (and principal) and
// operation type; each request takes a token; an empty bucket answers 429 with Retry-After
// (whole seconds) until the refill gives a token back. Every answer reports what is left in
// x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}. On only with config.throttle
// (the azure profile); without it the fixed values of the hourly limits are sent, as before.
import type { Sim, SimResponse, ThrottleConfig } from '../types.js';

type OperationClass = 'reads' | 'writes' | 'deletes';

interface Bucket {
  tokens: number;
  at: number;
}

// Per state object: a state reset (admin PUT /_sim/state, tests) starts with full buckets.
const buckets = new WeakMap<object, Map<string, Bucket>>();

export function operationClass(method: string): OperationClass {
  return method === 'GET' || method === 'HEAD' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';
}

function bucketOf(sim: Sim, key: string, size: number): Bucket {
  let all = buckets.get(sim.state);
  if (!all) buckets.set(sim.state, (all = new Map()));
  let b = all.get(key);
  if (!b) all.set(key, (b = { tokens: size, at: sim.now() }));
  return b;
}

/**
 * Takes a token for the request. Returns the ratelimit header to add, or the 429 to answer.
 * The 429's text follows a recorded answer ("Number of 'read' requests for subscription '...'
 * actor '...' exceeded. Please try again after '10' seconds."; the actor is the caller's object id).
 */
export function takeToken(
  sim: Sim,
  method: string,
  path: string,
  actor: string | undefined,
): { headers: Record<string, string> } | { throttled: SimResponse } {
  const c = operationClass(method);
  const cfg: ThrottleConfig | undefined = sim.state.config.throttle;
  if (!cfg) {
    // the hourly limits' values, as before the token buckets (Microsoft docs' examples)
    return c === 'reads'
      ? { headers: { 'x-ms-ratelimit-remaining-subscription-reads': '11999' } }
      : { headers: { 'x-ms-ratelimit-remaining-subscription-writes': '1199' } };
  }
  const sub = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? 'tenant';
  const { size, refillPerSecond } = cfg[c];
  const b = bucketOf(sim, `${sub} ${actor ?? ''} ${c}`, size);
  const now = sim.now();
  b.tokens = Math.min(size, b.tokens + ((now - b.at) / 1000) * refillPerSecond);
  b.at = now;
  const header = `x-ms-ratelimit-remaining-subscription-${c}`;
  if (b.tokens < 1) {
    const seconds = Math.max(1, Math.ceil((1 - b.tokens) / refillPerSecond));
    const verb = c === 'reads' ? 'read' : c === 'writes' ? 'write' : 'delete';
    return {
      throttled: {
        status: 429,
        headers: { 'Retry-After': String(seconds), [header]: '0' },
        body: {
          error: {
            code: 'SubscriptionRequestsThrottled',
            message: `Number of '${verb}' requests for subscription '${sub}' actor '${actor ?? ''}' exceeded. Please try again after '${seconds}' seconds.`,
          },
        },
      },
    };
  }
  b.tokens -= 1;
  return { headers: { [header]: String(Math.floor(b.tokens)) } };
}
