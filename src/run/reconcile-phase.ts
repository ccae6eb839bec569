// Phases 4-8 (desired, observe, plan, preflight, apply: src/engine/reconcile.ts), under the apply
// lease, and what they found into the report. A failure keeps what was planned and what was made.
import { secondsFromEnv } from '../clients/timeout-policy.js';
import {
  applyProgressOf,
  planOf,
  publicChange,
  reconcile,
  type ApplyProgress,
  type ReconcileResult,
} from '../engine/index.js';
import { ConfigError } from '../errors.js';
import { log } from '../log/index.js';
import { checkRunbooks } from '../kinds/runbook/kind.js';
import { runbookStatuses } from '../kinds/runbook/report.js';
import type { Finding } from '../kinds/runbook/check.js';
import type { DiscoveredRunbook } from '../kinds/runbook/discover.js';
import type { Inputs } from '../types.js';
import { annotate } from './annotate.js';
import type { RunContext } from './context.js';
import { reconcileUnderLease } from './lease.js';
import type { OfflineResult } from './offline-checks.js';
import type { Session } from './sign-in.js';

/**
 * EXO_IMPORT_TIMEOUT_SECONDS (optional, positive number): the bound on each package import,
 * default 30 minutes. Not an input: it exists so that tests (and the impatient) can shorten it.
 */
function importTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return secondsFromEnv('EXO_IMPORT_TIMEOUT_SECONDS', env);
}

export async function reconcilePhase(
  ctx: RunContext,
  session: Session,
  offline: OfflineResult,
): Promise<ReconcileResult> {
  const { inputs, mode, report } = ctx;
  const { runbooks } = offline;
  let outcome;
  try {
    outcome = await reconcileUnderLease(inputs, mode, session.clients, runbooks, (beforeApply) =>
      reconcile(inputs, {
        mode,
        credential: session.credential,
        clients: session.clients,
        log,
        runbooks,
        importTimeoutMs: importTimeoutFromEnv(),
        beforeApply,
      }),
    );
  } catch (e) {
    reportFailure(e, ctx, runbooks);
    throw e;
  }
  const { result, problem } = outcome;
  Object.assign(report, {
    plan: result.plan,
    applied: result.applied,
    drift: result.drift,
    identity: result.identity,
    runtimes: result.runtimes,
    roles: result.roles,
  });
  report.warnings.push(...result.warnings);
  // After an apply the identity's ids are known (a user-assigned identity may have been created
  // just now): check the headers again with them, so no warning says "can't be verified yet".
  annotate(mode === 'apply' && runbooks.length ? recheck(inputs, runbooks, result) : result.findings);
  report.runbooks = runbookStatuses(runbooks, mode === 'apply' ? result.applied : result.plan.changes, mode);
  // The final check found a wrong state (and removed the claim): the run fails, so it is seen.
  if (problem) throw new Error(problem);
  return result;
}

function recheck(inputs: Inputs, runbooks: DiscoveredRunbook[], result: ReconcileResult): Finding[] {
  return checkRunbooks(runbooks, {
    organization: inputs.organization,
    exchangeEnvironment: inputs.exchangeEnvironment,
    graphPermissions: inputs.graphPermissions,
    identityType: inputs.identityType,
    clientId: result.identity.clientId,
    principalId: result.identity.principalId,
    headerCheck: inputs.headerCheck,
  });
}

/** What a failed reconcile had planned and applied goes into the report: the next run completes the rest. */
function reportFailure(e: unknown, { report, mode }: RunContext, runbooks: DiscoveredRunbook[]): void {
  if (e instanceof ConfigError) annotate(e.findings);
  // The plan too, so the summary lists what was planned and not made.
  const progress = applyProgressOf(e);
  const plan = planOf(e);
  if (plan) report.plan = plan;
  if (progress) {
    report.applied = progress.applied.map(publicChange);
    report.warnings.push(...progressWarnings(progress));
  }
  if (plan || progress) {
    report.runbooks = runbookStatuses(runbooks, mode === 'apply' ? report.applied : report.plan.changes, mode, {
      planned: report.plan.changes,
    });
  }
}

/** What else failed and what was not attempted because a change it needs failed. */
function progressWarnings(progress: ApplyProgress): string[] {
  const name = (c: { kind: string; name: string }) => `${c.kind} ${c.name}`;
  // one warning for all that was skipped (a list), not one block per change
  const skipped = progress.skipped.map((s) => `  - ${name(s.change)} (needs ${s.because.map(name).join(', ')})`);
  return [
    ...progress.failures.slice(1).map((f) => `Also failed: ${name(f.change)}: ${(f.error as Error).message}`),
    ...(skipped.length ? [`Not applied, because a change they need failed:\n${skipped.join('\n')}`] : []),
  ];
}
