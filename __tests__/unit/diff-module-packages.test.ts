// The `modules` packages in the package kind: the ownership tag (package-owner.ts), prune of
// what the tag lists and the input dropped, hands off everything else, and the order of the
// tag write after the environment's module imports.
import { describe, expect, it } from '@jest/globals';
import type { AutomationPackage } from '../../src/clients/automation.js';
import { addModules } from '../../src/modules/desired.js';
import { parseDependencies } from '../../src/modules/range.js';
import type { GalleryLookup } from '../../src/modules/resolve.js';
import { parseModuleSpec } from '../../src/modules/spec.js';
import { markedPackages, markerTags, withMarker } from '../../src/kinds/package-owner.js';
import { diffPackages, packageNeeds } from '../../src/kinds/packages.js';
import { extraGalleryPackages } from '../../simulator/gallery/catalog.js';
import { desired } from './engine-fixtures.js';

const ok = (name: string, version: string): AutomationPackage => ({
  id: name,
  name,
  properties: { version, provisioningState: 'Succeeded' },
});

const lookup: GalleryLookup = {
  versions: async (id) =>
    Object.entries(extraGalleryPackages()).find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1] ?? [],
  entry: async (id, version) => {
    const hit = Object.entries(extraGalleryPackages()).find(([k]) => k.toLowerCase() === id.toLowerCase());
    const v = hit?.[1].find((x) => x.version === version);
    return hit && v ? { id: hit[0], dependencies: parseDependencies(v.dependencies ?? '') } : undefined;
  },
  manifest: async () => ({}),
};

async function withModules(lines: string[], runtimeVersions: ('5.1' | '7.4')[] = ['7.4']) {
  const d = desired({ runtimeVersions });
  const specs = lines.map((l) => {
    const r = parseModuleSpec(l);
    if (!r.ok) throw new Error(r.message);
    return r.spec;
  });
  const warnings = await addModules(d, specs, lookup);
  return { d, warnings };
}

describe('ownership tag', () => {
  it('round-trips names, sorted, and splits past 256 characters', () => {
    expect(markerTags(['Microsoft.Graph.Users', 'Microsoft.Graph.Authentication'])).toEqual({
      'exo-automation-modules': 'Microsoft.Graph.Authentication,Microsoft.Graph.Users',
    });
    const many = Array.from({ length: 30 }, (_, i) => `Contoso.Module.Number${String(i).padStart(2, '0')}`);
    const tags = markerTags(many);
    expect(Object.keys(tags).length).toBeGreaterThan(1);
    expect(Object.values(tags).every((v) => v.length <= 256)).toBe(true);
    expect(markedPackages({ ...tags, owner: 'someone' })).toEqual(many);
    expect(markerTags([])).toEqual({});
  });

  it('replaces only its own tags', () => {
    expect(withMarker({ owner: 'ops', 'EXO-AUTOMATION-MODULES': 'Old' }, ['New'])).toEqual({
      owner: 'ops',
      'exo-automation-modules': 'New',
    });
  });
});

describe('modules in the package plan', () => {
  it('imports the dependency first, then the module, then records both in the tag', async () => {
    const { d } = await withModules(['Microsoft.Graph.Users@2.18.0']);
    expect(d.runtimes[0].modules).toEqual(['Microsoft.Graph.Authentication', 'Microsoft.Graph.Users']);
    const changes = diffPackages(d, { 'exo-pwsh-7-4': undefined });
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual([
      'create exo-pwsh-7-4/ExchangeOnlineManagement',
      'create exo-pwsh-7-4/Microsoft.Graph.Authentication',
      'create exo-pwsh-7-4/Microsoft.Graph.Users',
      'update exo-pwsh-7-4 [tag exo-automation-modules]',
    ]);
    const [exo, auth, users, tag] = changes;
    expect(packageNeeds(users, auth)).toBe(true);
    expect(packageNeeds(auth, users)).toBe(false);
    expect(packageNeeds(users, exo)).toBe(false);
    // the tag waits for the module imports, not for ExchangeOnlineManagement
    expect(packageNeeds(tag, auth)).toBe(true);
    expect(packageNeeds(tag, users)).toBe(true);
    expect(packageNeeds(tag, exo)).toBe(false);
  });

  it('converged: no change at all', async () => {
    const { d } = await withModules(['Microsoft.Graph.Users@2.18.0']);
    const observed = {
      'exo-pwsh-7-4': [
        ok('ExchangeOnlineManagement', '3.9.2'),
        ok('Microsoft.Graph.Authentication', '2.18.0'),
        ok('Microsoft.Graph.Users', '2.18.0'),
      ],
    };
    const marked = { 'exo-pwsh-7-4': ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Users'] };
    expect(diffPackages(d, observed, marked)).toEqual([]);
  });

  it('prunes what the tag lists and the input dropped; never a package the tag does not list', async () => {
    const { d } = await withModules([]);
    const observed = {
      'exo-pwsh-7-4': [
        ok('ExchangeOnlineManagement', '3.9.2'),
        ok('Microsoft.Graph.Authentication', '2.18.0'),
        ok('Microsoft.Graph.Users', '2.18.0'),
        ok('Az.Accounts', '2.2.5'), // added by hand
      ],
    };
    const marked = { 'exo-pwsh-7-4': ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Users', 'PnP.PowerShell'] };
    const changes = diffPackages(d, observed, marked);
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual([
      'delete exo-pwsh-7-4/Microsoft.Graph.Authentication',
      'delete exo-pwsh-7-4/Microsoft.Graph.Users',
      'update exo-pwsh-7-4 [tag exo-automation-modules]',
    ]);
    expect(changes[0].reason).toContain('no longer listed');
    expect(changes[2].after).toEqual({ 'exo-automation-modules': undefined });
    // nothing is pruned without the tag (packages from before this input, or by hand)
    expect(diffPackages(d, observed, {})).toEqual([]);
  });

  it('one line without a runtime goes to every runtime, with its problems and warnings per runtime', async () => {
    const { d, warnings } = await withModules(['Microsoft.Graph.Users@2.18.0'], ['5.1', '7.4']);
    expect(d.runtimes.map((r) => r.modules)).toEqual([
      ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Users'],
      ['Microsoft.Graph.Authentication', 'Microsoft.Graph.Users'],
    ]);
    // ExchangeOnlineManagement 3.9.2 (the fixture's module-version) beside Graph SDK 2.x
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^modules \(runtime 5\.1\): ExchangeOnlineManagement 3\.9\.2 and Microsoft\.Graph\.Authentication 2\.18\.0/,
    );
    await expect(withModules(['Microsoft.Graph.Users@2.18.0', 'Microsoft.Graph.Groups@2.17.0'])).rejects.toThrow(
      /modules: dependency of .*different versions of Microsoft\.Graph\.Authentication \(2\.18\.0, 2\.17\.0\)/,
    );
  });
});
