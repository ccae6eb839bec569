// Plan assembly and its JSON form (CONTRACT.md section 3). Pure.
import type { Change, Plan } from '../types.js';
import type { EngineChange } from './types.js';

/** The public part of a change (before/after kept; engine-only fields dropped). */
export function publicChange(c: EngineChange): Change {
  const out: Change = { kind: c.kind, name: c.name, action: c.action, reason: c.reason };
  if (c.before !== undefined) out.before = c.before;
  if (c.after !== undefined) out.after = c.after;
  return out;
}

export function buildPlan(mode: 'plan' | 'apply', changes: EngineChange[]): Plan {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  return { version: 1, mode, changes: changes.map(publicChange), counts };
}

/** The `plan` output: changes without before/after. */
export function planJson(plan: Plan): string {
  return JSON.stringify({
    version: plan.version,
    mode: plan.mode,
    changes: plan.changes.map((c) => ({ kind: c.kind, name: c.name, action: c.action, reason: c.reason })),
    counts: plan.counts,
  });
}

const PLAN = Symbol.for('exo-automation.plan');

/** Attaches the plan to an error thrown after planning (non-enumerable), so the report keeps it. */
export function withPlan(err: unknown, plan: Plan): unknown {
  if (err && typeof err === 'object' && !(PLAN in err)) {
    Object.defineProperty(err, PLAN, { value: plan, enumerable: false });
  }
  return err;
}

/** The plan a failed run had made, if it got that far. */
export function planOf(err: unknown): Plan | undefined {
  return err && typeof err === 'object' ? ((err as Record<symbol, Plan>)[PLAN] ?? undefined) : undefined;
}
