// Shared set-up of the engine's integration tests: a fresh simulator state, inputs pointing at
// it, and the real credential (GitHub OIDC token from the simulator -> Entra token endpoint).
import { createCredential } from '../../src/auth/credential.js';
import { reconcile, type ReconcileOptions, type ReconcileResult } from '../../src/engine/index.js';
import type { Inputs } from '../../src/types.js';
import type { Simulator } from '../../simulator/server.js';
import { defaultState } from '../../simulator/state.js';
import { simInputs } from '../helpers/inputs.js';
import { TEST_CONFIG, writeRequests } from '../helpers/sim.js';

export function resetState(sim: Simulator): void {
  const state = defaultState();
  // Fast clocks (behaviour unchanged): imports, replication and LROs settle in tens of ms.
  state.config = {
    ...state.config,
    ...TEST_CONFIG,
    importMs: 60,
    replicationDelayMs: 150,
    lroMs: 30,
    retryAfterSeconds: 0,
  };
  sim.sim.state = state;
  sim.requests.length = 0;
  sim.faults.clear();
}

/** GitHub's OIDC token, fetched from the simulator as @actions/core would. */
export async function githubIdToken(sim: Simulator, audience: string): Promise<string> {
  const res = await fetch(`${sim.oidcRequestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: `Bearer ${sim.oidcRequestToken}` },
  });
  if (res.status !== 200) throw new Error(`OIDC token endpoint answered ${res.status}`);
  return ((await res.json()) as { value: string }).value;
}

export interface RunOptions extends Partial<ReconcileOptions> {
  secrets?: string[];
}

export function simCredential(sim: Simulator, inputs: Inputs, secrets: string[] = []) {
  return createCredential({
    tenantId: inputs.tenantId,
    clientId: inputs.clientId,
    audience: inputs.audience,
    authorityHost: inputs.endpoints.authorityHost,
    getIdToken: (aud) => githubIdToken(sim, aud),
    setSecret: (s) => secrets.push(s),
  });
}

/** One reconcile against the simulator with fast polling. */
export function run(
  sim: Simulator,
  mode: 'plan' | 'apply',
  overrides: Partial<Inputs> = {},
  opts: RunOptions = {},
): Promise<ReconcileResult> {
  const inputs = simInputs(sim, { mode, ...overrides });
  return reconcile(inputs, {
    mode,
    credential: simCredential(sim, inputs, opts.secrets),
    retryOptions: { retryDelayInMs: 20, maxRetryDelayInMs: 200, maxRetries: 4 },
    graphRetryDelaySeconds: 1,
    lroIntervalMs: 20,
    importTimeoutMs: 20_000,
    engine: { importPollInitialMs: 20, importPollMaxMs: 100, replicationInitialMs: 50, replicationTimeoutMs: 20_000 },
    ...opts,
  });
}

/**
 * Waits out the simulated Entra replication delay, so that lists show what was just created
 * (a re-run seconds after a grant can otherwise see a stale list, as in Entra).
 */
export function replicated(sim: Simulator): Promise<void> {
  return new Promise((r) => setTimeout(r, sim.sim.state.config.replicationDelayMs + 50));
}

/** Write requests (PUT/PATCH/POST/DELETE to ARM or Graph) since the log was last cleared. */
export function writesSince(sim: Simulator, fromSeq: number) {
  return writeRequests(sim).filter((r) => r.seq > fromSeq);
}

export function lastSeq(sim: Simulator): number {
  return sim.requests.at(-1)?.seq ?? 0;
}

export function kindsOf(result: ReconcileResult): string[] {
  return result.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`);
}
