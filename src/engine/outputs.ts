// The kinds' declared outputs for one run: each starts as its kind derives it from the observation
// and takes in what that kind's applied changes returned. Nothing else writes them, so a dependant
// sees exactly what the kind it names produced (no shared bag of facts).
import type { Desired, OutputRef, ResourceKind } from './types.js';

export class Outputs {
  private readonly byKind = new Map<string, Record<string, unknown>>();

  constructor(kinds: readonly ResourceKind<any, any, any>[], observed: Map<string, unknown>, desired: Desired) {
    for (const k of kinds) {
      if (k.outputs) this.byKind.set(k.kind, { ...k.outputs(observed.get(k.kind), desired) });
    }
  }

  get<T>(ref: OutputRef<T>): T | undefined {
    return this.byKind.get(ref.kind) as T | undefined;
  }

  /** What an applied change of `kind` produced; keys it returns (even as undefined) replace the old. */
  merge(kind: string, produced: object | void): void {
    if (!produced) return;
    this.byKind.set(kind, { ...this.byKind.get(kind), ...produced });
  }
}
