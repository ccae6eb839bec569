// What every phase of a run shares: the inputs, the mode and the report being filled in.
import { connectLine } from '../kinds/runbook/check.js';
import { readPullRequest } from '../report/index.js';
import type { Inputs, Plan, RunLink, RunReport } from '../types.js';

export type RunMode = 'plan' | 'apply';

export interface RunContext {
  inputs: Inputs;
  mode: RunMode;
  report: RunReport;
}

const EMPTY_PLAN: Plan = { version: 1, mode: 'plan', changes: [], counts: { create: 0, update: 0, delete: 0 } };

/** The report before anything is read: what the inputs say, an empty plan. */
export function baseReport(inputs: Inputs, mode: RunMode, eventName: string): RunReport {
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

/** The commit this run is about (a pull request's head, not its merge commit) and the run's page. */
export async function runLink(env: NodeJS.ProcessEnv = process.env): Promise<RunLink> {
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
