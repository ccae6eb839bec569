// Turns the end of a smoke-test job into a SmokeTestResult, and Exchange Online's error texts into
// what is missing (grant, role, header, module). Pure: job outcome in, result out.
import type { IdentityType, SmokeTestResult } from '../types.js';
import { diagnoseGraph, explainGraph, GRAPH_PERMISSION_DELAY, type GraphProbe } from './graph.js';

export type StreamKind = 'Output' | 'Error' | 'Warning' | 'Verbose' | 'Progress' | 'Debug' | string;

export interface StreamEntry {
  type: StreamKind;
  text: string;
}

export interface JobOutcome {
  /** last status seen: Completed, Failed, Stopped, Suspended, or a running one when timed out */
  status: string;
  timedOut?: boolean;
  /** the job's terminating error (`exception` of the test job) */
  exception?: string | null;
  statusDetails?: string | null;
  /** in time order */
  streams: StreamEntry[];
}

export interface SmokeContext {
  organization: string;
  identity: { type: IdentityType; clientId?: string; principalId?: string };
  runtimeEnvironment: string;
  runbook: string;
  timeoutMs: number;
  /** the Graph cmdlet the job also ran after Connect-MgGraph -Identity, if any */
  graph?: GraphProbe;
}

export const TERMINAL_STATUSES = ['completed', 'failed', 'stopped', 'suspended'];

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.includes(status.toLowerCase());
}

export const MANAGE_AS_APP = 'Exchange.ManageAsApp (dc50a0fb-09a3-484d-be87-e023b12c6440)';

export const PERMISSION_DELAY =
  'If the grant or role was added just now, it may not be effective yet: Entra replication takes minutes, and Exchange Online caches the identity\u2019s token and permissions for up to 24 hours (usually a few hours). Run the smoke test again later before changing anything.';

export type Cause = 'unauthorized' | 'role-not-supported' | 'identity-not-found' | 'module-missing' | 'organization';

/** The known causes found in the job's error texts, most specific first. */
export function diagnose(errorText: string): Cause[] {
  const causes: Cause[] = [];
  const t = errorText;
  if (/role assigned to application .* isn'?t supported in this scenario/i.test(t)) causes.push('role-not-supported');
  if (
    /failed to acquire managed identity token|identity not found|ManagedIdentityCredential|unable to (?:get|acquire) (?:a )?(?:managed identity )?token/i.test(
      t,
    )
  )
    causes.push('identity-not-found');
  if (
    /'(?:Connect-ExchangeOnline|Get-AcceptedDomain)' is not recognized|module 'ExchangeOnlineManagement' was not loaded|ExchangeOnlineManagement' was not loaded/i.test(
      t,
    )
  )
    causes.push('module-missing');
  if (
    /AADSTS90002|AADSTS900023|tenant '[^']*' not found|invalid organization|organization .* (?:not found|invalid)/i.test(
      t,
    )
  )
    causes.push('organization');
  if (/\bUnAuthorized\b|\(401\)/i.test(t)) causes.push('unauthorized');
  return causes;
}

/** The identity named for a message; `holder` owns a system-assigned one ("the VM's"). */
export function identityText(id: SmokeContext['identity'], holder: string): string {
  const sp = id.principalId ? ` (service principal ${id.principalId})` : '';
  if (id.type === 'system-assigned') return `${holder} system-assigned identity${sp}`;
  return `the user-assigned identity${id.clientId ? ` with client id ${id.clientId}` : ''}${sp}`;
}

/** Exchange Online's UnAuthorized: the app role is missing or the organization is wrong. */
export function unauthorizedText(who: string, organization: string): string {
  return (
    `Exchange Online answered UnAuthorized: ${who} does not hold the app role ${MANAGE_AS_APP} of the "Office 365 Exchange Online" service principal, ` +
    `or -Organization ${organization} is not this tenant's *.onmicrosoft.com organization (input \`organization\`).`
  );
}

/** One sentence per cause: what is missing and where to add it. */
export function explain(cause: Cause, ctx: SmokeContext): string {
  const who = identityText(ctx.identity, "the Automation account's");
  switch (cause) {
    case 'unauthorized':
      return unauthorizedText(who, ctx.organization);
    case 'role-not-supported':
      return (
        `Exchange Online accepted the app role but ${who} holds no Entra directory role that Exchange Online supports for managed identities: ` +
        'assign one at scope "/" (input `roles`, e.g. Exchange Administrator, Exchange Recipient Administrator or Global Reader).'
      );
    case 'identity-not-found':
      return ctx.identity.type === 'user-assigned'
        ? `No managed identity token for -ManagedIdentityAccountId ${ctx.identity.clientId ?? '(none)'}: it must be the client id (not the principal/object id) of a user-assigned identity attached to the Automation account.`
        : 'No managed identity token: the Automation account has no system-assigned identity enabled (a header without -ManagedIdentityAccountId uses it).';
    case 'module-missing':
      return `ExchangeOnlineManagement is not available in the runtime environment ${ctx.runtimeEnvironment}: its package import must have Succeeded (see the runtime environment's packages).`;
    case 'organization':
      return `The organization ${ctx.organization} was not recognized: \`organization\` must be the tenant's *.onmicrosoft.com domain.`;
  }
}

const PERMISSION_CAUSES: Cause[] = ['unauthorized', 'role-not-supported'];

function texts(streams: StreamEntry[], type: string): string[] {
  return streams.filter((s) => s.type.toLowerCase() === type.toLowerCase() && s.text.trim() !== '').map((s) => s.text);
}

function trimBlock(lines: string[]): string | undefined {
  const text = lines
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
  return text === '' ? undefined : text;
}

function duration(ms: number): string {
  const m = ms / 60_000;
  if (m >= 1) return `${Number.isInteger(m) ? m : m.toFixed(1)} minute${m === 1 ? '' : 's'}`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** What the Graph line's failure says (module, permission), with the delay hint after a permission. */
function graphParts(errorText: string, ctx: SmokeContext): string[] {
  if (!ctx.graph) return [];
  const who = identityText(ctx.identity, "the Automation account's");
  const causes = diagnoseGraph(errorText);
  const parts = causes.map((c) => explainGraph(c, ctx.graph!, who, ctx.runtimeEnvironment));
  if (causes.includes('graph-permission')) parts.push(GRAPH_PERMISSION_DELAY);
  return parts;
}

/** The SmokeTestResult of a finished (or abandoned) test job. */
export function interpretOutcome(outcome: JobOutcome, ctx: SmokeContext): SmokeTestResult {
  const output = texts(outcome.streams, 'Output');
  const errors = texts(outcome.streams, 'Error');
  const exception = outcome.exception?.trim() || undefined;
  if (exception && !errors.some((e) => e.includes(exception))) errors.push(exception);
  const status = outcome.status || 'unknown';
  const where = `test job of the temporary runbook ${ctx.runbook} (runtime environment ${ctx.runtimeEnvironment})`;

  if (!outcome.timedOut && status.toLowerCase() === 'completed' && errors.length === 0) {
    return {
      status: 'passed',
      output: trimBlock(output),
      detail: `Connect-ExchangeOnline and Get-AcceptedDomain${ctx.graph ? `, Connect-MgGraph and ${ctx.graph.cmdlet}` : ''} succeeded in a ${where}.`,
    };
  }

  const combined = trimBlock([...output, ...errors]);
  const parts: string[] = [];
  if (outcome.timedOut) {
    parts.push(
      `The ${where} did not finish within ${duration(ctx.timeoutMs)} (last status: ${status}); it was stopped. Azure Automation may be queueing jobs: run the smoke test again later.`,
    );
  } else if (status.toLowerCase() === 'completed') {
    parts.push(`The ${where} completed but wrote errors.`);
  } else {
    const details =
      outcome.statusDetails && !/^none$/i.test(outcome.statusDetails) ? ` (${outcome.statusDetails})` : '';
    parts.push(`The ${where} ended ${status}${details}.`);
  }
  const causes = diagnose(errors.join('\n'));
  // UnAuthorized is generic: when a more specific cause is present, it explains the failure.
  const shown = causes.length > 1 ? causes.filter((c) => c !== 'unauthorized') : causes;
  for (const c of shown) parts.push(explain(c, ctx));
  if (shown.some((c) => PERMISSION_CAUSES.includes(c))) parts.push(PERMISSION_DELAY);
  const graph = graphParts(errors.join('\n'), ctx);
  parts.push(...graph);
  if (!shown.length && !graph.length && errors.length) parts.push('Its error text is in the output below.');
  return { status: 'failed', output: combined, detail: parts.join(' ') };
}

/** A failure before the job could run (create, upload, start): the service's own text. */
export function setupFailure(step: string, message: string): SmokeTestResult {
  return { status: 'failed', detail: `The smoke test could not ${step}: ${message}` };
}
