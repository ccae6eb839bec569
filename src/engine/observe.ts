// Observation with maximal parallelism, through the graph runner: every kind starts at once and
// waits (get) only for the observations it needs. Reads whose path is known by construction go out at once, even under a
// parent not yet seen (a 404 there costs a request but no round trip).
import type { ReadClients } from '../clients/index.js';
import { walk, type GraphNode } from './graph.js';
import type { Desired, KindRef, Logger, ResourceKind } from './types.js';

/** Reads beside the kinds' own (permissions, ids), started at once with access to their results. */
export type SideReads = (get: <T>(ref: KindRef<T>) => Promise<T>) => Promise<unknown>;

export async function observeAll(
  kinds: ResourceKind<any, any>[],
  desired: Desired,
  clients: ReadClients,
  log: Logger,
  side?: SideReads,
): Promise<Map<string, unknown>> {
  const names = new Set(kinds.map((k) => k.kind));
  const known = (name: string) => (names.has(name) ? undefined : `kind ${name} is not part of this run`);
  // No graph dependencies: every observation starts at once and awaits what it reads through get.
  const nodes: GraphNode[] = kinds.map((k) => {
    const allowed = new Set(k.dependsOn(desired));
    return {
      id: k.kind,
      deps: [],
      run: (get) =>
        k.observe({
          desired,
          clients,
          log,
          get: <T>({ kind: name }: KindRef<T>): Promise<T> =>
            names.has(name) && allowed.has(name)
              ? (get(name) as Promise<T>)
              : Promise.reject(
                  new Error(`kind ${k.kind} read ${name}, which it does not depend on or which is disabled`),
                ),
        }),
    };
  });
  if (side) {
    nodes.push({
      id: SIDE,
      deps: [],
      run: (get) =>
        side(<T>({ kind: name }: KindRef<T>) =>
          known(name) ? Promise.reject(new Error(known(name))) : (get(name) as Promise<T>),
        ),
    });
  }
  const outcomes = await walk(nodes);
  const failed = [...outcomes.values()].find((o) => o.status === 'failed');
  if (failed?.status === 'failed') throw failed.error; // the first failure seen
  return new Map(kinds.map((k) => [k.kind, (outcomes.get(k.kind) as { value: unknown }).value]));
}

/** The side reads' node (never a kind's name). */
const SIDE = '\u0000side';
