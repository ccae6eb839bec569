// Phase 3: each kind's outputs and notes from its observation, then its diff, in dependency order;
// every configuration problem at once. The changes come out in plan order (depth, registry, diff order).
import { ConfigError } from '../../errors.js';
import type { Finding } from '../../kinds/runbook/check.js';
import type { KindGraph } from '../registry.js';
import { Outputs } from '../outputs.js';
import type { Desired, EngineChange } from '../types.js';

export interface DiffResult {
  changes: EngineChange[];
  outputs: Outputs;
  warnings: string[];
  findings: Finding[];
}

export function diffPhase(graph: KindGraph, desired: Desired, observed: Map<string, unknown>): DiffResult {
  const { enabled, depth } = graph;
  const byDepth = [...enabled].sort((a, b) => depth.get(a.kind)! - depth.get(b.kind)!);
  const notes = byDepth.map((k) => k.notes?.(observed.get(k.kind)) ?? {});

  const problems: string[] = [];
  const findings: Finding[] = [];
  const found: EngineChange[] = [];
  for (const k of byDepth) {
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
  return {
    changes: planOrder(graph, found),
    outputs: new Outputs(byDepth, observed, desired),
    warnings: notes.flatMap((n) => n.warnings ?? []),
    findings: notes.flatMap((n) => n.findings ?? []),
  };
}

function planOrder({ enabled, depth }: KindGraph, changes: EngineChange[]): EngineChange[] {
  const index = new Map(enabled.map((k, i) => [k.kind, i]));
  return changes
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        (depth.get(a.c.kind) ?? 0) - (depth.get(b.c.kind) ?? 0) ||
        (index.get(a.c.kind) ?? 0) - (index.get(b.c.kind) ?? 0) ||
        a.i - b.i,
    )
    .map((x) => x.c);
}
