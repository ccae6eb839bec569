// Plan mode cannot write: this policy refuses every write before it leaves the process.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const READ_ONLY_POLICY_NAME = 'exoReadOnlyPolicy';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Token endpoints are the only place a plan may POST to (CONTRACT.md section 4). */
export function isTokenEndpoint(url: string): boolean {
  return /\/oauth2(\/v2\.0)?\/token(\?|$)/i.test(url);
}

export class WriteRefusedError extends Error {
  constructor(method: string, url: string) {
    super(`Refused ${method} ${new URL(url).pathname}: this client is read-only (plan mode, or an observe step).`);
    this.name = 'WriteRefusedError';
  }
}

export function assertReadOnly(method: string, url: string): void {
  if (!READ_METHODS.has(method.toUpperCase()) && !isTokenEndpoint(url)) throw new WriteRefusedError(method, url);
}

export function readOnlyPolicy(): PipelinePolicy {
  return {
    name: READ_ONLY_POLICY_NAME,
    sendRequest(request, next) {
      assertReadOnly(request.method, request.url);
      return next(request);
    },
  };
}
