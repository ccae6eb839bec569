// The lower bound from the inherent graph: what the desired state itself requires, whatever the
// client's order (bench/README.md, "The inherent bound"). Built from the dependencies Azure
// imposes (an import needs its runtime environment, which needs the account, which needs the
// resource group; a grant needs the principal to have replicated; a runbook needs its
// environment; a package the packages its gallery entry requires), the simulated durations and
// the throttling budget. Each request costs the latency; an operation's end is its start plus its
// duration; a compliant client polls no earlier than Retry-After. Pure.
import type { Desired } from '../src/engine/types.js';
import type { SimConfig, ThrottleConfig } from '../simulator/types.js';

export interface Shape {
  desired: Pick<Desired, 'runtimes' | 'roles'> & { runbookEnvironment?: string };
  /** runbooks to create or update */
  runbooks: number;
  /** the account exists already (its resource group, environments and packages too) */
  accountExists: boolean;
  /** processes applying one such shape each, in one subscription (they share its buckets) */
  processes?: number;
}

export interface Timing {
  latencyMs: number;
  config: Pick<SimConfig, 'importMs' | 'replicationDelayMs' | 'lroMs' | 'draftRetryAfterSeconds'> & {
    importMsByPackage?: Record<string, number>;
    throttle?: ThrottleConfig;
  };
}

export interface InherentBound {
  /** the dependency chain's end */
  graphMs: number;
  /** the time the buckets need to let every request of the run(s) through */
  throttleMs: number;
  boundMs: number;
  /** ARM requests the desired state needs at least */
  writes: number;
  reads: number;
}

/** Before any write: the GitHub OIDC token, the Entra token, then the (parallel) reads. */
const OBSERVE_REQUESTS = 3;

export function inherentBound(shape: Shape, t: Timing): InherentBound {
  const L = t.latencyMs;
  const c = t.config;
  const observed = OBSERVE_REQUESTS * L;
  // resource group, account, environments: one PUT each (absent when the account exists)
  const account = shape.accountExists ? observed : observed + 2 * L;
  const env = account + (shape.accountExists ? 0 : L);
  let imports = env;
  let packages = 0;
  for (const rt of shape.desired.runtimes) {
    const end = new Map<string, number>();
    const visit = (name: string): number => {
      const known = end.get(name.toLowerCase());
      if (known !== undefined) return known;
      const pkg = rt.packages.find((p) => p.name.toLowerCase() === name.toLowerCase())!;
      const start = Math.max(env, ...(pkg.dependsOn ?? []).map(visit));
      const ms = c.importMsByPackage?.[pkg.name.toLowerCase()] ?? c.importMs;
      // the PUT, then the GET that sees Succeeded: no earlier than the import's end
      const done = start + L + Math.max(L, ms);
      end.set(name.toLowerCase(), done);
      return done;
    };
    if (!shape.accountExists) for (const p of rt.packages) imports = Math.max(imports, visit(p.name));
    if (!shape.accountExists) packages += rt.packages.length;
  }
  // a grant is accepted once the new principal has replicated (from the account's PUT)
  const grants = shape.accountExists || !shape.desired.roles.length ? 0 : account + Math.max(L, c.replicationDelayMs);
  // runbook: create PUT, draft PUT (202, Retry-After), its poll, publish POST (202), its poll, tag PUT
  const retryAfter = c.draftRetryAfterSeconds * 1000;
  const runbook = L + L + Math.max(retryAfter, c.lroMs) + L + L + Math.max(L, c.lroMs) + L;
  const runbooks = shape.runbooks ? env + runbook : 0;
  const graphMs = Math.max(observed, imports, grants, runbooks);

  const n = shape.processes ?? 1;
  const armSetup = shape.accountExists ? 0 : 2 + shape.desired.runtimes.length + packages;
  const writes = n * (armSetup + 4 * shape.runbooks);
  // polls: one per import, two per runbook (draft, publish); a few observation reads
  const reads = n * (OBSERVE_REQUESTS + packages + 2 * shape.runbooks);
  const throttleMs = c.throttle ? Math.max(drain(writes, c.throttle.writes), drain(reads, c.throttle.reads)) : 0;
  return { graphMs, throttleMs, boundMs: Math.max(graphMs, throttleMs), writes, reads };
}

/** ms until a bucket has let `requests` through: the full bucket at once, the rest at its refill. */
function drain(requests: number, b: { size: number; refillPerSecond: number }): number {
  return Math.max(0, requests - b.size) * (1000 / b.refillPerSecond);
}
