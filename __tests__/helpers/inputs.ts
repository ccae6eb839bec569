// Complete action inputs for tests that call the engine or its parts directly: the action's
// defaults, one system-assigned Automation account, overridable field by field. Not a test file.
import { endpointsFor } from '../../src/cloud.js';
import { resolveRole } from '../../src/roles.js';
import type { Inputs } from '../../src/types.js';
import type { Simulator } from '../../simulator/server.js';

export function testInputs(overrides: Partial<Inputs> = {}): Inputs {
  return {
    tenantId: 'c6b6a8a3-2d64-4a5f-9d8e-7f1e2a3b4c5d',
    clientId: '8a1f7c2e-4b3d-4e5f-9a6b-7c8d9e0f1a2b',
    subscriptionId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f',
    audience: 'api://AzureADTokenExchange',
    cloud: 'AzureCloud',
    endpoints: endpointsFor('AzureCloud'),
    organization: 'contoso.onmicrosoft.com',
    exchangeEnvironment: 'O365Default',
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
    graphPermissions: [],
    exclusiveGraphPermissions: false,
    allowPrivilegedPermissions: false,
    runtimeVersions: ['7.4'],
    allowRetiredRuntimes: false,
    moduleVersion: 'latest',
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
    modules: [],
    ...overrides,
  };
}

/** The same inputs, signed in to and pointed at the simulator `sim`. */
export function simInputs(sim: Simulator, overrides: Partial<Inputs> = {}): Inputs {
  return testInputs({
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    subscriptionId: sim.subscriptionId,
    endpoints: endpointsFor('AzureCloud', {
      arm: sim.url,
      graph: sim.url,
      authorityHost: sim.url,
      gallery: `${sim.url}/api/v2`,
    }),
    ...overrides,
  });
}
