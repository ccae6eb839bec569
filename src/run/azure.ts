// The phases after the inputs, loaded lazily by the orchestrator (src/main.ts): a run that stops at
// bad input never loads the runbook checks nor the Azure clients.
export { offlineChecks } from './offline-checks.js';
export { signIn } from './sign-in.js';
export { reconcilePhase } from './reconcile-phase.js';
export { smokePhase } from './smoke-phase.js';
