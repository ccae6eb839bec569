// Observation with maximal parallelism: every kind starts at once and waits only for the
// observations it depends on; kinds under a missing parent answer "absent" without a request.
import type { ReadClients } from '../clients/index.js';
import type { Desired, Logger, ResourceKind } from './types.js';

export async function observeAll(
  kinds: ResourceKind<any>[],
  desired: Desired,
  clients: ReadClients,
  log: Logger,
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
  const entries = await Promise.all(kinds.map(async (k) => [k.kind, await deferred.get(k.kind)!.promise] as const));
  return new Map(entries);
}
