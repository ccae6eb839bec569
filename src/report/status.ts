// What a run's outcome is, told the same way in the log, the summary, the comment and the step's
// failure. Pure: derived from the report alone.
import type { Change, RunReport } from '../types.js';
import { countChanges } from './plan-text.js';

export interface Failure {
  kind: 'error' | 'drift' | 'smoke';
  /** the whole story, for the summary */
  text: string;
  /**
   * For the step's final error when the details are annotations already: GitHub shows at most 10 error
   * annotations per step, so repeating them all in one more would push the explanation out.
   */
  short?: string;
}

/** Why the step fails, or undefined when it succeeds. One reason: the first that holds. */
export function failureOf(report: RunReport): Failure | undefined {
  if (report.error !== undefined) {
    const n = report.annotated ?? 0;
    const short =
      n > 0
        ? `The run stopped before any change: ${n} problem(s) in runbook files, each annotated on its file and line (the first 10 are shown as annotations); the job summary and the log above list every problem.`
        : undefined;
    return { kind: 'error', text: report.error, ...(short && { short }) };
  }
  const n = report.plan.changes.length;
  if (report.mode === 'plan' && report.failOnDrift && report.azureRead && n > 0) {
    return {
      kind: 'drift',
      text: `fail-on-drift: the plan has ${n} change(s); Azure or Entra differ from the desired state.`,
    };
  }
  if (report.smokeTest?.status === 'failed') {
    return { kind: 'smoke', text: `The smoke test failed: ${report.smokeTest.detail ?? 'see the job summary'}` };
  }
  return undefined;
}

const GRANT_KINDS = new Set(['app-role-assignment', 'directory-role-assignment']);

/**
 * Grants an existing identity lacks right now: its runbooks cannot connect to Exchange Online until an
 * apply restores them. On a schedule any missing grant is drift; elsewhere (a pull request adding a
 * role) only a missing Exchange.ManageAsApp is sure to break access.
 */
export function brokenAccess(report: RunReport): Change[] {
  if (report.mode !== 'plan' || !report.azureRead || !report.identity?.principalId) return [];
  return report.plan.changes.filter(
    (c) =>
      c.action === 'create' &&
      GRANT_KINDS.has(c.kind) &&
      (report.eventName === 'schedule' || c.kind === 'app-role-assignment'),
  );
}

/** The one thing to do next, in the action's own words (markdown-safe: no untrusted text). */
export function nextStep(report: RunReport): string | undefined {
  const failure = failureOf(report);
  const workflow = report.mode === 'plan' ? 'the apply workflow (the one that runs on push to the default branch)' : '';
  if (failure?.kind === 'error') {
    return report.mode === 'apply'
      ? 'Fix the cause above, then re-run this job: the next apply completes what was not made, and keeps what was.'
      : 'Fix the cause above, then re-run this job to see the plan.';
  }
  if (failure?.kind === 'smoke') {
    return 'Read the smoke test output below. A new grant can take minutes to replicate (and Exchange Online caches access for hours): re-run the job later before changing anything.';
  }
  if (!report.azureRead)
    return 'The plan appears when this change runs from a branch of this repository, or on the base branch.';
  if (report.mode === 'plan') {
    const c = countChanges(report.plan.changes);
    if (c.create + c.update + c.delete === 0) return undefined;
    if (report.eventName === 'pull_request' || report.eventName === 'pull_request_target') {
      return `Merge this pull request to apply the plan: ${workflow} makes these changes.`;
    }
    return `Run ${workflow} to make these changes.`;
  }
  return undefined;
}
