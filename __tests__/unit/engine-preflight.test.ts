import { describe, expect, it } from '@jest/globals';
import type { EngineChange } from '../../src/engine/types.js';
import { allows, armNeeds, missingGraphPermissions } from '../../src/engine/preflight.js';
import { SUB, desired, userAssigned } from './engine-fixtures.js';

const change = (kind: string): EngineChange => ({ kind, name: 'x', action: 'create', reason: 'r' });

describe('missingGraphPermissions', () => {
  it('needs read permissions even for an empty plan, named as the hint and README name them', () => {
    expect(missingGraphPermissions([], [], false)).toEqual([
      'Application.Read.All',
      'RoleManagement.ReadWrite.Directory',
    ]);
    expect(missingGraphPermissions(['Application.Read.All', 'RoleManagement.Read.Directory'], [], false)).toEqual([]);
  });
  it('accepts stronger permissions for reads', () => {
    expect(
      missingGraphPermissions(['Application.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'], [], false),
    ).toEqual([]);
  });
  it('lists every write permission the changes need, at once', () => {
    const changes = [
      change('exchange-service-principal'),
      change('app-role-assignment'),
      change('directory-role-assignment'),
    ];
    expect(missingGraphPermissions(['Application.Read.All', 'RoleManagement.Read.Directory'], changes, true)).toEqual([
      'Application.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'RoleManagement.ReadWrite.Directory',
    ]);
  });
  it('compares permission names case-insensitively', () => {
    expect(
      missingGraphPermissions(
        ['application.read.all', 'roleManagement.readWrite.directory', 'approleassignment.readwrite.all'],
        [change('app-role-assignment')],
        true,
      ),
    ).toEqual([]);
  });
});

describe('allows', () => {
  const contributor = [
    { actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] },
  ];
  it('matches wildcards and honours notActions', () => {
    expect(allows(contributor, 'Microsoft.Automation/automationAccounts/write')).toBe(true);
    expect(allows(contributor, 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
  });
  it('reader can read but not write', () => {
    const reader = [{ actions: ['*/read'] }];
    expect(allows(reader, 'Microsoft.Automation/automationAccounts/read')).toBe(true);
    expect(allows(reader, 'Microsoft.Automation/automationAccounts/write')).toBe(false);
  });
  it('a notAction of one entry does not cancel another entry', () => {
    expect(
      allows(
        [{ actions: ['*'], notActions: ['Microsoft.Automation/*'] }, { actions: ['Microsoft.Automation/*'] }],
        'Microsoft.Automation/automationAccounts/write',
      ),
    ).toBe(true);
  });
});

describe('armNeeds', () => {
  it('checks resource group creation at the subscription and the rest at the group once it exists', () => {
    const needs = armNeeds(
      desired(),
      [{ name: 'rg-exo', exists: false }],
      [change('resource-group'), change('automation-account')],
      true,
    );
    expect(needs).toEqual([
      { scope: `/subscriptions/${SUB}`, action: 'Microsoft.Automation/automationAccounts/read' },
      { scope: `/subscriptions/${SUB}`, action: 'Microsoft.Resources/subscriptions/resourceGroups/write' },
      { scope: `/subscriptions/${SUB}`, action: 'Microsoft.Automation/automationAccounts/write' },
    ]);
  });
  it('needs assign/action on the identity group to attach a user-assigned identity', () => {
    const needs = armNeeds(
      userAssigned(),
      [
        { name: 'rg-exo', exists: true },
        { name: 'rg-id', exists: true },
      ],
      [change('automation-account')],
      true,
    );
    expect(needs).toContainEqual({
      scope: `/subscriptions/${SUB}/resourcegroups/rg-id`,
      action: 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
    });
  });
});
