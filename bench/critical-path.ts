// Figures of one run from the simulator's request log: reads, writes, the critical-path depth
// (the longest chain of requests each of which started only after the previous one ended) and
// the lower bound depth x latency that no client could beat.
import type { RequestLogEntry } from '../simulator/server.js';

export interface RunFigures {
  requests: number;
  reads: number;
  writes: number;
  depth: number;
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

export function figures(log: RequestLogEntry[]): RunFigures {
  const writes = log.filter(isWrite).length;
  return { requests: log.length, reads: log.length - writes, writes, depth: criticalPathDepth(log) };
}
