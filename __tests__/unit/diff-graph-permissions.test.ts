// The graph-permissions kind's diff (pure): resolution against the observed Graph SP, every
// problem at once naming the input, grants adopted, exclusive removal on the Graph SP only.
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { diffGraphPermissions, type ObservedGraphPermissions } from '../../src/kinds/graph-permissions.js';
import { graphAppRoles } from '../../simulator/graph/app-roles.js';
import { desired } from './engine-fixtures.js';

const GRAPH_SP = 'aaaaaaaa-1111-4222-8333-444444444444';
const PRINCIPAL = 'bbbbbbbb-1111-4222-8333-444444444444';
const MAIL_SEND = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const DIRECTORY_RW = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';

const observed = (over: Partial<ObservedGraphPermissions> = {}): ObservedGraphPermissions => ({
  principalId: PRINCIPAL,
  graphSp: { id: GRAPH_SP, appRoles: graphAppRoles() },
  assignments: [],
  ...over,
});
const held = (id: string, appRoleId: string, resourceId = GRAPH_SP) => ({
  id,
  appRoleId,
  principalId: PRINCIPAL,
  resourceId,
});

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('diffGraphPermissions', () => {
  it('is nothing when graph-permissions is not set', () => {
    expect(diffGraphPermissions(desired(), observed())).toEqual([]);
  });

  it('grants what is missing to the Graph SP and adopts what is held', () => {
    const d = desired({ graphPermissions: ['Mail.Send', 'User.Read.All'] });
    const changes = diffGraphPermissions(d, observed({ assignments: [held('a1', USER_READ_ALL)] }));
    expect(changes).toEqual([
      {
        kind: 'graph-permissions',
        name: 'Mail.Send',
        action: 'create',
        reason: 'not granted to the identity',
        after: { resource: 'Microsoft Graph', appRoleId: MAIL_SEND },
        data: { appRoleId: MAIL_SEND, graphSpId: GRAPH_SP },
      },
    ]);
  });

  it('exclusive: deletes the other Graph roles by assignment id, named by value', () => {
    const d = desired({ graphPermissions: ['Mail.Send'], exclusiveGraphPermissions: true });
    const other = 'cccccccc-1111-4222-8333-444444444444';
    const changes = diffGraphPermissions(
      d,
      observed({ assignments: [held('a1', MAIL_SEND), held('a2', USER_READ_ALL), held('a3', MAIL_SEND, other)] }),
    );
    expect(changes).toEqual([
      expect.objectContaining({ name: 'User.Read.All', action: 'delete', data: { assignmentId: 'a2' } }),
    ]);
  });

  it('reports every unknown entry at once, naming the input and the closest values', () => {
    const d = desired({ graphPermissions: ['Files.Read.All', 'Mail.Send', 'Sites.Read.All'] });
    const found = problems(() => diffGraphPermissions(d, observed()));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^graph-permissions: "Files\.Read\.All" is not the value .*; closest: /);
    expect(found[1]).toMatch(/^graph-permissions: "Sites\.Read\.All" is not the value .*; closest: Sites\.Selected/);
  });

  it('refuses a privileged role again at plan time without the opt-in, and grants it with it', () => {
    const entries = [DIRECTORY_RW];
    expect(problems(() => diffGraphPermissions(desired({ graphPermissions: entries }), observed()))).toEqual([
      'graph-permissions: Directory.ReadWrite.All is privileged; refused unless allow-privileged-permissions is true',
    ]);
    const allowed = desired({ graphPermissions: entries, allowPrivilegedPermissions: true });
    expect(diffGraphPermissions(allowed, observed()).map((c) => c.name)).toEqual(['Directory.ReadWrite.All']);
  });

  it('names the input when the tenant has no Graph service principal', () => {
    const d = desired({ graphPermissions: ['Mail.Send'] });
    expect(problems(() => diffGraphPermissions(d, observed({ graphSp: undefined })))[0]).toMatch(
      /^graph-permissions: the tenant has no Microsoft Graph service principal/,
    );
  });
});
