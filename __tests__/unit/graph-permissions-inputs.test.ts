// The graph-permissions inputs through readInputs: what is refused before any request (syntax,
// typos of known values, privileged permissions without the opt-in) and what is only warned.
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { readInputs } from '../../src/inputs.js';

const BASE: Record<string, string> = {
  'tenant-id': '72f988bf-0000-4000-8000-000000000001',
  'client-id': '11111111-2222-4333-8444-555555555555',
  'subscription-id': 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  organization: 'contoso.onmicrosoft.com',
  'resource-group': 'rg-exo',
  'automation-account': 'aa-exo-prod',
};

function read(overrides: Record<string, string>) {
  const warnings: string[] = [];
  const all = { ...BASE, ...overrides };
  const inputs = readInputs(
    (n) => all[n] ?? '',
    (w) => warnings.push(w),
  );
  return { inputs, warnings };
}

function problemsOf(overrides: Record<string, string>): string[] {
  try {
    read(overrides);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('graph-permissions inputs', () => {
  it('default to none, not exclusive, no privileged ones', () => {
    const { inputs, warnings } = read({});
    expect(inputs).toMatchObject({
      graphPermissions: [],
      exclusiveGraphPermissions: false,
      allowPrivilegedPermissions: false,
    });
    expect(warnings).toEqual([]);
  });

  it('read a comma or newline list and the exclusive flag', () => {
    const { inputs } = read({
      'graph-permissions': 'Mail.Send, Group.Read.All\nFiles.Read.All',
      'exclusive-graph-permissions': 'true',
    });
    expect(inputs.graphPermissions).toEqual(['Mail.Send', 'Group.Read.All', 'Files.Read.All']);
    expect(inputs.exclusiveGraphPermissions).toBe(true);
  });

  it('refuse a privileged permission without allow-privileged-permissions, by value or id', () => {
    const [byValue] = problemsOf({ 'graph-permissions': 'Mail.Send, RoleManagement.ReadWrite.Directory' });
    expect(byValue).toMatch(
      /^graph-permissions: RoleManagement\.ReadWrite\.Directory: privileged .* refused unless allow-privileged-permissions is true; privileged: RoleManagement\.ReadWrite\.Directory, AppRoleAssignment\.ReadWrite\.All, Application\.ReadWrite\.All, Directory\.ReadWrite\.All, RoleManagement\.ReadWrite\.Exchange$/,
    );
    const [byId] = problemsOf({ 'graph-permissions': '19DBC75E-C2E2-444C-A770-EC69D8559FC7' });
    expect(byId).toMatch(
      /^graph-permissions: Directory\.ReadWrite\.All \(19dbc75e-c2e2-444c-a770-ec69d8559fc7\): privileged/,
    );
  });

  it('grant a privileged permission with the opt-in, with a warning for the summary', () => {
    const { inputs, warnings } = read({
      'graph-permissions': 'AppRoleAssignment.ReadWrite.All',
      'allow-privileged-permissions': 'true',
    });
    expect(inputs.graphPermissions).toEqual(['AppRoleAssignment.ReadWrite.All']);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^graph-permissions: AppRoleAssignment\.ReadWrite\.All: privileged Microsoft Graph permission granted/,
      ),
    ]);
  });

  it('warn that allow-privileged-permissions has no effect without a privileged permission', () => {
    expect(read({ 'graph-permissions': 'Mail.Send', 'allow-privileged-permissions': 'true' }).warnings).toEqual([
      expect.stringMatching(/^allow-privileged-permissions: no effect/),
    ]);
  });

  it('warn that exclusive-graph-permissions with an empty list removes every Graph permission', () => {
    expect(read({ 'exclusive-graph-permissions': 'true' }).warnings).toEqual([
      'exclusive-graph-permissions: graph-permissions is empty, so the plan removes every Microsoft Graph ' +
        'application permission of the identity',
    ]);
    expect(read({ 'exclusive-graph-permissions': 'true', 'graph-permissions': 'Mail.Send' }).warnings).toEqual([]);
  });

  it('refuse a typo of a known value with the closest real ones, and a non-value, together', () => {
    expect(problemsOf({ 'graph-permissions': 'Mail.Sendd, Send mail', 'exclusive-graph-permissions': 'yes' })).toEqual([
      expect.stringMatching(
        /^graph-permissions: "Mail\.Sendd" is not a Microsoft Graph application permission; did you mean Mail\.Send\? \(closest: Mail\.Send, /,
      ),
      expect.stringMatching(
        /^graph-permissions: "Send mail" is not a permission value; expected a Microsoft Graph application permission by value \(e\.g\. Mail\.Send\) or by app role id/,
      ),
      expect.stringMatching(/^exclusive-graph-permissions: "yes" is not a boolean/),
    ]);
  });
});
