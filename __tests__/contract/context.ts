// One simulator per test file; each case starts from the simulator's own default state (so the
// examples' shared names - "rg", "ContoseAutomationAccount" - do not leak between cases), with
// time-driven settings shortened so imports, jobs and LROs finish quickly.
import type { Simulator } from '../../simulator/server.js';
import type { SimState } from '../../simulator/types.js';
import { startTestSimulator } from '../helpers/sim.js';
import { computeOps } from './compute.js';
import type { Ctx } from './runner.js';
import { Seeder } from './seed.js';
import { loadAllSwaggers } from './specs.js';
import { armToken } from '../helpers/tokens.js';

export const FAST_CONFIG = { importMs: 60, jobMs: 60, lroMs: 40, replicationDelayMs: 0 };

export interface Harness {
  sim: Simulator;
  ctx: Ctx;
  /** restores the default state captured at start */
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sim = await startTestSimulator({ config: FAST_CONFIG });
  const initial: SimState = structuredClone(sim.sim.state);
  const token = await armToken(sim);
  const ops = [...(await loadAllSwaggers()), ...computeOps()];
  const ctx: Ctx = { sim, token, seed: new Seeder(sim, token), ops };
  return {
    sim,
    ctx,
    reset: () => {
      sim.sim.state = structuredClone(initial);
    },
    close: () => sim.close(),
  };
}
