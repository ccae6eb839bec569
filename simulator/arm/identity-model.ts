// Managed identities on a resource (Automation accounts, VMs): the documented merge rules of
// automation-account-identity.facts.json and vm-identity-and-runcommand.facts.json, including
// the trap: a PATCH of type "SystemAssigned" drops every user-assigned identity.
import { armError } from '../http-error.js';
import { createManagedIdentityPrincipal, deleteServicePrincipal } from '../entra/directory.js';
import type { ArmResource, Sim } from '../types.js';
import { getResource } from './common.js';

export const IDENTITY_TYPES = ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned', 'None'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export interface IdentityRequest {
  type?: unknown;
  userAssignedIdentities?: Record<string, unknown> | null;
}

export interface StoredIdentity {
  type: IdentityType;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId: string; clientId: string }>;
}

export interface IdentityPlan {
  type: IdentityType;
  system: boolean;
  /** user-assigned identity ids, in the caller's (or first attach's) casing */
  userAssigned: string[];
}

/** 'systemassigned,userassigned' and friends -> the canonical enum value, or undefined. */
export function normalizeType(t: unknown): IdentityType | undefined {
  if (typeof t !== 'string') return undefined;
  const parts = t
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .sort();
  const k = parts.join(',');
  if (k === 'systemassigned') return 'SystemAssigned';
  if (k === 'userassigned') return 'UserAssigned';
  if (k === 'systemassigned,userassigned') return 'SystemAssigned, UserAssigned';
  if (k === 'none') return 'None';
  return undefined;
}

/**
 * Pure: the identity a resource ends up with. PATCH merges the userAssignedIdentities map into
 * the current one (a `null` value removes an entry); PUT replaces it. The type decides what
 * survives: SystemAssigned and None keep no user-assigned identity at all.
 */
export function planIdentity(
  current: StoredIdentity | undefined,
  req: IdentityRequest,
  mode: 'patch' | 'put',
): IdentityPlan | { error: string } {
  const type = normalizeType(req.type);
  if (!type) {
    return {
      error: `The identity type '${String(req.type)}' is invalid. The supported values are 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned' and 'None'.`,
    };
  }
  const system = type === 'SystemAssigned' || type === 'SystemAssigned, UserAssigned';
  const wantsUser = type === 'UserAssigned' || type === 'SystemAssigned, UserAssigned';
  if (!wantsUser) return { type, system, userAssigned: [] };
  const ids: string[] = mode === 'patch' ? Object.keys(current?.userAssignedIdentities ?? {}) : [];
  for (const [id, value] of Object.entries(req.userAssignedIdentities ?? {})) {
    const at = ids.findIndex((x) => x.toLowerCase() === id.toLowerCase());
    if (value === null) {
      if (at >= 0) ids.splice(at, 1);
    } else if (at < 0) ids.push(id);
  }
  if (ids.length === 0) {
    return {
      error: `The identity type '${type}' requires at least one user assigned identity in 'userAssignedIdentities'.`,
    };
  }
  return { type, system, userAssigned: ids };
}

/**
 * Applies an identity request to `resource` (which must already carry its final id): checks the
 * referenced user-assigned identities exist (400 FailedIdentityOperation, as ARM answers,
 * Azure/azure-policy#1311), creates the system identity's service principal (displayName = the
 * resource's name) or deletes it when disabled.
 */
export function applyIdentity(sim: Sim, resource: ArmResource, req: IdentityRequest, mode: 'patch' | 'put'): void {
  const current = resource.identity as StoredIdentity | undefined;
  const plan = planIdentity(current, req, mode);
  if ('error' in plan) throw armError(400, 'InvalidIdentityType', plan.error);
  const userAssigned: NonNullable<StoredIdentity['userAssignedIdentities']> = {};
  for (const id of plan.userAssigned) {
    const uai = getResource(sim, id);
    if (!uai || uai.type !== 'Microsoft.ManagedIdentity/userAssignedIdentities') {
      const inner = JSON.stringify({ error: { code: 'BadRequest', message: `Resource '${id}' was not found.` } });
      throw armError(
        400,
        'FailedIdentityOperation',
        `Identity operation for resource '${resource.id}' failed with error 'Failed to perform resource identity operation. Status: 'BadRequest'. Response: '${inner}'.'.`,
      );
    }
    userAssigned[id] = { principalId: uai.properties?.principalId, clientId: uai.properties?.clientId };
  }
  let principalId = current?.principalId;
  if (plan.system && !principalId) {
    principalId = createManagedIdentityPrincipal(sim, resource.name, resource.id).principalId;
  } else if (!plan.system && principalId) {
    deleteServicePrincipal(sim, principalId);
    principalId = undefined;
  }
  if (plan.type === 'None') {
    delete resource.identity;
    return;
  }
  const next: StoredIdentity = { type: plan.type };
  if (principalId) {
    next.principalId = principalId;
    next.tenantId = sim.state.tenant.id;
  }
  if (plan.userAssigned.length) next.userAssignedIdentities = userAssigned;
  resource.identity = next as unknown as Record<string, unknown>;
}

/** The client id of a system identity is the appId of its service principal. */
export function systemClientId(sim: Sim, principalId: string | undefined): string | undefined {
  if (!principalId) return undefined;
  return sim.state.graph.servicePrincipals.find((sp) => sp.id === principalId)?.appId;
}

/** Deletes the service principals a resource owns (its system identity, or itself if it is a user-assigned identity). */
export function releaseIdentity(sim: Sim, r: ArmResource): void {
  if (r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities' && r.properties?.principalId) {
    deleteServicePrincipal(sim, r.properties.principalId);
  }
  const pid = (r.identity as StoredIdentity | undefined)?.principalId;
  if (pid) deleteServicePrincipal(sim, pid);
}
