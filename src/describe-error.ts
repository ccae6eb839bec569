// One message for any failure: our own errors carry the service's text and a hint already;
// anything else is shown by its message, with the stack only when step debugging is on.
import * as core from '@actions/core';

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    if (core.isDebug() && e.stack) core.debug(e.stack);
    return e.message;
  }
  return String(e);
}
