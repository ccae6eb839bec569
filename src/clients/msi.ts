// User-assigned identities through @azure/arm-msi (2024-11-30), pointed at our endpoint and scope.
import { ManagedServiceIdentityClient, type Identity } from '@azure/arm-msi';
import { RestError } from '@azure/core-rest-pipeline';
import { rethrowArm, type ArmSdkOptions } from './arm-sdk.js';
import { readOnlyPolicy } from './readonly-policy.js';
import { pacingPolicy } from './pacing-policy.js';
import { timeoutPolicy } from './timeout-policy.js';

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

export class MsiClient implements MsiWriter {
  private readonly client: ManagedServiceIdentityClient;
  constructor(opts: ArmSdkOptions) {
    const endpoint = opts.endpoint.replace(/\/+$/, '');
    this.client = new ManagedServiceIdentityClient(opts.credential, opts.subscriptionId, {
      endpoint,
      $host: endpoint,
      credentialScopes: [opts.scope],
      retryOptions: opts.retryOptions,
      additionalPolicies: [
        ...(opts.readOnly ? [{ policy: readOnlyPolicy(), position: 'perCall' as const }] : []),
        ...(opts.pacer ? [{ policy: pacingPolicy(opts.pacer), position: 'perRetry' as const }] : []),
        { policy: timeoutPolicy(), position: 'perRetry' as const },
      ],
    });
  }

  async getUserAssigned(resourceGroup: string, name: string): Promise<UserAssignedIdentity | undefined> {
    try {
      return toIdentity(await this.client.userAssignedIdentities.get(resourceGroup, name));
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return undefined;
      return rethrowArm(e);
    }
  }

  async createUserAssigned(resourceGroup: string, name: string, location: string): Promise<UserAssignedIdentity> {
    try {
      return toIdentity(await this.client.userAssignedIdentities.createOrUpdate(resourceGroup, name, { location }));
    } catch (e) {
      return rethrowArm(e);
    }
  }
}
