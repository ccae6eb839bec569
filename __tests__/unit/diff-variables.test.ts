// The variable kind's pure parts: the desired values as Azure stores them, the diff, and the
// ownership marker with the encrypted values' fingerprint at the end of the description.
import { describe, expect, it } from '@jest/globals';
import type { DesiredState } from '../../src/config/types.js';
import {
  desiredVariables,
  diffVariables,
  sameValue,
  type DesiredVariables,
  type ObservedVariable,
} from '../../src/kinds/variables-diff.js';
import {
  fingerprintMatches,
  fingerprintOf,
  formatDescription,
  parseDescription,
} from '../../src/kinds/variables-marker.js';

const SECRET = 'hunter2-very-secret';
const config: DesiredState = {
  version: 1,
  prune: true,
  schedules: {},
  variables: {
    Domain: { value: 'contoso.onmicrosoft.com', encrypted: false, description: 'the tenant' },
    Days: { value: 90, encrypted: false },
    Strict: { value: true, encrypted: false },
    Key: { 'from-env': 'KEY', encrypted: true },
  },
};
const desired = desiredVariables(config, { KEY: SECRET })!;

function plain(name: string, value: string, description = '(created by exo-automation)'): ObservedVariable {
  return { name, encrypted: false, value, description: parseDescription(description) };
}
const inSync: ObservedVariable[] = [
  plain('Domain', '"contoso.onmicrosoft.com"', 'the tenant (created by exo-automation)'),
  plain('Days', '90'),
  plain('Strict', 'true'),
  { name: 'Key', encrypted: true, description: parseDescription('(created by exo-automation)'), valueMatches: true },
];
const obs = (variables: ObservedVariable[]) => ({ accountExists: true, variables });
const summary = (d: DesiredVariables, v: ObservedVariable[]) =>
  diffVariables(d, obs(v)).map((c) => `${c.action} ${c.name}: ${c.reason}`);

describe('desiredVariables', () => {
  it('encodes values as Azure stores them (JSON) and reads from-env from the environment', () => {
    expect(desired.items.map((v) => [v.name, v.value, v.encrypted])).toEqual([
      ['Domain', '"contoso.onmicrosoft.com"', false],
      ['Days', '90', false],
      ['Strict', 'true', false],
      ['Key', JSON.stringify(SECRET), true],
    ]);
    expect(desired.prune).toBe(true);
  });

  it('is undefined without a desired-state file (the kind is off)', () => {
    expect(desiredVariables(undefined, {})).toBeUndefined();
  });
});

describe('diffVariables', () => {
  it('creates what is missing, marked as created; never puts an encrypted value in the plan', () => {
    const changes = diffVariables(desired, obs([]));
    expect(changes.map((c) => `${c.action} ${c.name}: ${c.reason}`)).toEqual([
      'create Domain: missing',
      'create Days: missing',
      'create Strict: missing',
      'create Key: missing; encrypted',
    ]);
    expect(changes.every((c) => c.data.owned === true && c.data.write === 'put')).toBe(true);
    const printable = JSON.stringify(changes.map(({ data: _d, ...c }) => c));
    expect(printable).not.toContain('hunter2');
  });

  it('is in sync when every value equals the stored form', () => {
    expect(diffVariables(desired, obs(inSync))).toEqual([]);
  });

  it('compares JSON scalars, not spacing; a string "90" is not the number 90', () => {
    expect(sameValue(' "abc" ', '"abc"')).toBe(true);
    expect(sameValue('"90"', '90')).toBe(false);
    expect(sameValue(undefined, '"x"')).toBe(false);
    expect(sameValue('{"a":1}', '{"a": 1}')).toBe(false);
  });

  it('plans a value or description changed by hand, keeping who owns it', () => {
    const drifted = [plain('Domain', '"fabrikam.com"', 'hand edit'), ...inSync.slice(1)];
    const changes = diffVariables(desired, obs(drifted));
    expect(changes.map((c) => `${c.action} ${c.name}: ${c.reason}`)).toEqual([
      'update Domain: value differs; description differs',
    ]);
    expect(changes[0].data).toMatchObject({ write: 'patch', owned: false, value: '"contoso.onmicrosoft.com"' });
    expect(changes[0].before).toEqual({ value: '"fabrikam.com"', encrypted: false, description: 'hand edit' });
  });

  it('an encrypted value whose fingerprint does not match says only "value changed"', () => {
    const changed = [...inSync.slice(0, 3), { ...inSync[3], valueMatches: false }];
    const changes = diffVariables(desired, obs(changed));
    expect(summary(desired, changed)).toEqual(['update Key: value changed']);
    expect(changes[0].before).toEqual({ encrypted: true, description: '' });
    expect(JSON.stringify(changes[0].after)).not.toContain('hunter2');
  });

  it('a change of encryption is a delete and create (Azure cannot change it in place)', () => {
    const flipped = [...inSync.slice(0, 3), plain('Key', '"old"')];
    const [c] = diffVariables(desired, obs(flipped));
    expect(c.action).toBe('update');
    expect(c.data.write).toBe('recreate');
    expect(c.reason).toMatch(/not encrypted; want encrypted/);
  });

  it('prune deletes only the variables it created that the file dropped; hand-made ones survive', () => {
    const extra = [...inSync, plain('Dropped', '"x"'), plain('HandMade', '"y"', 'made in the portal')];
    expect(summary(desired, extra)).toEqual([
      'delete Dropped: created by exo-automation and no longer in the file (prune: true)',
    ]);
    expect(summary({ ...desired, prune: false }, extra)).toEqual([]);
  });

  it('matches names in any case, as Azure does', () => {
    expect(diffVariables(desired, obs(inSync.map((v) => ({ ...v, name: v.name.toUpperCase() }))))).toEqual([]);
  });
});

describe('description marker', () => {
  it('round-trips ownership and fingerprint after the user text', async () => {
    const fp = await fingerprintOf('"s"');
    for (const [text, owned] of [
      ['', true],
      ['a description (with parentheses)', true],
      ['adopted', false],
    ] as const) {
      const d = formatDescription(text, owned, fp);
      expect(parseDescription(d)).toEqual({ text, owned, fingerprint: fp });
    }
    expect(formatDescription('plain', false)).toBe('plain');
    expect(parseDescription('plain')).toEqual({ text: 'plain', owned: false });
    expect(parseDescription(null)).toEqual({ text: '', owned: false });
    expect(parseDescription('x (created by exo-automation)')).toEqual({ text: 'x', owned: true });
  });

  it('a fingerprint is salted (two differ) and matches only its value', async () => {
    const a = await fingerprintOf(JSON.stringify(SECRET));
    const b = await fingerprintOf(JSON.stringify(SECRET));
    expect(a).not.toEqual(b);
    expect(a).not.toContain(SECRET);
    expect(await fingerprintMatches(a, JSON.stringify(SECRET))).toBe(true);
    expect(await fingerprintMatches(a, JSON.stringify('other'))).toBe(false);
    expect(a).toMatch(/^scrypt15:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$/);
  });
});
