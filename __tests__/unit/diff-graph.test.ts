import { describe, expect, it } from '@jest/globals';
import { diffAppRole, MANAGE_AS_APP_ID, resolveManageAsApp } from '../../src/kinds/app-role.js';
import { diffDirectoryRoles } from '../../src/kinds/directory-roles.js';
import { diffExchangeSp } from '../../src/kinds/exchange-service-principal.js';
import { resolveRole } from '../../src/roles.js';
import { desired } from './engine-fixtures.js';

const EXO_SP = 'e0000000-0000-0000-0000-000000000001';
const PRINCIPAL = 'b0000000-0000-0000-0000-000000000002';
const EXCHANGE_ADMIN = resolveRole('Exchange Administrator')!;
const GLOBAL_READER = resolveRole('Global Reader')!;
const SECURITY_READER = resolveRole('Security Reader')!;
const UNSUPPORTED_ROLE = 'fe930be7-5e62-47db-91af-98c3a49a38b1'; // User Administrator

describe('diffExchangeSp', () => {
  it('creates the Exchange Online service principal when missing', () => {
    expect(diffExchangeSp(desired(), {})).toMatchObject([{ kind: 'exchange-service-principal', action: 'create' }]);
  });
  it('adopts an existing one', () => {
    expect(diffExchangeSp(desired(), { sp: { id: EXO_SP, appId: '00000002-0000-0ff1-ce00-000000000000' } })).toEqual(
      [],
    );
  });
});

describe('resolveManageAsApp', () => {
  it('finds the role by value and accepts the documented id', () => {
    expect(
      resolveManageAsApp([
        { id: 'x', value: 'full_access_as_app' },
        { id: MANAGE_AS_APP_ID, value: 'Exchange.ManageAsApp' },
      ]),
    ).toEqual({
      id: MANAGE_AS_APP_ID,
    });
  });
  it('uses the tenant id with a warning when it differs', () => {
    const r = resolveManageAsApp([{ id: '11111111-1111-1111-1111-111111111111', value: 'Exchange.ManageAsApp' }]);
    expect(r.id).toBe('11111111-1111-1111-1111-111111111111');
    expect(r.warning).toMatch(/documented/);
  });
});

describe('diffAppRole', () => {
  it('grants when missing', () => {
    expect(
      diffAppRole(desired(), { principalId: PRINCIPAL, exchangeSpId: EXO_SP, appRoleId: MANAGE_AS_APP_ID }),
    ).toMatchObject([
      {
        kind: 'app-role-assignment',
        name: 'Exchange.ManageAsApp',
        action: 'create',
        reason: 'not granted to the identity',
      },
    ]);
  });
  it('says why when the identity does not exist yet', () => {
    expect(diffAppRole(desired(), { appRoleId: MANAGE_AS_APP_ID })[0].reason).toMatch(/identity does not exist yet/);
  });
  it('adopts an existing grant', () => {
    expect(
      diffAppRole(desired(), {
        principalId: PRINCIPAL,
        exchangeSpId: EXO_SP,
        appRoleId: MANAGE_AS_APP_ID,
        assignment: { id: 'a', appRoleId: MANAGE_AS_APP_ID, principalId: PRINCIPAL, resourceId: EXO_SP },
      }),
    ).toEqual([]);
  });
});

describe('diffDirectoryRoles', () => {
  const assignment = (roleDefinitionId: string, directoryScopeId = '/') => ({
    id: `ra-${roleDefinitionId}-${directoryScopeId}`,
    principalId: PRINCIPAL,
    roleDefinitionId,
    directoryScopeId,
  });

  it('assigns each wanted role at scope / by template id', () => {
    const d = desired({ roles: [EXCHANGE_ADMIN, GLOBAL_READER] });
    const changes = diffDirectoryRoles(d, { principalId: PRINCIPAL, assignments: [] });
    expect(changes.map((c) => [c.name, c.action])).toEqual([
      ['Exchange Administrator', 'create'],
      ['Global Reader', 'create'],
    ]);
    expect(changes[0].after).toEqual({ roleDefinitionId: EXCHANGE_ADMIN.templateId, directoryScopeId: '/' });
  });

  it('adopts existing assignments (ids compare case-insensitively); one at another scope does not count', () => {
    const d = desired({ roles: [EXCHANGE_ADMIN, GLOBAL_READER] });
    const changes = diffDirectoryRoles(d, {
      principalId: PRINCIPAL,
      assignments: [
        assignment(EXCHANGE_ADMIN.templateId.toUpperCase()),
        assignment(GLOBAL_READER.templateId, '/administrativeUnits/x'),
      ],
    });
    expect(changes.map((c) => c.name)).toEqual(['Global Reader']);
  });

  it('leaves other roles alone unless exclusive-roles', () => {
    const observed = {
      principalId: PRINCIPAL,
      assignments: [
        assignment(EXCHANGE_ADMIN.templateId),
        assignment(SECURITY_READER.templateId),
        assignment(UNSUPPORTED_ROLE),
      ],
    };
    expect(diffDirectoryRoles(desired(), observed)).toEqual([]);
    const changes = diffDirectoryRoles(desired({ exclusiveRoles: true }), observed);
    // only supported roles are removed; User Administrator is never touched
    expect(changes.map((c) => [c.name, c.action])).toEqual([['Security Reader', 'delete']]);
    expect((changes[0].data as { assignmentId: string }).assignmentId).toBe(`ra-${SECURITY_READER.templateId}-/`);
  });
});
