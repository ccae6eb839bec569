import { describe, expect, it } from '@jest/globals';
import { diffUserAssignedIdentity } from '../../src/kinds/user-assigned-identity.js';
import { desired, userAssigned } from './engine-fixtures.js';

const existing = {
  id: '/subscriptions/x/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-exo',
  name: 'id-exo',
  location: 'westeurope',
  principalId: 'p-1',
  clientId: 'c-1',
};

describe('diffUserAssignedIdentity', () => {
  it('does nothing for system-assigned identities', () => {
    expect(diffUserAssignedIdentity(desired(), {})).toEqual([]);
  });

  it('creates a missing identity in its resource group', () => {
    const [c] = diffUserAssignedIdentity(userAssigned(), {});
    expect(c).toMatchObject({ kind: 'user-assigned-identity', name: 'id-exo', action: 'create' });
    expect(c.after).toEqual({ resourceGroup: 'rg-id', location: 'westeurope' });
  });

  it('adopts an existing identity', () => {
    expect(diffUserAssignedIdentity(userAssigned(), { identity: existing })).toEqual([]);
  });

  it('is an error when missing and create-missing is false', () => {
    expect(() => diffUserAssignedIdentity(userAssigned({ createMissing: false }), {})).toThrow(/create-missing/);
  });

  it('names location when it must be created without one', () => {
    expect(() => diffUserAssignedIdentity(userAssigned({ location: undefined }), {})).toThrow(/`location`/);
  });
});
