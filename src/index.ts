// The action's entry point (dist/index.js after ncc).
import { run } from './main.js';

await run();
