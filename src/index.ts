// The action's entry point (dist/index.js after ncc).
import { describeError } from './describe-error.js';
import { log } from './log/index.js';
import { run } from './main.js';

// Anything run() did not catch still reaches the log through the sanitizer, never as Node's raw
// "uncaught" dump (whose message could carry a path or a service text).
await run().catch((e: unknown) => log.fail(describeError(e)));
