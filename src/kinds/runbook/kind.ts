// The runbook kind: the repository's .ps1 files as PowerShell runbooks of the Automation account,
// bound to the runtime environment of `runbook-runtime` and published. Observation is one list
// of the account's runbooks; content is read only for runbooks the list cannot vouch for.
// The pure half (what to read, what to change, why) is runbooks-diff.ts.

import type { AccountRef } from '../../clients/automation.js';
import { ConfigError } from '../../errors.js';
import type { ApplyContext, Desired, EngineChange, ObserveContext, ResourceKind } from '../../engine/types.js';
import { AdaptiveLimiter } from '../../engine/adaptive-limiter.js';
import { Limiter } from '../../engine/limiter.js';
import { applyHeaderCheck, checkRunbook, type Finding } from './check.js';
import { discoverRunbooks, type DiscoveredRunbook } from './discover.js';
import { runbookTags, TAG_MANAGED, TAG_MANAGED_VALUE, TAG_PATH, truncateTagValue } from './hash.js';
import type { ExchangeEnvironment, HeaderCheck, IdentityType } from '../../types.js';
import { accountRef } from '../automation-account.js';
import {
  AUTOMATION_ACCOUNT,
  RUNBOOK,
  RUNTIME_ENVIRONMENT,
  USER_ASSIGNED_IDENTITY,
  OBSERVED,
  OUTPUTS,
} from '../names.js';
import { observedPrincipalId } from '../principal.js';
import {
  contentToRead,
  diffRunbooks,
  toObserved,
  type DesiredRunbooks,
  type ListedRunbook,
  type ObservedRunbooks,
  type RunbookChangeData,
} from './diff.js';
import { runtimeEnvironmentName } from '../runtime-environments.js';

/** Runbook content reads in flight at once, and where the adaptive bound on uploads starts. */
export const RUNBOOK_PARALLELISM = 8;
/**
 * The uploads' ceiling when the subscription's write budget has room (see adaptive-limiter.ts).
 * An upload spends most of its ~2 s waiting for its two operations, so saturating a refill of
 * 100 writes/s (the bench's azure profile at time scale 0.1) takes ~55 uploads at once; the
 * budget, not this ceiling, is meant to be the limit.
 */
export const RUNBOOK_MAX_PARALLELISM = 128;
/** ARM writes of one runbook upload: create PUT, draft content, publish, tag PUT. */
const WRITES_PER_RUNBOOK = 4;

export interface RunbookCheckOptions {
  organization: string;
  identityType: IdentityType;
  /** the identity's client id, when known (user-assigned: from observation) */
  clientId?: string;
  /** the identity's service principal object id, when known */
  principalId?: string;
  /** -ExchangeEnvironmentName the header must name (input exchange-environment) */
  exchangeEnvironment?: ExchangeEnvironment;
  /** input graph-permissions (not suggested as grants) */
  graphPermissions?: readonly string[];
  headerCheck: HeaderCheck;
}

/**
 * The header and cmdlet checks of every runbook, after the `header-check` input (warn
 * downgrades errors, off drops all). Findings with severity 'error' must stop the run before any
 * write; main turns each into an annotation with toAnnotation.
 */
export function checkRunbooks(items: DiscoveredRunbook[], opts: RunbookCheckOptions): Finding[] {
  return items.flatMap((item) =>
    applyHeaderCheck(
      checkRunbook(item.content, {
        organization: opts.organization,
        identityType: opts.identityType,
        clientId: opts.clientId,
        principalId: opts.principalId,
        exchangeEnvironment: opts.exchangeEnvironment,
        graphPermissions: opts.graphPermissions,
        fileName: item.path,
      }),
      opts.headerCheck,
    ),
  );
}

/** A finding as one line: `path:line:column: message`. */
export function findingText(f: Finding): string {
  return `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}: ${f.message}`;
}

declare module '../../engine/types.js' {
  interface Desired {
    /** the runbooks main discovered; absent: the runbook kind discovers them when it observes */
    runbooks?: DesiredRunbooks;
  }
}

/** The runbook part of the desired state, from the inputs and the discovered files. */
export function desiredRunbooks(desired: Pick<Desired, 'inputs'>, items: DiscoveredRunbook[]): DesiredRunbooks {
  const { inputs } = desired;
  return {
    items,
    runtimeEnvironment: runtimeEnvironmentName(inputs.runbookRuntime),
    publish: inputs.publishRunbooks,
    prune: inputs.pruneRunbooks,
  };
}

/** The workspace the `runbooks` patterns are relative to. */
export function runbookWorkspace(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd();
}

/** Observation plus what it was compared against, so that diff stays a function of its arguments. */
export interface RunbookObservation extends ObservedRunbooks {
  desired: DesiredRunbooks;
  /** header-check findings, computed once the identity's ids are known */
  findings: Finding[];
}

/** The runbooks as listed, and the header check with the identity's ids (known once observed). */
async function observeRunbooks(ctx: ObserveContext): Promise<RunbookObservation> {
  const [observed, ids] = await Promise.all([observeList(ctx), observedIds(ctx)]);
  const { inputs } = ctx.desired;
  const findings = checkRunbooks(observed.desired.items, {
    organization: inputs.organization,
    exchangeEnvironment: inputs.exchangeEnvironment,
    graphPermissions: inputs.graphPermissions,
    identityType: inputs.identityType,
    headerCheck: inputs.headerCheck,
    ...ids,
  });
  return { ...observed, findings };
}

/** A user-assigned identity's ids from its resource; a system-assigned one's principal from the account. */
async function observedIds(ctx: ObserveContext): Promise<{ principalId?: string; clientId?: string }> {
  const principalId = await observedPrincipalId(ctx);
  if (ctx.desired.identity.type !== 'user-assigned') return { principalId };
  return { principalId, clientId: (await ctx.get(OBSERVED.userAssignedIdentity)).identity?.clientId };
}

async function observeList(ctx: ObserveContext): Promise<RunbookObservation> {
  const desired =
    ctx.desired.runbooks ??
    desiredRunbooks(ctx.desired, await discoverRunbooks(ctx.desired.inputs.runbooks, runbookWorkspace()));
  const ref = accountRef(ctx.desired);
  // Listed at once, beside the account's read (404 = [] under a missing account).
  const [{ account }, listed] = await Promise.all([
    ctx.get(OBSERVED.account),
    ctx.clients.automation.listRunbooks<ListedRunbook>(ref),
  ]);
  if (!account) return { accountExists: false, runbooks: [], desired, findings: [] };

  const runbooks = listed.map(toObserved);
  // Per-runbook reads only where the list cannot tell: edited after our last sync, or not ours.
  const toRead = runbooks.flatMap((rb) => {
    const source = contentToRead(desired, rb);
    return source ? [{ rb, source }] : [];
  });
  const limiter = new Limiter(RUNBOOK_PARALLELISM);
  const automation = ctx.clients.automation;
  await Promise.all(
    toRead.map(({ rb, source }) =>
      limiter.run(async () => {
        const text =
          source === 'draft'
            ? ((await automation.getRunbookDraftContent(ref, rb.name)) ??
              (await automation.getRunbookContent(ref, rb.name)))
            : await automation.getRunbookContent(ref, rb.name);
        rb.content = { source, text };
      }),
    ),
  );
  if (toRead.length) ctx.log.debug(`runbooks: read the content of ${toRead.map((r) => r.rb.name).join(', ')}`);
  return { accountExists: true, runbooks, desired, findings: [] };
}

/** The PUT body: a PowerShell runbook on its runtime environment, keeping its own description and logging. */
function putBody(ctx: ApplyContext, data: RunbookChangeData, tags: Record<string, string>): Record<string, unknown> {
  return {
    location: data.location ?? ctx.output(OUTPUTS.account)?.location ?? ctx.desired.location,
    tags,
    properties: { ...data.settings, runbookType: 'PowerShell', runtimeEnvironment: data.runtimeEnvironment, draft: {} },
  };
}

async function applyRunbook(change: EngineChange<RunbookChangeData>, ctx: ApplyContext): Promise<void> {
  const { data } = change;
  const ref: AccountRef = accountRef(ctx.desired);
  const automation = ctx.clients.automation;
  if (data.delete) {
    await automation.deleteRunbook(ref, change.name);
    return;
  }
  const { item } = data;
  if (!item) throw new Error(`runbook ${change.name}: the change carries no repository file`);

  // Order matters for a run that stops half-way: the hash tag is written last, so that until
  // then the next run sees an old (or no) hash and uploads again; nothing is lost.
  if (data.create) {
    await automation.putRunbook(
      ref,
      change.name,
      putBody(ctx, data, {
        [TAG_MANAGED]: TAG_MANAGED_VALUE,
        [TAG_PATH]: truncateTagValue(item.path),
      }),
    );
  }
  if (data.upload) await automation.uploadDraftContent(ref, change.name, item.content);
  if (data.publish) await automation.publishRunbook(ref, change.name);
  if (data.finalPut) {
    const tags = { ...data.otherTags, ...runbookTags({ hash: item.hash, path: item.path, synced: new Date() }) };
    await automation.putRunbook(ref, change.name, putBody(ctx, data, tags));
  }
}

export const runbookKind: ResourceKind<RunbookObservation, RunbookChangeData> = {
  kind: RUNBOOK,
  // after the account and the environments the runbooks are bound to; the identity for the header check
  dependsOn: (d) =>
    d.identity.type === 'user-assigned'
      ? [AUTOMATION_ACCOUNT, RUNTIME_ENVIRONMENT, USER_ASSIGNED_IDENTITY]
      : [AUTOMATION_ACCOUNT, RUNTIME_ENVIRONMENT],
  enabled: (desired) => desired.runbooks !== undefined || desired.inputs.runbooks.length > 0,
  desire: ({ base, runbooks }) =>
    runbooks && base.inputs.runbooks.length ? { runbooks: desiredRunbooks(base, runbooks) } : {},
  observe: observeRunbooks,
  notes: (observed) => ({ findings: observed.findings }),
  diff(desired, observed) {
    // A runbook that fails the header check stops the run here, before any write.
    const errors = observed.findings.filter((f) => f.severity === 'error');
    if (errors.length) {
      throw new ConfigError(
        errors.map((f) => `header-check: ${findingText(f)} (set \`header-check: warn\` to upload anyway)`),
        errors,
      );
    }
    void desired; // observed.desired: desired.runbooks, or what observe discovered from the inputs
    return diffRunbooks(observed.desired, observed);
  },
  // a runbook waits for the environment it is bound to (not the others), never for another runbook
  needs: (change, other) =>
    other.kind === RUNTIME_ENVIRONMENT
      ? other.name.toLowerCase() === change.data.runtimeEnvironment.toLowerCase()
      : other.kind !== RUNBOOK,
  // uploads in flight follow the subscription's write budget: 8 at first, halved on a 429
  pool: (ctx) =>
    new AdaptiveLimiter(
      {
        throttled: () => ctx.clients.pacer.throttled.writes,
        room: () => ctx.clients.pacer.estimate('writes'),
        rate: () => ctx.clients.pacer.rate('writes'),
      },
      { start: RUNBOOK_PARALLELISM, min: 1, max: RUNBOOK_MAX_PARALLELISM, requestsPerTask: WRITES_PER_RUNBOOK },
    ),
  apply: applyRunbook,
};
