// The run, as its phases in order: inputs -> offline checks -> sign-in -> reconcile (desired,
// observe, plan, preflight, apply) -> smoke test -> report. Each phase is its own file in src/run/;
// this is the only place that orders them, and the report phase the only one that fails the step.
import { describeError } from './describe-error.js';
import { ConfigError } from './errors.js';
import { log, routeAzureLogging } from './log/index.js';
import { resolveMode } from './mode.js';
import type { Finding } from './kinds/runbook/check.js';
import { annotate } from './run/annotate.js';
import { baseReport, runLink, type RunContext } from './run/context.js';
import { inputsPhase } from './run/inputs-phase.js';
import { reportPhase } from './run/report-phase.js';

export async function run(): Promise<void> {
  routeAzureLogging();
  const read = await inputsPhase();
  if (!read) return; // bad input: failed with every problem, before any request
  const { inputs } = read;
  const eventName = process.env.GITHUB_EVENT_NAME ?? '';
  const mode = resolveMode(inputs.mode, eventName);
  const ctx: RunContext = { inputs, mode, report: baseReport(inputs, mode, eventName) };
  ctx.report.run = await runLink();
  // Settings that have no effect: in the log now, and in the summary's warnings.
  for (const w of read.warnings) log.warning(w);
  ctx.report.warnings.push(...read.warnings);

  try {
    await azurePhases(ctx);
  } catch (e) {
    ctx.report.error = describeError(e);
    if (e instanceof ConfigError && e.findings.length) ctx.report.annotated = e.findings.length;
  }
  await reportPhase(ctx);
}

/** Offline checks, sign-in, reconcile and the smoke test (their code, with the Azure clients, loaded only now). */
async function azurePhases(ctx: RunContext): Promise<void> {
  // No log groups: a collapsed group hides the sign-in line, progress and heartbeats.
  const azure = await import('./run/azure.js');
  const offline = await azure.offlineChecks(ctx);
  const session = azure.signIn(ctx);
  if (!session) {
    noOidc(ctx, offline.findings);
    return;
  }
  const result = await azure.reconcilePhase(ctx, session, offline);
  ctx.report.smokeTest = await azure.smokePhase(ctx, session, result);
}

/** A plan without a GitHub OIDC token: the summary's banner says it; the log says it once as a notice. */
function noOidc(ctx: RunContext, findings: Finding[]): void {
  annotate(findings);
  ctx.report.azureRead = false;
  log.notice(
    'Azure and Entra were not read: this run has no GitHub OIDC token. Pull requests from forks never get one ' +
      '(`permissions: id-token: write` does not apply to them), so only the offline checks ran: inputs, ' +
      'module compatibility and runbook checks.',
  );
}
