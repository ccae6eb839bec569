// The plan as plain text for the job log, in Terraform's manner. Pure.
import type { Action, Change, RunReport } from '../types.js';
import { oneLine } from './escape.js';

export const SYMBOL: Record<Action, string> = { create: '+', update: '~', delete: '-' };

export interface Counts {
  create: number;
  update: number;
  delete: number;
}

export function countChanges(changes: Change[]): Counts {
  const counts: Counts = { create: 0, update: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  return counts;
}

/** Changes that the report is about: planned ones in plan mode, the ones made in apply mode. */
export function reportedChanges(report: RunReport): Change[] {
  return report.mode === 'apply' ? report.applied : report.plan.changes;
}

/** Planned changes that an apply did not make (it stopped on an error). */
export function unappliedChanges(report: RunReport): Change[] {
  if (report.mode !== 'apply') return [];
  const done = new Set(report.applied.map(changeKey));
  return report.plan.changes.filter((c) => !done.has(changeKey(c)));
}

function changeKey(c: Change): string {
  return `${c.action}\u0000${c.kind}\u0000${c.name}`.toLowerCase();
}

/**
 * `+ kind name  (reason)`, on one line whatever the name or reason hold. A change already made says
 * `(before: reason)`: the reason describes the state it found, which is no longer true.
 */
export function changeLine(c: Change, made = false): string {
  const reason = oneLine(c.reason ?? '');
  const why = reason ? `  (${made ? 'before: ' : ''}${reason})` : '';
  return `${SYMBOL[c.action]} ${oneLine(c.kind)} ${oneLine(c.name)}${why}`;
}

export const NO_CHANGES = 'No changes. Azure and Entra match the desired state.';
export const NOT_READ =
  'Azure and Entra were not read (no OIDC token: a pull request from a fork cannot sign in), so there is no plan; only offline checks ran.';

export const NO_PLAN = 'No plan: the run failed before it could tell whether anything differs.';
export const INCOMPLETE = '(The run failed: this plan may be incomplete.)';

export function planCountsLine(c: Counts): string {
  return `Plan: ${c.create} to add, ${c.update} to change, ${c.delete} to destroy.`;
}

export function applyCountsLine(c: Counts, failed: boolean): string {
  const made = `${c.create} added, ${c.update} changed, ${c.delete} destroyed`;
  if (failed && c.create + c.update + c.delete === 0) return 'Apply failed; nothing was changed.';
  return failed ? `Apply failed after ${made}.` : `Apply complete: ${made}.`;
}

/** The summary line under the change list. */
export function countsLine(report: RunReport): string {
  const failed = report.error !== undefined;
  if (report.mode === 'plan') {
    const n = report.plan.changes.length;
    // a failed run must never claim convergence
    if (failed) return n === 0 ? NO_PLAN : `${planCountsLine(countChanges(report.plan.changes))} ${INCOMPLETE}`;
    return n === 0 ? NO_CHANGES : planCountsLine(countChanges(report.plan.changes));
  }
  const line = applyCountsLine(countChanges(report.applied), failed);
  return report.applied.length === 0 && report.plan.changes.length === 0 && !failed ? `${NO_CHANGES}\n${line}` : line;
}

export function renderPlanText(report: RunReport): string {
  if (!report.azureRead) return `${NOT_READ}\n`;
  const out: string[] = [];
  const changes = reportedChanges(report);
  if (changes.length > 0) {
    out.push(report.mode === 'apply' ? 'Changes made:' : 'exo-automation will perform the following actions:', '');
    for (const c of changes) out.push(`  ${changeLine(c, report.mode === 'apply')}`);
    out.push('');
  }
  const pending = unappliedChanges(report);
  if (report.error !== undefined && pending.length > 0) {
    out.push('Planned but not made:', '');
    for (const c of pending) out.push(`  ${changeLine(c)}`);
    out.push('');
  }
  out.push(countsLine(report));
  return `${out.join('\n')}\n`;
}
