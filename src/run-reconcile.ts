// The part of a run that talks to Azure, loaded lazily by main: sign-in, reconcile, smoke test.
// Offline checks (runbook discovery and header checks) run first, so a finding stops the run
// before any request.
import type { TokenCredential } from '@azure/core-auth';
import { createCredential, oidcAvailable, oidcUnavailableError } from './auth/index.js';
import { createWriteClients } from './clients/index.js';
import { secondsFromEnv } from './clients/timeout-policy.js';
import {
  applyProgressOf,
  planOf,
  publicChange,
  reconcile,
  type ApplyProgress,
  type ReconcileResult,
} from './engine/index.js';
import { checkRunbooks, findingText, runbookWorkspace } from './resources/runbooks.js';
import { runbookStatuses } from './resources/runbooks-report.js';
import { runtimeEnvironmentName } from './resources/runtime-environments.js';
import { toAnnotation, type Finding } from './runbooks/check.js';
import { discoverRunbooks, type DiscoveredRunbook } from './runbooks/discover.js';
import { runSmokeTest } from './smoke/index.js';
import { runVmSmokeTest } from './smoke/vm.js';
import { ConfigError } from './errors.js';
import type { Inputs, RunReport } from './types.js';
import { log } from './log/index.js';
import { reconcileUnderLease } from './run-lease.js';

/** Turns runbook findings into annotations on the file and line. */
function annotate(findings: Finding[]): void {
  for (const f of findings) {
    const { message, properties } = toAnnotation(f);
    if (f.severity === 'error') log.error(message, properties);
    else log.warning(message, properties);
  }
}

/**
 * Discovers the runbooks and checks them with what is known before Azure is read. Errors stop
 * the run here, before any request; warnings wait for the check with the identity's real ids.
 */
async function offlineRunbookChecks(inputs: Inputs): Promise<{ items: DiscoveredRunbook[]; findings: Finding[] }> {
  if (inputs.runbooks.length === 0) return { items: [], findings: [] };
  const items = await discoverRunbooks(inputs.runbooks, runbookWorkspace());
  const findings = checkRunbooks(items, {
    organization: inputs.organization,
    exchangeEnvironment: inputs.exchangeEnvironment,
    graphPermissions: inputs.graphPermissions,
    identityType: inputs.identityType,
    headerCheck: inputs.headerCheck,
  });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    annotate(findings);
    throw new ConfigError(
      errors.map((f) => `header-check: ${findingText(f)}`),
      errors,
    );
  }
  return { items, findings };
}

/**
 * EXO_IMPORT_TIMEOUT_SECONDS (optional, positive number): the bound on each package import,
 * default 30 minutes. Not an input: it exists so that tests (and the impatient) can shorten it.
 */
function importTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return secondsFromEnv('EXO_IMPORT_TIMEOUT_SECONDS', env);
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
function reportFailure(e: unknown, report: RunReport, runbooks: DiscoveredRunbook[], mode: 'plan' | 'apply'): void {
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

/** The post-apply test: a job in the account, or a Run Command on the VM. */
function smokeTest(
  inputs: Inputs,
  credential: TokenCredential,
  result: ReconcileResult,
): Promise<NonNullable<RunReport['smokeTest']>> {
  const clients = createWriteClients({
    endpoints: inputs.endpoints,
    subscriptionId: inputs.subscriptionId,
    credential,
  });
  return inputs.resourceType === 'vm'
    ? runVmSmokeTest({
        compute: clients.compute,
        resourceGroup: inputs.resourceGroup,
        vmName: inputs.vmName ?? '',
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        identity: result.identity,
        log,
      })
    : runSmokeTest({
        clients,
        account: {
          subscriptionId: inputs.subscriptionId,
          resourceGroup: inputs.resourceGroup,
          account: inputs.automationAccount ?? '',
        },
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        identity: result.identity,
        runtimeEnvironment: runtimeEnvironmentName(inputs.runbookRuntime),
        location: inputs.location,
        log,
      });
}

/** Returns 'no-oidc' when Azure could not be read (plan without a GitHub OIDC token). */
export async function runReconcile(
  inputs: Inputs,
  mode: 'plan' | 'apply',
  report: RunReport,
): Promise<'done' | 'no-oidc'> {
  // No log groups: a collapsed group hides the sign-in line, progress and heartbeats.
  const offline = await offlineRunbookChecks(inputs);
  const runbooks = offline.items;
  report.runbooks = runbookStatuses(runbooks, [], mode, { read: false });
  if (!oidcAvailable()) {
    if (mode === 'plan') {
      annotate(offline.findings);
      return 'no-oidc';
    }
    throw oidcUnavailableError();
  }

  const credential = createCredential({
    tenantId: inputs.tenantId,
    clientId: inputs.clientId,
    audience: inputs.audience,
    authorityHost: inputs.endpoints.authorityHost,
    announce: (line) => log.info(line),
  });
  let result: ReconcileResult;
  let afterCheck: string | undefined;
  try {
    ({ result, problem: afterCheck } = await reconcileUnderLease(inputs, mode, credential, runbooks, (beforeApply) =>
      reconcile(inputs, { mode, credential, log, runbooks, importTimeoutMs: importTimeoutFromEnv(), beforeApply }),
    ));
  } catch (e) {
    reportFailure(e, report, runbooks, mode);
    throw e;
  }
  report.plan = result.plan;
  report.applied = result.applied;
  report.drift = result.drift;
  report.identity = result.identity;
  report.runtimes = result.runtimes;
  report.roles = result.roles;
  report.warnings.push(...result.warnings);
  // After an apply the identity's ids are known (a user-assigned identity may have been created
  // just now): check the headers again with them, so no warning says "can't be verified yet".
  annotate(mode === 'apply' && runbooks.length ? recheck(inputs, runbooks, result) : result.findings);
  report.runbooks = runbookStatuses(runbooks, mode === 'apply' ? result.applied : result.plan.changes, mode);
  // The final check found a wrong state (and removed the claim): the run fails, so it is seen.
  if (afterCheck) throw new Error(afterCheck);

  if (mode !== 'apply' || !inputs.smokeTest) {
    report.smokeTest = { status: 'skipped' };
    return 'done';
  }
  report.smokeTest = await smokeTest(inputs, credential, result);
  return 'done';
}
