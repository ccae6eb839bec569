// The runbooks table of the job summary and PR comment (RunReport.runbooks): one row per
// repository runbook, plus the runbooks a prune deletes. Pure.
import type { Change, RunbookInfo } from '../types.js';
import type { DiscoveredRunbook } from '../runbooks/discover.js';
import { RUNBOOK } from './kinds.js';

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

/**
 * Rows for the report. `changes`: the plan's changes in plan mode, the applied ones in apply mode
 * (other kinds are ignored). A runbook without a change is 'unchanged'.
 */
export function runbookStatuses(items: DiscoveredRunbook[], changes: Change[], mode: 'plan' | 'apply'): RunbookInfo[] {
  const mine = changes.filter((c) => c.kind === RUNBOOK);
  const byName = new Map(mine.map((c) => [c.name.toLowerCase(), c]));
  const rows: RunbookInfo[] = items.map((item) => {
    const change = byName.get(item.name.toLowerCase());
    return { name: item.name, path: item.path, status: change ? status(change, mode) : 'unchanged' };
  });
  for (const c of mine) if (c.action === 'delete') rows.push({ name: c.name, status: status(c, mode) });
  return rows;
}
