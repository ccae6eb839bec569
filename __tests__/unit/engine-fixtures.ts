// Inputs and desired states for the engine's unit tests. Not a test file.
import { endpointsFor } from '../../src/cloud.js';
import { buildDesired } from '../../src/engine/desired.js';
import type { Desired } from '../../src/engine/types.js';
import { resolveRole } from '../../src/roles.js';
import type { Inputs } from '../../src/types.js';

export const SUB = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';

export function inputs(overrides: Partial<Inputs> = {}): Inputs {
  return {
    tenantId: 'c6b6a8a3-2d64-4a5f-9d8e-7f1e2a3b4c5d',
    clientId: '8a1f7c2e-4b3d-4e5f-9a6b-7c8d9e0f1a2b',
    subscriptionId: SUB,
    audience: 'api://AzureADTokenExchange',
    cloud: 'AzureCloud',
    endpoints: endpointsFor('AzureCloud'),
    organization: 'contoso.onmicrosoft.com',
    resourceType: 'automation-account',
    resourceGroup: 'rg-exo',
    location: 'westeurope',
    automationAccount: 'aa-exo',
    identityType: 'system-assigned',
    identityResourceGroup: 'rg-exo',
    createMissing: true,
    roles: [resolveRole('Exchange Administrator')!],
    exclusiveRoles: false,
    allowGlobalAdmin: false,
    runtimeVersions: ['7.4'],
    moduleVersion: '3.9.2',
    runbooks: [],
    runbookRuntime: '7.4',
    publishRunbooks: true,
    pruneRunbooks: false,
    headerCheck: 'error',
    mode: 'apply',
    failOnDrift: false,
    smokeTest: false,
    githubToken: '',
    commentOnPr: true,
    ...overrides,
  };
}

export function desired(overrides: Partial<Inputs> = {}): Desired {
  return buildDesired(inputs(overrides), undefined);
}

export function userAssigned(overrides: Partial<Inputs> = {}): Desired {
  return desired({
    identityType: 'user-assigned',
    identityName: 'id-exo',
    identityResourceGroup: 'rg-id',
    ...overrides,
  });
}
