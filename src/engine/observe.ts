// Observation with maximal parallelism: every kind starts at once and waits only for the
// observations it needs. Reads whose path is known by construction go out at once, even under a
// parent not yet seen (a 404 there costs a request but no round trip).
import type { ReadClients } from '../clients/index.js';
import type { Desired, Logger, ResourceKind } from './types.js';

/** Reads beside the kinds' own (permissions, ids), started at once with access to their results. */
export type SideReads = (get: <T>(kind: string) => Promise<T>) => Promise<unknown>;

export async function observeAll(
  kinds: ResourceKind<any>[],
  desired: Desired,
  clients: ReadClients,
  log: Logger,
  side?: SideReads,
): Promise<Map<string, unknown>> {
  const deferred = new Map<
    string,
    { promise: Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  for (const k of kinds) {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // observed through Promise.all below
    deferred.set(k.kind, { promise, resolve, reject });
  }
  for (const k of kinds) {
    const allowed = new Set(k.dependsOn(desired));
    const ctx = {
      desired,
      clients,
      log,
      get: <T>(name: string): Promise<T> => {
        const d = deferred.get(name);
        if (!d || !allowed.has(name)) {
          return Promise.reject(
            new Error(`kind ${k.kind} read ${name}, which it does not depend on or which is disabled`),
          );
        }
        return d.promise as Promise<T>;
      },
    };
    const own = deferred.get(k.kind)!;
    k.observe(ctx).then(own.resolve, own.reject);
  }
  const sideDone = side
    ? side(<T>(name: string) => {
        const d = deferred.get(name);
        return d ? (d.promise as Promise<T>) : Promise.reject(new Error(`kind ${name} is not part of this run`));
      })
    : Promise.resolve();
  const [entries] = await Promise.all([
    Promise.all(kinds.map(async (k) => [k.kind, await deferred.get(k.kind)!.promise] as const)),
    sideDone,
  ]);
  return new Map(entries);
}
