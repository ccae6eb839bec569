// inputs -> sign-in -> plan -> (apply) -> report. The only place that fails the step.
import * as core from '@actions/core';
import { readInputs } from './inputs.js';
import { resolveMode, isPullRequestEvent } from './mode.js';
import { describeError } from './describe-error.js';
import { ConfigError } from './errors.js';
import { planJson } from './engine/plan.js';
import { mgGraphConnectLine } from './graph-permissions/connect.js';
import { connectLine } from './runbooks/check.js';
import {
  failureOf,
  readPullRequest,
  renderPlanText,
  standardWarnings,
  upsertPlanComment,
  writeBadInputSummary,
  writeSummary,
} from './report/index.js';
import type { Inputs, Plan, RunLink, RunReport } from './types.js';
import { log, routeAzureLogging } from './log/index.js';

const EMPTY_PLAN: Plan = { version: 1, mode: 'plan', changes: [], counts: { create: 0, update: 0, delete: 0 } };

export async function run(): Promise<void> {
  routeAzureLogging();
  let inputs: Inputs;
  const inputWarnings: string[] = [];
  try {
    // Untrimmed, so that a value of only whitespace can be told from an unset input (table.ts).
    inputs = readInputs(
      (name) => core.getInput(name, { trimWhitespace: false }),
      (w) => inputWarnings.push(w),
    );
  } catch (e) {
    // Bad input: one message listing every problem, before any request; the summary says it too.
    const text = describeError(e);
    await writeBadInputSummary(text);
    log.fail(text);
    return;
  }
  if (inputs.githubToken) log.setSecret(inputs.githubToken);

  const eventName = process.env.GITHUB_EVENT_NAME ?? '';
  const mode = resolveMode(inputs.mode, eventName);
  const report: RunReport = baseReport(inputs, mode, eventName);
  report.run = await runLink();
  // Settings that have no effect: in the log now, and in the summary's warnings.
  for (const w of inputWarnings) log.warning(w);
  report.warnings.push(...inputWarnings);

  try {
    // Lazy: the Azure clients are only loaded when Azure is read.
    const { runReconcile } = await import('./run-reconcile.js');
    const outcome = await runReconcile(inputs, mode, report);
    if (outcome === 'no-oidc') {
      // the summary's banner says it; the log says it once as a notice
      report.azureRead = false;
      log.notice(
        'Azure and Entra were not read: this run has no GitHub OIDC token. Pull requests from forks never get one ' +
          '(`permissions: id-token: write` does not apply to them), so only the offline checks ran: inputs, ' +
          'module compatibility and runbook checks.',
      );
    }
  } catch (e) {
    report.error = describeError(e);
    if (e instanceof ConfigError && e.findings.length) report.annotated = e.findings.length;
  }

  finish(inputs, mode, report);
  await publish(inputs, mode, report);

  const failure = failureOf(report);
  if (failure?.short) log.info(failure.text); // every problem in the log once, as text
  if (failure) log.fail(failure.short ?? failure.text);
}

/** The commit this run is about (a pull request's head, not its merge commit) and the run's page. */
async function runLink(env: NodeJS.ProcessEnv = process.env): Promise<RunLink> {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY ?? '';
  const pr = await readPullRequest(env.GITHUB_EVENT_PATH ?? '').catch(() => undefined);
  const commit = pr?.headSha ?? env.GITHUB_SHA;
  const valid = /^[\w.-]+\/[\w.-]+$/.test(repo);
  const runId = /^\d+$/.test(env.GITHUB_RUN_ID ?? '') ? env.GITHUB_RUN_ID : undefined;
  const attempt = /^(?:[2-9]|[1-9]\d+)$/.test(env.GITHUB_RUN_ATTEMPT ?? '')
    ? `/attempts/${env.GITHUB_RUN_ATTEMPT}`
    : '';
  return {
    commit: commit && /^[0-9a-f]{40,64}$/i.test(commit) ? commit : undefined,
    commitUrl: valid && commit ? `${server}/${repo}/commit/${commit}` : undefined,
    url: valid && runId ? `${server}/${repo}/actions/runs/${runId}${attempt}` : undefined,
    workflow: env.GITHUB_WORKFLOW || undefined,
  };
}

function baseReport(inputs: Inputs, mode: 'plan' | 'apply', eventName: string): RunReport {
  return {
    mode,
    eventName,
    resource: {
      type: inputs.resourceType,
      name: (inputs.resourceType === 'vm' ? inputs.vmName : inputs.automationAccount) ?? '',
      resourceGroup: inputs.resourceGroup,
      subscriptionId: inputs.subscriptionId,
    },
    organization: inputs.organization,
    plan: { ...EMPTY_PLAN, mode },
    applied: [],
    drift: false,
    azureRead: true,
    runtimes: [],
    roles: inputs.roles.map((r) => r.displayName),
    failOnDrift: inputs.failOnDrift,
    runbooks: [],
    warnings: [],
    notices: [],
    connectLine: connectLine(inputs.organization, { type: inputs.identityType }, inputs.exchangeEnvironment),
  };
}

/** Outputs and the log; always written, also after a failure, so the next step can read them. */
function finish(inputs: Inputs, mode: 'plan' | 'apply', report: RunReport): void {
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

async function publish(inputs: Inputs, mode: 'plan' | 'apply', report: RunReport): Promise<void> {
  await writeSummary(report);
  const eventName = report.eventName;
  if (mode === 'plan' && inputs.commentOnPr && isPullRequestEvent(eventName)) {
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
