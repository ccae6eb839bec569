// Directory operations that ARM triggers (a managed identity's service principal appears when
// an identity is created or enabled, and goes when it is deleted or disabled). Graph routes
// live in simulator/graph; this is the shared core both sides use.
import { randomUUID } from 'node:crypto';
import type { Sim, ServicePrincipal } from '../types.js';

export interface ManagedIdentityPrincipal {
  principalId: string;
  clientId: string;
}

/**
 * Creates the service principal of a managed identity. It is invisible to Graph until the
 * configured replication delay has passed, as in Entra.
 * `resourceId` is the ARM id of the identity (user-assigned) or of the resource (system-assigned).
 */
export function createManagedIdentityPrincipal(
  sim: Sim,
  displayName: string,
  resourceId: string,
): ManagedIdentityPrincipal {
  const principalId = randomUUID();
  const clientId = randomUUID();
  const sp: ServicePrincipal = {
    id: principalId,
    appId: clientId,
    displayName,
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: [
      `isExplicit=${resourceId.toLowerCase().includes('/microsoft.managedidentity/') ? 'True' : 'False'}`,
      resourceId,
    ],
    appRoles: [],
    accountEnabled: true,
    appOwnerOrganizationId: undefined,
    createdDateTime: new Date(sim.now()).toISOString(),
    servicePrincipalNames: [clientId, `https://identity.azure.net/${randomUUID()}`],
    tags: [],
    visibleAfter: sim.now() + sim.state.config.replicationDelayMs,
  };
  sim.state.graph.servicePrincipals.push(sp);
  return { principalId, clientId };
}

/** Removes a service principal and every assignment that names it (Entra cleans those up too). */
export function deleteServicePrincipal(sim: Sim, principalId: string): void {
  const g = sim.state.graph;
  g.servicePrincipals = g.servicePrincipals.filter((sp) => sp.id !== principalId);
  g.appRoleAssignments = g.appRoleAssignments.filter(
    (a) => a.principalId !== principalId && a.resourceId !== principalId,
  );
  g.roleAssignments = g.roleAssignments.filter((a) => a.principalId !== principalId);
}

export function isVisible(obj: { visibleAfter?: number }, sim: Sim): boolean {
  return obj.visibleAfter === undefined || obj.visibleAfter <= sim.now();
}
