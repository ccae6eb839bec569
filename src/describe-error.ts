// One message for any failure: our own errors carry the service's text and a hint already;
// anything else is shown by its message, with the stack only when step debugging is on.
import { log } from './log/index.js';

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    if (log.isDebug() && e.stack) log.debug(e.stack);
    return e.message;
  }
  return String(e);
}
