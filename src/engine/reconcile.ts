// The entry point main calls: inputs -> desired -> observe -> diff -> plan -> preflight -> (apply).
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { createReadClients, createWriteClients, type ClientOptions } from '../clients/index.js';
import { AuthError, ConfigError } from '../errors.js';
import { RESOURCE_GROUP } from '../resources/kinds.js';
import { observedPrincipalId, unlessNotReplicated } from '../resources/principal.js';
import { resourceGroupPath } from '../clients/automation.js';
import { desiredRunbooks } from '../resources/runbooks.js';
import type { DiscoveredRunbook } from '../runbooks/discover.js';
import type { Finding } from '../runbooks/check.js';
import type { ObservedResourceGroups } from '../resources/resource-group.js';
import type { Change, IdentityInfo, Inputs, Plan, RuntimeInfo } from '../types.js';
import { applyChanges, applyProgressOf } from './apply.js';
import { buildDesired, EXO_MODULE } from './desired.js';
import { observeAll } from './observe.js';
import { buildPlan, publicChange, withPlan } from './plan.js';
import { graphRoles, missingGraphPermissions, permissionReader, preflight } from './preflight.js';
import { KINDS, levels } from './registry.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  silentLogger,
  type Desired,
  type EngineChange,
  type EngineOptions,
  type Facts,
  type Logger,
  type ResourceKind,
} from './types.js';

export interface ReconcileOptions {
  mode: 'plan' | 'apply';
  credential: TokenCredential;
  log?: Logger;
  /** bound on each package import (default 30 min) */
  importTimeoutMs?: number;
  /** finer engine timings (poll backoff, replication wait) */
  engine?: Partial<EngineOptions>;
  /** the Azure SDK pipeline's retry options (defaults: the SDK's) */
  retryOptions?: PipelineRetryOptions;
  graphRetryDelaySeconds?: number;
  lroIntervalMs?: number;
  /** more kinds, e.g. the runbook kind of src/resources/runbooks.ts */
  extraKinds?: ResourceKind<any>[];
  /** skip the permission check (it costs one Graph token and one ARM GET per scope) */
  skipPreflight?: boolean;
  /** runbooks main already discovered (else the runbook kind discovers them itself) */
  runbooks?: DiscoveredRunbook[];
  /** called once the plan is known to have changes, before the first write (the apply lease) */
  beforeApply?: () => Promise<void>;
}

export interface ReconcileResult {
  plan: Plan;
  applied: Change[];
  drift: boolean;
  identity: IdentityInfo;
  runtimes: RuntimeInfo[];
  roles: string[];
  warnings: string[];
  /** runbook check findings (warnings when the run went on) for annotations */
  findings: Finding[];
}

function order(kinds: ResourceKind<any>[], levelOf: Map<string, number>, changes: EngineChange[]): EngineChange[] {
  const index = new Map(kinds.map((k, i) => [k.kind, i]));
  return changes
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        (levelOf.get(a.c.kind) ?? 0) - (levelOf.get(b.c.kind) ?? 0) ||
        (index.get(a.c.kind) ?? 0) - (index.get(b.c.kind) ?? 0) ||
        a.i - b.i,
    )
    .map((x) => x.c);
}

export async function reconcile(inputs: Inputs, opts: ReconcileOptions): Promise<ReconcileResult> {
  const log = opts.log ?? silentLogger;
  const options: EngineOptions = {
    ...DEFAULT_ENGINE_OPTIONS,
    ...opts.engine,
    ...(opts.importTimeoutMs !== undefined ? { importTimeoutMs: opts.importTimeoutMs } : {}),
  };
  const clientOptions: ClientOptions = {
    endpoints: inputs.endpoints,
    subscriptionId: inputs.subscriptionId,
    credential: opts.credential,
    retryOptions: opts.retryOptions,
    graphRetryDelaySeconds: opts.graphRetryDelaySeconds,
    lroIntervalMs: opts.lroIntervalMs,
  };
  const readers = createReadClients(clientOptions);

  // Gallery versions, the Graph token's permissions and the ARM token are independent: all at once.
  const [gallery, roles] = await Promise.all([
    inputs.moduleVersion === 'latest' ? readers.gallery.versions(EXO_MODULE) : Promise.resolve(undefined),
    opts.skipPreflight ? Promise.resolve(undefined) : graphRoles(opts.credential, inputs.endpoints.graphScope),
    // as the ARM pipeline's bearer policy asks for it (CAE), so that its first request finds it cached
    opts.credential.getToken(inputs.endpoints.armScope, { enableCae: true }),
  ]);
  const desired: Desired = buildDesired(inputs, gallery);
  if (opts.runbooks && inputs.runbooks.length) desired.runbooks = desiredRunbooks(desired, opts.runbooks);
  if (roles) {
    const missingReads = missingGraphPermissions(roles, [], false);
    if (missingReads.length) {
      throw new AuthError(
        `The deploying app ${inputs.clientId} cannot read what the plan needs in Microsoft Graph:\n` +
          missingReads
            .map((p) => `  - grant ${p} (Microsoft Graph application permission) and admin-consent it`)
            .join('\n'),
        { code: 'Authorization_RequestDenied' },
      );
    }
  }

  const kinds = [...KINDS, ...(opts.extraKinds ?? [])];
  const levelOf = levels(kinds, desired);
  const enabled = kinds.filter((k) => levelOf.has(k.kind));
  // Beside observation: the permission lists the preflight reads (at the resource groups' scope,
  // and the subscription's once a group turns out missing), and a system-assigned identity's
  // client id, which lives on its service principal (appId).
  const permissions = permissionReader(readers.arm);
  let observedSp: { principalId: string; appId?: string } | undefined;
  const observed = await observeAll(enabled, desired, readers, log, async (get) => {
    const tasks: Promise<unknown>[] = [];
    if (!opts.skipPreflight) {
      for (const rg of desired.resourceGroups) void permissions(resourceGroupPath(desired.subscriptionId, rg));
      tasks.push(
        get<ObservedResourceGroups>(RESOURCE_GROUP).then((groups) => {
          if (groups.some((g) => !g.exists)) void permissions(`/subscriptions/${desired.subscriptionId}`);
        }),
      );
    }
    if (desired.identity.type === 'system-assigned') {
      tasks.push(
        observedPrincipalId({ desired, clients: readers, log, get }).then(async (principalId) => {
          if (!principalId) return;
          const sp = await unlessNotReplicated(readers.graph.getServicePrincipal(principalId), undefined);
          observedSp = { principalId, appId: sp?.appId };
        }),
      );
    }
    await Promise.all(tasks);
  });

  const facts: Facts = { warnings: [] };
  const byLevel = [...enabled].sort((a, b) => levelOf.get(a.kind)! - levelOf.get(b.kind)!);
  for (const k of byLevel) k.learn?.(observed.get(k.kind), facts, desired);

  const problems: string[] = [];
  const findings: Finding[] = [];
  const found: EngineChange[] = [];
  for (const k of byLevel) {
    try {
      found.push(...k.diff(desired, observed.get(k.kind)));
    } catch (e) {
      if (e instanceof ConfigError) {
        problems.push(...e.problems);
        findings.push(...e.findings);
      } else throw e;
    }
  }
  if (problems.length) throw new ConfigError(problems, findings);
  const changes = order(enabled, levelOf, found);

  const warnings: string[] = [];
  const plan = buildPlan(opts.mode, changes);
  if (!opts.skipPreflight) {
    const check = await preflight({
      desired,
      credential: opts.credential,
      graphScope: inputs.endpoints.graphScope,
      arm: readers.arm,
      groups: (observed.get(RESOURCE_GROUP) as ObservedResourceGroups) ?? [],
      changes,
      includeWrites: true,
      roles,
      permissions,
    });
    if (check.problems.length) {
      const text = check.problems.map((p) => `  - ${p}`).join('\n');
      if (opts.mode === 'apply' && changes.length) {
        throw withPlan(
          new AuthError(`The deploying app lacks permissions this plan needs (nothing was changed):\n${text}`),
          plan,
        );
      }
      if (changes.length) warnings.push(`Apply would fail; the deploying app lacks permissions:\n${text}`);
    }
  }

  let applied: EngineChange[] = [];
  if (opts.mode === 'apply' && changes.length) {
    await opts.beforeApply?.();
    const writers = createWriteClients(clientOptions);
    const kindMap = new Map(enabled.map((k) => [k.kind, k]));
    try {
      applied = await applyChanges(changes, kindMap, levelOf, { desired, clients: writers, facts, log, options });
    } catch (e) {
      const progress = applyProgressOf(e);
      if (progress) log.info(`Applied ${progress.applied.length} of ${changes.length} changes before the failure.`);
      throw withPlan(e, plan);
    }
  }

  // A system-assigned identity's client id lives on its service principal (appId).
  if (desired.identity.type === 'system-assigned' && facts.principalId && !facts.clientId) {
    if (observedSp?.principalId === facts.principalId && observedSp.appId) facts.clientId = observedSp.appId;
    else {
      const sp = await unlessNotReplicated(readers.graph.getServicePrincipal(facts.principalId), undefined);
      facts.clientId = sp?.appId;
    }
  }

  warnings.push(...facts.warnings);
  const identity: IdentityInfo = {
    type: inputs.identityType,
    ...(desired.identity.type === 'user-assigned' ? { name: desired.identity.name } : {}),
    principalId: facts.principalId,
    clientId: facts.clientId,
  };
  const vm = desired.vm;
  const runtimes: RuntimeInfo[] = desired.runtimes.map((r) => ({
    version: r.runtime,
    // on a VM there is no runtime environment: one installation for all users serves every runtime
    environment: vm ? `VM ${vm.name}` : r.environment,
    modules: vm
      ? [{ name: EXO_MODULE, version: vm.moduleVersion }]
      : r.packages.map((p) => ({ name: p.name, version: p.version })),
  }));
  return {
    plan,
    applied: applied.map(publicChange),
    drift: changes.length > 0,
    identity,
    runtimes,
    roles: desired.roles.map((r) => r.displayName),
    warnings,
    findings: facts.findings ?? [],
  };
}
