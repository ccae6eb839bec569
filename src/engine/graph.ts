// One runner for observe and for apply, after Terraform's internal/dag/walk.go: every node waits
// for the nodes it depends on and runs as soon as they are done; a node whose dependency failed
// is skipped (walk.go: "upstream dependencies failed"), and everything not downstream of a failure
// runs to the end. Pure scheduling: no I/O, tested without the network.

/** Bounds how many nodes of one kind run at once (see limiter.ts). */
export interface Pool {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export interface GraphNode<T = unknown> {
  id: string;
  /** nodes that must be done before this one starts */
  deps: readonly string[];
  /** shared by the nodes it bounds */
  pool?: Pool;
  /** `get` awaits another node's value inside run (observe's reads that may start early) */
  run(get: (id: string) => Promise<unknown>): Promise<T>;
}

export type Outcome<T = unknown> =
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown }
  /** `because`: the failed nodes upstream, in the order their failures were seen */
  | { status: 'skipped'; because: string[] };

export interface WalkHooks {
  onStart?(id: string): void;
  onEnd?(id: string, outcome: Outcome): void;
}

/** Why get() of a skipped node rejects. */
export class SkippedError extends Error {
  constructor(
    readonly id: string,
    readonly because: string[],
  ) {
    super(`${id} was skipped: ${because.join(', ')} failed`);
  }
}

/** Depth of each node (longest dependency chain below it). Throws on unknown ids and cycles. */
export function depths(deps: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const own = deps.get(id);
    if (!own) throw new Error(`unknown node ${id}`);
    if (visiting.has(id)) throw new Error(`dependency cycle at ${id}`);
    visiting.add(id);
    const d = own.length ? Math.max(...own.map(visit)) + 1 : 0;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const id of deps.keys()) visit(id);
  return depth;
}

/**
 * Runs every node once its dependencies are done. Resolves when all nodes have ended, with their
 * outcomes in the order they ended; never rejects for a node's failure.
 */
export async function walk(nodes: readonly GraphNode[], hooks: WalkHooks = {}): Promise<Map<string, Outcome>> {
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (byId.has(n.id)) throw new Error(`duplicate node ${n.id}`);
    byId.set(n.id, n);
  }
  depths(new Map(nodes.map((n) => [n.id, n.deps]))); // validates before anything runs
  const ended = new Map<string, Outcome>();
  const started = new Map<string, Promise<Outcome>>();
  const get = (id: string): Promise<unknown> =>
    start(id).then((o) => {
      if (o.status === 'done') return o.value;
      throw o.status === 'failed' ? o.error : new SkippedError(id, o.because);
    });
  const start = (id: string): Promise<Outcome> => {
    let p = started.get(id);
    if (!p) {
      const node = byId.get(id);
      if (!node) return Promise.reject(new Error(`unknown node ${id}`));
      started.set(id, (p = runNode(node)));
    }
    return p;
  };
  const runNode = async (node: GraphNode): Promise<Outcome> => {
    const upstream = await Promise.all(node.deps.map(start));
    const because = upstreamFailures(node.deps, upstream, ended);
    let outcome: Outcome;
    if (because.length) outcome = { status: 'skipped', because };
    else {
      hooks.onStart?.(node.id);
      try {
        const value = await (node.pool ? node.pool.run(() => node.run(get)) : node.run(get));
        outcome = { status: 'done', value };
      } catch (error) {
        outcome = { status: 'failed', error };
      }
    }
    ended.set(node.id, outcome);
    hooks.onEnd?.(node.id, outcome);
    return outcome;
  };
  await Promise.all(nodes.map((n) => start(n.id)));
  return ended;
}

/** The failed nodes behind a node's dependencies, each once, in the order they ended. */
function upstreamFailures(deps: readonly string[], outcomes: Outcome[], ended: Map<string, Outcome>): string[] {
  const roots = new Set<string>();
  outcomes.forEach((o, i) => {
    if (o.status === 'failed') roots.add(deps[i]);
    else if (o.status === 'skipped') o.because.forEach((b) => roots.add(b));
  });
  return [...ended.keys()].filter((id) => roots.has(id));
}
