export { reconcile, type ReconcileOptions, type ReconcileResult } from './reconcile.js';
export { planJson, buildPlan, publicChange } from './plan.js';
export { applyProgressOf, type ApplyProgress } from './apply.js';
export { KINDS } from './registry.js';
export type {
  Desired,
  EngineChange,
  EngineOptions,
  Facts,
  Logger,
  ResourceKind,
  ObserveContext,
  ApplyContext,
} from './types.js';
