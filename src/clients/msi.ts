// User-assigned identities through @azure/arm-msi (2024-11-30), pointed at our endpoint and scope.
import type { TokenCredential } from '@azure/core-auth';
import { ManagedServiceIdentityClient, type Identity } from '@azure/arm-msi';
import { RestError, type PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { readOnlyPolicy } from './readonly-policy.js';
import { timeoutPolicy } from './timeout-policy.js';
import { toAzureError } from './errors.js';

export interface UserAssignedIdentity {
  id: string;
  name: string;
  location: string;
  principalId: string;
  clientId: string;
  tenantId?: string;
}

export interface MsiReader {
  getUserAssigned(resourceGroup: string, name: string): Promise<UserAssignedIdentity | undefined>;
}

export interface MsiWriter extends MsiReader {
  createUserAssigned(resourceGroup: string, name: string, location: string): Promise<UserAssignedIdentity>;
}

function toIdentity(i: Identity): UserAssignedIdentity {
  return {
    id: i.id ?? '',
    name: i.name ?? '',
    location: i.location,
    principalId: i.principalId ?? '',
    clientId: i.clientId ?? '',
    tenantId: i.tenantId,
  };
}

function rethrow(e: unknown): never {
  if (e instanceof RestError) {
    throw toAzureError('ARM', e.statusCode ?? 0, e.response?.bodyAsText ?? undefined, e.request?.requestId);
  }
  throw e;
}

export class MsiClient implements MsiWriter {
  private readonly client: ManagedServiceIdentityClient;
  constructor(opts: {
    endpoint: string;
    scope: string;
    credential: TokenCredential;
    subscriptionId: string;
    readOnly: boolean;
    retryOptions?: PipelineRetryOptions;
  }) {
    const endpoint = opts.endpoint.replace(/\/+$/, '');
    this.client = new ManagedServiceIdentityClient(opts.credential, opts.subscriptionId, {
      endpoint,
      $host: endpoint,
      credentialScopes: [opts.scope],
      retryOptions: opts.retryOptions,
      additionalPolicies: [
        ...(opts.readOnly ? [{ policy: readOnlyPolicy(), position: 'perCall' as const }] : []),
        { policy: timeoutPolicy(), position: 'perRetry' as const },
      ],
    });
  }

  async getUserAssigned(resourceGroup: string, name: string): Promise<UserAssignedIdentity | undefined> {
    try {
      return toIdentity(await this.client.userAssignedIdentities.get(resourceGroup, name));
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return undefined;
      return rethrow(e);
    }
  }

  async createUserAssigned(resourceGroup: string, name: string, location: string): Promise<UserAssignedIdentity> {
    try {
      return toIdentity(await this.client.userAssignedIdentities.createOrUpdate(resourceGroup, name, { location }));
    } catch (e) {
      return rethrow(e);
    }
  }
}
