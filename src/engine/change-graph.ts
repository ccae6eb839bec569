// The dependencies between the changes of one plan, from the kinds' dependencies refined per
// change (ResourceKind.needs). Pure.
import type { GraphNode } from './graph.js';
import type { EngineChange, ResourceKind } from './types.js';

/** Default: every change of the kinds it depends on, none of its own kind. */
function defaultNeeds(change: EngineChange, other: EngineChange): boolean {
  return other.kind !== change.kind;
}

/** For each change (by index), the indices of the changes it waits for. */
export function changeDeps(
  changes: readonly EngineChange[],
  kinds: ReadonlyMap<string, ResourceKind<any, any>>,
  upstream: ReadonlyMap<string, ReadonlySet<string>>,
): number[][] {
  return changes.map((change) => {
    const needs = kinds.get(change.kind)?.needs ?? defaultNeeds;
    const above = upstream.get(change.kind) ?? new Set<string>();
    const deps: number[] = [];
    changes.forEach((other, j) => {
      if (other === change || (other.kind !== change.kind && !above.has(other.kind))) return;
      if (needs(change, other)) deps.push(j);
    });
    return deps;
  });
}

/** Graph nodes for the changes: node id = the change's index in `changes`. */
export function changeNodes(
  changes: readonly EngineChange[],
  kinds: ReadonlyMap<string, ResourceKind<any, any>>,
  upstream: ReadonlyMap<string, ReadonlySet<string>>,
  make: (change: EngineChange) => Pick<GraphNode, 'run' | 'pool'>,
): GraphNode[] {
  const deps = changeDeps(changes, kinds, upstream);
  return changes.map((change, i) => ({ id: String(i), deps: deps[i].map(String), ...make(change) }));
}
