// The runbooks table of the job summary and PR comment (RunReport.runbooks): one row per
// repository runbook, plus the runbooks a prune deletes. Pure.
import type { Change, RunbookInfo } from '../../types.js';
import type { DiscoveredRunbook } from './discover.js';
import { RUNBOOK } from '../names.js';

interface RunbookAfter {
  runtimeEnvironment?: string;
  upload?: boolean;
  publish?: boolean;
}

function status(change: Change, mode: 'plan' | 'apply'): string {
  const done = mode === 'apply';
  const after = (change.after ?? {}) as RunbookAfter;
  if (change.action === 'delete') return `${done ? 'deleted' : 'delete'} (file left the repository)`;
  if (change.action === 'create') {
    if (after.publish) return done ? 'created and published' : 'create and publish';
    return done ? 'created as draft' : 'create as draft';
  }
  if (after.publish) return done ? 'updated and published' : 'update and publish';
  if (after.upload) return done ? 'draft updated' : 'update draft';
  return done
    ? `bound to ${after.runtimeEnvironment ?? 'its runtime'}`
    : `bind to ${after.runtimeEnvironment ?? 'its runtime'}`;
}

/** What is known beyond the changes: whether Azure was read, and what a failed apply had planned. */
export interface StatusContext {
  /** false: Azure was never read (no sign-in, or a failure before observation): nothing is known */
  read?: boolean;
  /** the plan of a failed apply: its changes that were not made are shown as such */
  planned?: Change[];
}

const key = (c: Change) => `${c.action}:${c.name.toLowerCase()}`;

/**
 * Rows for the report. `changes`: the plan's changes in plan mode, the applied ones in apply mode
 * (other kinds are ignored). A runbook without a change is 'unchanged' only when Azure was read and
 * nothing planned for it was left undone.
 */
export function runbookStatuses(
  items: DiscoveredRunbook[],
  changes: Change[],
  mode: 'plan' | 'apply',
  context: StatusContext = {},
): RunbookInfo[] {
  const mine = changes.filter((c) => c.kind === RUNBOOK);
  const byName = new Map(mine.map((c) => [c.name.toLowerCase(), c]));
  const made = new Set(mine.map(key));
  const pending = (context.planned ?? []).filter((c) => c.kind === RUNBOOK && !made.has(key(c)));
  const pendingByName = new Map(pending.map((c) => [c.name.toLowerCase(), c]));
  const rows: RunbookInfo[] = items.map((item) => {
    const change = byName.get(item.name.toLowerCase());
    const todo = pendingByName.get(item.name.toLowerCase());
    let text = 'unchanged';
    if (change) text = status(change, mode);
    else if (todo) text = `not made (planned: ${status(todo, 'plan')})`;
    else if (context.read === false) text = 'not read';
    return { name: item.name, path: item.path, status: text };
  });
  for (const c of mine) if (c.action === 'delete') rows.push({ name: c.name, status: status(c, mode) });
  for (const c of pending) {
    if (c.action === 'delete') rows.push({ name: c.name, status: `not made (planned: ${status(c, 'plan')})` });
  }
  return rows;
}
