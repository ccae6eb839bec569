// The apply lease's tag value: who holds it and until when. Pure (see lease.ts for the I/O).
// Format, readable in the portal: `<run url> (<nonce>) until <ISO time>`.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const TAG_LEASE = 'exo-automation:lease';

export interface LeaseOwner {
  /** the GitHub run (with attempt) that holds the lease, as a link; or a local process */
  run: string;
  /** tells apart two jobs of one run attempt (a matrix) and two local processes */
  nonce: string;
}

export interface Lease extends LeaseOwner {
  expiresAt: Date;
}

/** This process's owner identity, from the runner's variables (GITHUB_RUN_ID, _ATTEMPT, _REPOSITORY). */
export function leaseOwner(env: NodeJS.ProcessEnv = process.env, nonce = randomBytes(4).toString('hex')): LeaseOwner {
  const { GITHUB_RUN_ID: id, GITHUB_REPOSITORY: repo } = env;
  if (id && repo) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/u, '');
    const run = `${server}/${repo}/actions/runs/${id}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`;
    // a tag value holds 256 characters: a (never seen) longer link keeps its end
    return { run: run.length > 200 ? `...${run.slice(-197)}` : run, nonce };
  }
  return { run: `local process ${process.pid} on ${hostname()}`, nonce };
}

export function formatLease(lease: Lease): string {
  return `${lease.run} (${lease.nonce}) until ${lease.expiresAt.toISOString()}`;
}

/** The lease a tag value describes; undefined for a value this action did not write (treated as no lease). */
export function parseLease(value: string | undefined): Lease | undefined {
  const m = /^(.+) \(([0-9a-f]{8})\) until (\S+)$/u.exec(value ?? '');
  if (!m) return undefined;
  const expiresAt = new Date(m[3]);
  if (Number.isNaN(expiresAt.getTime())) return undefined;
  return { run: m[1], nonce: m[2], expiresAt };
}

/** The lease among a resource's tags (tag names compare case-insensitively). */
export function leaseOf(tags: Record<string, string> | undefined): Lease | undefined {
  const entry = Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === TAG_LEASE);
  return parseLease(entry?.[1]);
}

/** Tags with the lease set (`lease`) or removed (undefined), every other tag kept. */
export function withLease(tags: Record<string, string> | undefined, lease: Lease | undefined): Record<string, string> {
  const out = Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => k.toLowerCase() !== TAG_LEASE));
  if (lease) out[TAG_LEASE] = formatLease(lease);
  return out;
}

export type LeaseState = 'free' | 'mine' | 'held';

/** free: no lease, an expired one, or one this action cannot read; mine: this process's; held: another's, live. */
export function leaseState(lease: Lease | undefined, me: LeaseOwner, now: Date): LeaseState {
  if (!lease || lease.expiresAt.getTime() <= now.getTime()) return 'free';
  if (lease.run === me.run && lease.nonce === me.nonce) return 'mine';
  return earlierAttempt(lease.run, me.run) ? 'free' : 'held';
}

/**
 * Whether `theirs` is an earlier attempt of the same run as `mine`: GitHub runs one attempt of a
 * run at a time, so a re-run (attempt + 1) of a killed job need not wait for its lease to expire.
 */
export function earlierAttempt(theirs: string, mine: string): boolean {
  const split = (run: string) => /^(.*\/actions\/runs\/\d+)\/attempts\/(\d+)$/u.exec(run);
  const [a, b] = [split(theirs), split(mine)];
  return a !== null && b !== null && a[1] === b[1] && Number(a[2]) < Number(b[2]);
}
