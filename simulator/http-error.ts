// Errors a handler throws to answer with a service's own error body.
import { randomUUID } from 'node:crypto';
import type { SimResponse } from './types.js';

export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
  toResponse(): SimResponse {
    return { status: this.status, headers: this.headers, body: this.body };
  }
}

/** ARM-wide (gateway, Resources, ManagedIdentity, Compute) error: {error:{code,message}}. */
export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return new SimHttpError(status, { error: { code, message } }, headers);
}

/** Automation RP-level error: flat {code, message} (common/v1 ErrorResponse). */
export function automationError(status: number, code: string, message: string) {
  return new SimHttpError(status, { code, message });
}

/** Microsoft Graph error envelope (graph/errors.json). */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const requestId = randomUUID();
  return new SimHttpError(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
    { 'request-id': requestId, ...headers },
  );
}
