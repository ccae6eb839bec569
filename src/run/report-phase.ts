// Phase 10: the report, always written, also after a failure, so the next step can read it:
// outputs, the plan in the log, the summary, the PR comment; then the step's verdict.
import * as core from '@actions/core';
import { planJson } from '../engine/plan.js';
import { log } from '../log/index.js';
import { isPullRequestEvent } from '../mode.js';
import { failureOf, renderPlanText, standardWarnings, upsertPlanComment, writeSummary } from '../report/index.js';
import { mgGraphConnectLine } from '../graph-permissions/connect.js';
import { connectLine } from '../kinds/runbook/check.js';
import type { RunContext } from './context.js';

export async function reportPhase(ctx: RunContext): Promise<void> {
  writeOutputs(ctx);
  await publish(ctx);
  const failure = failureOf(ctx.report);
  if (failure?.short) log.info(failure.text); // every problem in the log once, as text
  if (failure) log.fail(failure.short ?? failure.text);
}

/** Outputs and the log. */
function writeOutputs({ inputs, mode, report }: RunContext): void {
  report.connectLine = connectLine(
    inputs.organization,
    { type: inputs.identityType, clientId: report.identity?.clientId },
    inputs.exchangeEnvironment,
  );
  if (inputs.graphPermissions.length) {
    report.graphConnectLine = mgGraphConnectLine(
      { type: inputs.identityType, clientId: report.identity?.clientId },
      inputs.exchangeEnvironment,
    );
  }
  const changes = mode === 'apply' ? report.applied.length : report.plan.changes.length;
  // identity-*: the identity's ids; principal-id / client-id are their deprecated aliases (one major version)
  for (const name of ['identity-principal-id', 'principal-id'])
    core.setOutput(name, report.identity?.principalId ?? '');
  for (const name of ['identity-client-id', 'client-id']) core.setOutput(name, report.identity?.clientId ?? '');
  core.setOutput('changes', String(changes));
  core.setOutput('drift', String(report.drift));
  core.setOutput('plan', planJson(report.plan));
  core.setOutput('smoke-test', report.smokeTest?.status ?? 'skipped');

  // not in a group: the plan (or what was made) is what the reader of the log came for
  log.info(renderPlanText(report));
  for (const w of standardWarnings(report)) log.warning(w);
  const where = inputs.resourceType === 'vm' ? `of every script that runs on VM ${inputs.vmName}` : 'of every runbook';
  log.info(`Put this line at the top ${where}:\n  ${report.connectLine}`);
  if (report.graphConnectLine) log.info(`Connect to Microsoft Graph with:\n  ${report.graphConnectLine}`);
}

async function publish({ inputs, mode, report }: RunContext): Promise<void> {
  await writeSummary(report);
  if (mode === 'plan' && inputs.commentOnPr && isPullRequestEvent(report.eventName)) {
    const outcome = await upsertPlanComment({
      token: inputs.githubToken,
      apiUrl: process.env.GITHUB_API_URL,
      repository: process.env.GITHUB_REPOSITORY ?? '',
      eventPath: process.env.GITHUB_EVENT_PATH ?? '',
      report,
    });
    log.info(`Pull request comment: ${outcome}`);
  }
}
