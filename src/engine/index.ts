// What the run's reconcile phase (src/run/reconcile-phase.ts) uses of the engine. Importing this loads the Azure clients, so main takes
// planJson from the pure plan.ts instead: the clients stay off the start-up path.
export { reconcile, type ReconcileOptions, type ReconcileResult } from './reconcile.js';
export { planOf, publicChange } from './plan.js';
export { applyProgressOf, type ApplyProgress } from './apply.js';
export type {
  Desired,
  EngineChange,
  EngineOptions,
  Logger,
  ResourceKind,
  ObserveContext,
  ApplyContext,
} from './types.js';
