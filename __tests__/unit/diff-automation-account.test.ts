import { describe, expect, it } from '@jest/globals';
import type { AutomationAccount } from '../../src/clients/automation.js';
import { combinedIdentity, diffAccount, identitySatisfied } from '../../src/kinds/automation-account.js';
import { desired, userAssigned } from './engine-fixtures.js';

const OTHER_UAI =
  '/subscriptions/x/resourceGroups/other/providers/Microsoft.ManagedIdentity/userAssignedIdentities/someone-elses';

function account(identity?: AutomationAccount['identity']): AutomationAccount {
  return {
    id: '/subscriptions/x/resourceGroups/rg-exo/providers/Microsoft.Automation/automationAccounts/aa-exo',
    name: 'aa-exo',
    location: 'westeurope',
    identity,
  };
}

describe('diffAccount', () => {
  it('creates a missing account with a system-assigned identity', () => {
    const [c] = diffAccount(desired(), {});
    expect(c).toMatchObject({ kind: 'automation-account', name: 'aa-exo', action: 'create' });
    expect(c.after).toEqual({ location: 'westeurope', identity: { type: 'SystemAssigned' } });
  });

  it('creates a missing account with the user-assigned identity attached', () => {
    const d = userAssigned();
    const [c] = diffAccount(d, {});
    expect(c.after).toEqual({
      location: 'westeurope',
      identity: {
        type: 'UserAssigned',
        userAssignedIdentities: { [(d.identity as { resourceId: string }).resourceId]: {} },
      },
    });
  });

  it('is converged when the system identity is on', () => {
    expect(diffAccount(desired(), { account: account({ type: 'SystemAssigned', principalId: 'p' }) })).toEqual([]);
  });

  it('enables a disabled system identity', () => {
    const [c] = diffAccount(desired(), { account: account({ type: 'None' }) });
    expect(c).toMatchObject({ action: 'update' });
    expect(c.reason).toMatch(/disabled/);
    expect(c.after).toEqual({ identity: { type: 'SystemAssigned' } });
  });

  it('keeps user-assigned identities it does not manage when enabling the system identity', () => {
    const [c] = diffAccount(desired(), {
      account: account({
        type: 'UserAssigned',
        userAssignedIdentities: { [OTHER_UAI]: { principalId: 'x', clientId: 'y' } },
      }),
    });
    expect(c.after).toEqual({
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [OTHER_UAI]: {} } },
    });
  });

  it('attaches the user-assigned identity and keeps the system one and other user-assigned ones', () => {
    const d = userAssigned();
    const id = (d.identity as { resourceId: string }).resourceId;
    const [c] = diffAccount(d, {
      account: account({
        type: 'SystemAssigned, UserAssigned',
        principalId: 'p',
        userAssignedIdentities: { [OTHER_UAI]: {} },
      }),
    });
    expect(c.after).toEqual({
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [OTHER_UAI]: {}, [id]: {} } },
    });
  });

  it('compares user-assigned identity ids case-insensitively', () => {
    const d = userAssigned();
    const id = (d.identity as { resourceId: string }).resourceId.toLowerCase();
    expect(identitySatisfied(d, { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } })).toBe(true);
    expect(
      diffAccount(d, { account: account({ type: 'UserAssigned', userAssignedIdentities: { [id]: {} } }) }),
    ).toEqual([]);
  });

  it('never sends a bare SystemAssigned when user-assigned identities exist', () => {
    const body = combinedIdentity(desired(), { type: 'UserAssigned', userAssignedIdentities: { [OTHER_UAI]: {} } });
    expect(body.type).toBe('SystemAssigned, UserAssigned');
  });

  it('refuses a missing account without create-missing, and names location when needed', () => {
    expect(() => diffAccount(desired({ createMissing: false }), {})).toThrow(/create-missing/);
    expect(() => diffAccount(desired({ location: undefined }), {})).toThrow(/`location`/);
  });
});
