// smoke-test: run the runbooks' header and Get-AcceptedDomain in a test job after apply.
export { runSmokeTest, type SmokeTestOptions } from './run.js';
export { interpretOutcome, diagnose, explain, type JobOutcome, type SmokeContext } from './interpret.js';
export { DEFAULT_SMOKE_TIMEOUT_MS } from './poll.js';
export { SMOKE_RUNBOOK_NAME, smokeScript } from './script.js';
