// The permissions of the identity's holder (the account or the VM), shared by both kinds.
import type { ArmNeed, Desired, NeedScopes } from '../engine/types.js';

/** The resource group of the user-assigned identity (the holder's when system-assigned). */
export function identityGroup(desired: Desired): string {
  return desired.identity.type === 'user-assigned' ? desired.identity.resourceGroup : desired.resourceGroup;
}

/** Writing the holder; attaching a user-assigned identity also needs its assign action. */
export function holderNeeds(at: NeedScopes, writeAction: string): ArmNeed[] {
  const needs = [{ scope: at.scopeOf(at.desired.resourceGroup), action: writeAction }];
  if (at.desired.identity.type === 'user-assigned') {
    needs.push({
      scope: at.scopeOf(identityGroup(at.desired)),
      action: 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
    });
  }
  return needs;
}
