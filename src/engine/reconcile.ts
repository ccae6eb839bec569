// The entry point main calls, as phases in order: prepare (first reads, desired) -> observe ->
// diff -> plan -> preflight -> apply -> result. Each phase is its own file under phases/.
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { createClientSet, type ClientSet } from '../clients/index.js';
import type { DiscoveredRunbook } from '../kinds/runbook/discover.js';
import type { Inputs } from '../types.js';
import { applyChanges, applyProgressOf } from './apply.js';
import { diffPhase } from './phases/diff-phase.js';
import { observePhase } from './phases/observe-phase.js';
import { preflightPhase } from './phases/preflight-phase.js';
import { prepare } from './phases/prepare.js';
import { buildResult, type ReconcileResult } from './phases/result.js';
import { buildPlan, withPlan } from './plan.js';
import { KINDS, kindGraph } from './registry.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  silentLogger,
  type EngineChange,
  type EngineOptions,
  type Logger,
  type ResourceKind,
} from './types.js';

export type { ReconcileResult };

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
  /** more kinds, e.g. the runbook kind of src/kinds/runbook/kind.ts */
  extraKinds?: ResourceKind<any, any>[];
  /** skip the permission check (it costs one Graph token and one ARM GET per scope) */
  skipPreflight?: boolean;
  /** runbooks main already discovered (else the runbook kind discovers them itself) */
  runbooks?: DiscoveredRunbook[];
  /** the run's clients (else built from the options above) */
  clients?: ClientSet;
  /** called once the plan is known to have changes, before the first write (the apply lease) */
  beforeApply?: () => Promise<void>;
}

export async function reconcile(inputs: Inputs, opts: ReconcileOptions): Promise<ReconcileResult> {
  const log = opts.log ?? silentLogger;
  const options: EngineOptions = {
    ...DEFAULT_ENGINE_OPTIONS,
    ...opts.engine,
    ...(opts.importTimeoutMs !== undefined ? { importTimeoutMs: opts.importTimeoutMs } : {}),
  };
  const clients =
    opts.clients ??
    createClientSet({
      endpoints: inputs.endpoints,
      subscriptionId: inputs.subscriptionId,
      credential: opts.credential,
      retryOptions: opts.retryOptions,
      graphRetryDelaySeconds: opts.graphRetryDelaySeconds,
      lroIntervalMs: opts.lroIntervalMs,
    });
  const readers = clients.readers;
  const { desired, roles, warnings: desiredWarnings } = await prepare(inputs, readers, opts.credential, opts);

  const graph = kindGraph([...KINDS, ...(opts.extraKinds ?? [])], desired);
  const { observed, permissions } = await observePhase(graph.enabled, desired, readers, log, opts.skipPreflight);
  const { changes, outputs, warnings: notes, findings } = diffPhase(graph, desired, observed);

  const plan = buildPlan(opts.mode, changes);
  const warnings = opts.skipPreflight
    ? []
    : await preflightPhase({
        mode: opts.mode,
        desired,
        credential: opts.credential,
        graphScope: inputs.endpoints.graphScope,
        arm: readers.arm,
        observed,
        changes,
        plan,
        roles,
        permissions,
        kinds: graph.enabled,
      });

  let applied: EngineChange[] = [];
  if (opts.mode === 'apply' && changes.length) {
    await opts.beforeApply?.();
    const writers = clients.writers();
    const kindMap = new Map(graph.enabled.map((k) => [k.kind, k]));
    try {
      const output = outputs.get.bind(outputs);
      applied = await applyChanges(
        changes,
        kindMap,
        graph,
        { desired, clients: writers, output, log, options },
        outputs,
      );
    } catch (e) {
      const progress = applyProgressOf(e);
      if (progress) log.info(`Applied ${progress.applied.length} of ${changes.length} changes before the failure.`);
      throw withPlan(e, plan);
    }
  }
  return buildResult({
    desired,
    outputs,
    plan,
    changes,
    applied,
    warnings: [...desiredWarnings, ...warnings, ...notes],
    findings,
  });
}
