// What the ARM SDK clients (arm-msi, arm-compute) share: how they are set up and how their errors
// become AzureError.
import type { TokenCredential } from '@azure/core-auth';
import { RestError, type PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { toAzureError } from './errors.js';
import type { Pacer } from './pacing-policy.js';

export interface ArmSdkOptions {
  endpoint: string;
  scope: string;
  credential: TokenCredential;
  subscriptionId: string;
  readOnly: boolean;
  retryOptions?: PipelineRetryOptions;
  pacer?: Pacer;
}

/** An SDK RestError as the ARM AzureError it stands for; anything else unchanged. */
export function rethrowArm(e: unknown): never {
  if (e instanceof RestError) {
    throw toAzureError('ARM', e.statusCode ?? 0, e.response?.bodyAsText ?? undefined, e.request?.requestId);
  }
  throw e;
}
