// graph-permissions, pure: the offline checks of the list, resolution against the Graph service
// principal's appRoles (the simulator's, which carry Graph's real ids), and the exclusive diff.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isPrivilegedPermission,
  KNOWN_GRAPH_PERMISSIONS,
  PRIVILEGED_GRAPH_PERMISSIONS,
} from '../../src/graph-permissions/catalog.js';
import {
  applicationRoles,
  closest,
  diffGraphAssignments,
  editDistance,
  parseGraphPermissionList,
  resolveGraphPermissions,
} from '../../src/graph-permissions/resolve.js';
import { graphAppRoles } from '../../simulator/graph/app-roles.js';

const FACTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'azure-specs',
  'graph',
  'microsoft-graph-app-roles.facts.json',
);
const MAIL_SEND = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const GROUP_READ_ALL = '5b567255-7703-4780-807c-7be8301ae99b';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const GRAPH_SP = '11111111-2222-4333-8444-555555555555';
const EXCHANGE_SP = '99999999-2222-4333-8444-555555555555';

function parse(value: string): { entries: string[]; problems: string[] } {
  const problems: string[] = [];
  const entries = parseGraphPermissionList(value, (t) => problems.push(t));
  return { entries, problems };
}

describe('the offline catalog', () => {
  it('has the ids and privileged list of the facts file (when ../shared is present)', () => {
    if (!existsSync(FACTS)) return;
    const facts = JSON.parse(readFileSync(FACTS, 'utf8')) as {
      appRoles: { value: string; id: string }[];
      highPrivilege: { permissions: { value: string; id: string }[] };
    };
    const all = [...facts.appRoles, ...facts.highPrivilege.permissions].map((p) => ({ value: p.value, id: p.id }));
    expect(KNOWN_GRAPH_PERMISSIONS.map((p) => ({ value: p.value, id: p.id }))).toEqual(all);
    expect(PRIVILEGED_GRAPH_PERMISSIONS).toEqual(facts.highPrivilege.permissions.map((p) => p.value));
  });

  it('agrees with the simulated Graph service principal', () => {
    const sim = new Map(graphAppRoles().map((r) => [r.value, r.id]));
    for (const p of KNOWN_GRAPH_PERMISSIONS) {
      expect({ value: p.value, id: sim.get(p.value) }).toEqual({ value: p.value, id: p.id });
    }
  });

  it('knows the privileged ones by value (any case) and by id', () => {
    expect(isPrivilegedPermission('RoleManagement.ReadWrite.Directory')).toBe(true);
    expect(isPrivilegedPermission('directory.readwrite.all')).toBe(true);
    expect(isPrivilegedPermission('06B708A9-E830-4DB3-A914-8E69DA51D44F')).toBe(true);
    expect(isPrivilegedPermission('Mail.Send')).toBe(false);
    expect(isPrivilegedPermission('Some.Future.Permission')).toBe(false);
  });
});

describe('parseGraphPermissionList (offline)', () => {
  it('splits commas and newlines, canonicalises known values, lower-cases ids, drops duplicates', () => {
    expect(parse('Mail.Send, Group.Read.All\nmail.send\n\n' + GROUP_READ_ALL.toUpperCase())).toEqual({
      entries: ['Mail.Send', 'Group.Read.All', GROUP_READ_ALL],
      problems: [],
    });
  });

  it('keeps a well-formed value it does not know for resolution at plan time', () => {
    expect(parse('Files.Read.All, User-Mail.ReadWrite.All')).toEqual({
      entries: ['Files.Read.All', 'User-Mail.ReadWrite.All'],
      problems: [],
    });
  });

  it('refuses a typo one edit from a known value, naming the closest ones', () => {
    const { problems } = parse('Mail.Sendd');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^"Mail\.Sendd" is not a Microsoft Graph application permission; did you mean Mail\.Send\?/,
    );
    expect(problems[0]).toContain('closest: Mail.Send, ');
    expect(parse('Mial.Send').problems[0]).toContain('did you mean Mail.Send?'); // a transposition is one edit
  });

  it.each(['Send mail as any user', 'Mail.Send (Application)', 'Mail', '.Send', 'Mail..Send'])(
    'refuses %j as not a permission value',
    (v) => {
      const { problems } = parse(v);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('is not a permission value; expected a Microsoft Graph application permission');
    },
  );

  it('takes an empty list as empty', () => {
    expect(parse('')).toEqual({ entries: [], problems: [] });
    expect(parse(' , \n')).toEqual({ entries: [], problems: [] });
  });
});

describe('editDistance and closest', () => {
  it('counts insertions, deletions, substitutions and transpositions, ignoring case', () => {
    expect(editDistance('Mail.Send', 'mail.send')).toBe(0);
    expect(editDistance('Mail.Sendd', 'Mail.Send')).toBe(1);
    expect(editDistance('Mail.Snd', 'Mail.Send')).toBe(1);
    expect(editDistance('Mial.Send', 'Mail.Send')).toBe(1);
    expect(editDistance('Mail.Read', 'Mail.Send')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('orders by distance, then by name', () => {
    expect(closest('Mail.Sendd', ['Mail.ReadWrite', 'Mail.Read', 'Mail.Send', 'User.Read.All'])).toEqual([
      'Mail.Send',
      'Mail.Read',
      'Mail.ReadWrite',
    ]);
  });
});

describe('resolveGraphPermissions (at plan time, against the service principal)', () => {
  const roles = graphAppRoles();

  it('resolves by value, any case and id to the role ids of the service principal', () => {
    expect(resolveGraphPermissions(['Mail.Send', 'group.read.all', USER_READ_ALL.toUpperCase()], roles)).toEqual({
      resolved: [
        { value: 'Mail.Send', id: MAIL_SEND },
        { value: 'Group.Read.All', id: GROUP_READ_ALL },
        { value: 'User.Read.All', id: USER_READ_ALL },
      ],
      problems: [],
    });
  });

  it('names an unknown value and the closest real ones', () => {
    const { resolved, problems } = resolveGraphPermissions(['Mail.Sendd', 'Mail.Send'], roles);
    expect(resolved).toEqual([{ value: 'Mail.Send', id: MAIL_SEND }]);
    expect(problems).toEqual([
      'graph-permissions: "Mail.Sendd" is not the value of an application permission of the Microsoft Graph ' +
        'service principal in this tenant; closest: Mail.Send, Mail.Read, Mail.ReadWrite',
    ]);
  });

  it('names an unknown id', () => {
    const { problems } = resolveGraphPermissions(['dc50a0fb-09a3-484d-be87-e023b12c6440'], roles);
    expect(problems).toEqual([
      'graph-permissions: "dc50a0fb-09a3-484d-be87-e023b12c6440" is not the app role id of an application ' +
        'permission of the Microsoft Graph service principal in this tenant',
    ]);
  });

  it('ignores roles for users only and disabled roles', () => {
    const only = [
      { id: MAIL_SEND, value: 'Mail.Send', allowedMemberTypes: ['User'] },
      { id: GROUP_READ_ALL, value: 'Group.Read.All', allowedMemberTypes: ['Application'], isEnabled: false },
      { id: USER_READ_ALL, value: 'User.Read.All', allowedMemberTypes: ['User', 'Application'] },
    ];
    expect(applicationRoles(only)).toEqual([{ value: 'User.Read.All', id: USER_READ_ALL }]);
    expect(resolveGraphPermissions(['Mail.Send'], only).problems[0]).toContain('closest: User.Read.All');
  });
});

describe('diffGraphAssignments', () => {
  const desired = [
    { value: 'Mail.Send', id: MAIL_SEND },
    { value: 'Group.Read.All', id: GROUP_READ_ALL },
  ];
  const held = [
    { id: 'a1', appRoleId: MAIL_SEND.toUpperCase(), resourceId: GRAPH_SP },
    { id: 'a2', appRoleId: USER_READ_ALL, resourceId: GRAPH_SP.toUpperCase() },
    { id: 'a3', appRoleId: 'dc50a0fb-09a3-484d-be87-e023b12c6440', resourceId: EXCHANGE_SP },
    { id: 'a4', appRoleId: GROUP_READ_ALL, resourceId: EXCHANGE_SP }, // same id on another resource: not it
  ];

  it('grants what the Graph service principal does not hold, adopting what it does', () => {
    expect(diffGraphAssignments(desired, held, GRAPH_SP, false)).toEqual({
      grant: [{ value: 'Group.Read.All', id: GROUP_READ_ALL }],
      revoke: [],
    });
    expect(diffGraphAssignments(desired, [], GRAPH_SP, false).grant).toEqual(desired);
  });

  it('exclusive: revokes only the other assignments on the Graph service principal', () => {
    expect(diffGraphAssignments(desired, held, GRAPH_SP, true).revoke).toEqual([held[1]]);
    expect(diffGraphAssignments([], held, GRAPH_SP, true).revoke).toEqual([held[0], held[1]]);
  });
});

describe('closest among resources', () => {
  it('prefers values on the same resource, then any by distance', () => {
    expect(closest('Sites.Read.All', ['User.Read.All', 'Sites.Selected', 'Group.Read.All'])).toEqual([
      'Sites.Selected',
      'User.Read.All',
      'Group.Read.All',
    ]);
  });

  it('offline, a typo of another resource is still caught (Users.Read.All)', () => {
    expect(parse('Users.Read.All').problems[0]).toContain('did you mean User.Read.All?');
  });
});
