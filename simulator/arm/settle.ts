// Time-driven transitions that must be visible whichever route reads next (a resource group
// that finishes deleting, a publish that completes, a VM update that ends). Run before every
// ARM request; module/package imports and jobs are instead derived from time when read.
import type { Sim } from '../types.js';

/** More time-driven work registered by routes (schedules start their jobs), run after the above. */
export const settleHooks = new Set<(sim: Sim) => unknown>();

export function settle(sim: Sim): void {
  const now = sim.now();
  const arm = sim.state.arm;
  for (const [k, r] of Object.entries(arm)) {
    const s = r.sim;
    if (!s) continue;
    if (s.deletingUntil !== undefined && now >= s.deletingUntil) {
      delete arm[k];
      continue;
    }
    if (s.publishAt !== undefined && now >= s.publishAt) {
      s.publishedContent = s.publishContent ?? '';
      delete s.publishAt;
      delete s.publishContent;
      s.inEdit = false;
      if (r.properties) {
        r.properties.state = 'Published';
        r.properties.lastModifiedTime = new Date(s.publishedTime ?? now).toISOString().replace('Z', '+00:00');
      }
    }
    if (s.updatingUntil !== undefined && now >= s.updatingUntil) {
      delete s.updatingUntil;
      if (r.properties) r.properties.provisioningState = 'Succeeded';
    }
  }
  for (const hook of settleHooks) hook(sim);
}
