// Figures of one run from the simulator's request log: reads, writes, the critical-path depth
// (the longest chain of requests each of which started only after the previous one ended) and
// the lower bound on that chain that no client could beat. See bench/README.md ("The bound").
import type { RequestLogEntry } from '../simulator/server.js';

export interface RunFigures {
  requests: number;
  reads: number;
  writes: number;
  depth: number;
  /** ms: the critical path with each request costing the latency and each server-side wait its duration */
  boundMs: number;
  /** requests an ideal client would not have sent: polls that saw "still running", refused early grants */
  waits: number;
}

/** The simulated durations (simulator/state.ts SimConfig) that requests on the chain had to wait for. */
export interface Durations {
  lroMs: number;
  importMs: number;
  /** import time by package name (lower case), the azure profile's */
  importMsByPackage?: Record<string, number>;
  replicationDelayMs: number;
}

const WRITE = new Set(['PUT', 'PATCH', 'POST', 'DELETE']);

export function isWrite(r: RequestLogEntry): boolean {
  // Token requests are POSTs but not writes to Azure (CONTRACT.md section 4).
  return WRITE.has(r.method) && (r.service === 'arm' || r.service === 'graph' || r.service === 'github');
}

export function criticalPathDepth(log: RequestLogEntry[]): number {
  const byStart = [...log].sort((a, b) => a.start - b.start);
  const depth = new Map<RequestLogEntry, number>();
  let best = 0;
  for (const r of byStart) {
    let d = 1;
    for (const q of byStart) {
      if (q === r) break;
      if (q.end <= r.start) d = Math.max(d, (depth.get(q) ?? 1) + 1);
    }
    depth.set(r, d);
    best = Math.max(best, d);
  }
  return best;
}

const lower = (r: RequestLogEntry) => r.path.toLowerCase();
const IMPORT_PATH = /\/(packages|modules|powershell72modules)\/[^/]+$/i;
const GRAPH_GRANT = /\/(approleassignments|rolemanagement\/directory\/roleassignments)$/i;

/**
 * What each request waited for on the server. A poll that saw the operation still running, and a
 * grant Graph refused because the principal had not replicated yet, are `wait`s: an ideal client
 * would not send them (cost 0). The request that saw an operation done cannot have been answered
 * before its start + duration: `after` names that start and the duration.
 */
interface Role {
  wait: boolean;
  after?: { from: RequestLogEntry; ms: number };
}

function roles(log: RequestLogEntry[], d: Durations): Map<RequestLogEntry, Role> {
  const byStart = [...log].sort((a, b) => a.start - b.start);
  const out = new Map<RequestLogEntry, Role>();
  for (const r of byStart) out.set(r, { wait: false });

  // ARM long-running operations polled through their Location URL (.../operationResults/{id}):
  // 202 = still running, anything else = done. Started by the latest write answered 202 whose
  // path is the operation path's prefix (publish, draft content), else the latest 202 write.
  for (const r of byStart) {
    const p = lower(r);
    const at = p.lastIndexOf('/operationresults/');
    if (r.method !== 'GET' || at < 0) continue;
    if (r.status === 202) {
      out.get(r)!.wait = true;
      continue;
    }
    const prefix = p.slice(0, at);
    const started = byStart.filter((q) => q.start < r.start && q.status === 202 && q.method !== 'GET');
    const from = started.filter((q) => lower(q) === prefix).pop() ?? started.pop();
    if (from) out.get(r)!.after = { from, ms: d.lroMs };
  }

  // Package imports are state machines: the PUT starts one; the last GET of that path saw the
  // terminal state; the GETs between them saw it running.
  for (const put of byStart) {
    if (put.method !== 'PUT' || !IMPORT_PATH.test(put.path) || put.status >= 300) continue;
    const nextPut = byStart.find((q) => q.start > put.start && q.method === 'PUT' && lower(q) === lower(put));
    const gets = byStart.filter(
      (q) =>
        q.method === 'GET' && lower(q) === lower(put) && q.start > put.start && (!nextPut || q.start < nextPut.start),
    );
    const last = gets.pop();
    for (const g of gets) out.get(g)!.wait = true;
    const name = put.path.split('/').pop()!.toLowerCase();
    if (last) out.get(last)!.after = { from: put, ms: d.importMsByPackage?.[name] ?? d.importMs };
  }

  // Entra replication: a grant refused (400/404) because the new principal is not visible yet is
  // a wait; the first accepted grant of the same kind cannot come before the principal's creation
  // (the identity-bearing write that preceded it) + the replication delay.
  const creator = byStart.filter(
    (q) =>
      (q.method === 'PUT' || q.method === 'PATCH') &&
      q.status < 300 &&
      /\/(automationaccounts|userassignedidentities|virtualmachines)\/[^/]+$/i.test(q.path),
  );
  for (const r of byStart) {
    if (r.method !== 'POST' || !GRAPH_GRANT.test(r.path)) continue;
    if (r.status === 400 || r.status === 404) {
      out.get(r)!.wait = true;
      continue;
    }
    const from = creator.filter((q) => q.end <= r.start).pop();
    if (from) out.get(r)!.after = { from, ms: d.replicationDelayMs };
  }
  return out;
}

/**
 * The bound: each request on a chain costs the latency; a request that saw a server-side
 * operation done ends no earlier than that operation's start (the end of the request that
 * started it: latency is injected before the simulator handles a request) + its duration; waits
 * cost nothing. Returns the bound and the chain that attains it.
 */
export function boundOf(
  log: RequestLogEntry[],
  latencyMs: number,
  d: Durations,
): { boundMs: number; chain: RequestLogEntry[]; waits: number } {
  const byStart = [...log].sort((a, b) => a.start - b.start);
  const role = roles(log, d);
  const ideal = new Map<RequestLogEntry, number>();
  const prev = new Map<RequestLogEntry, RequestLogEntry | undefined>();
  let best: RequestLogEntry | undefined;
  for (const r of byStart) {
    let base = 0;
    let from: RequestLogEntry | undefined;
    for (const q of byStart) {
      if (q === r) break;
      if (q.end <= r.start && ideal.get(q)! > base) {
        base = ideal.get(q)!;
        from = q;
      }
    }
    const { wait, after } = role.get(r)!;
    let end = wait ? base : base + latencyMs;
    if (after && ideal.get(after.from)! + after.ms > end) {
      end = ideal.get(after.from)! + after.ms;
      from = after.from;
    }
    ideal.set(r, end);
    prev.set(r, from);
    if (!best || end > ideal.get(best)!) best = r;
  }
  const chain: RequestLogEntry[] = [];
  for (let r = best; r; r = prev.get(r)) chain.unshift(r);
  return {
    boundMs: best ? ideal.get(best)! : 0,
    chain,
    waits: [...role.values()].filter((x) => x.wait).length,
  };
}

export function chainOf(log: RequestLogEntry[], latencyMs: number, d: Durations): RequestLogEntry[] {
  return boundOf(log, latencyMs, d).chain;
}

export function figures(log: RequestLogEntry[], latencyMs: number, d: Durations): RunFigures {
  const writes = log.filter(isWrite).length;
  const { boundMs, waits } = boundOf(log, latencyMs, d);
  return {
    requests: log.length,
    reads: log.length - writes,
    writes,
    depth: criticalPathDepth(log),
    boundMs,
    waits,
  };
}
