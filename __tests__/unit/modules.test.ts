// The `modules` input's pure logic: line syntax, typosquats, manifests against runtimes, NuGet
// ranges, known requirements and conflicts, dependency closure and order. No network: the
// gallery is the simulator's catalog (real metadata, simulator/gallery/catalog.ts) in memory.
import { describe, expect, it } from '@jest/globals';
import { deflateRawSync } from 'node:zlib';
import { nupkgManifest } from '../../src/clients/nupkg.js';
import { knownConflicts, knownIncompatibility } from '../../src/modules/known.js';
import { manifestIncompatibility, parseManifest } from '../../src/modules/manifest.js';
import { describeRange, parseDependencies, parseRange, satisfies } from '../../src/modules/range.js';
import { dependencyOrder, resolveRuntime, type GalleryLookup } from '../../src/modules/resolve.js';
import { parseModuleSpec } from '../../src/modules/spec.js';
import { editDistance, typosquatOf } from '../../src/modules/typosquat.js';
import { extraGalleryPackages } from '../../simulator/gallery/catalog.js';
import { modulePackage, storeZip } from '../../simulator/gallery/zip.js';

describe('parseModuleSpec', () => {
  it('reads NAME, NAME@VERSION, NAME@latest and a runtime prefix', () => {
    expect(parseModuleSpec('Microsoft.Graph.Users')).toEqual({
      ok: true,
      spec: { name: 'Microsoft.Graph.Users', version: 'latest', line: 'Microsoft.Graph.Users', runtime: undefined },
    });
    expect(parseModuleSpec('7.4:Microsoft.Graph.Users@2.18.0')).toMatchObject({
      ok: true,
      spec: { runtime: '7.4', name: 'Microsoft.Graph.Users', version: '2.18.0' },
    });
    expect(parseModuleSpec('Az.Accounts@LATEST')).toMatchObject({ ok: true, spec: { version: 'latest' } });
  });

  it('refuses an unknown runtime, naming the line and the accepted runtimes', () => {
    const r = parseModuleSpec('7.9:Microsoft.Graph.Users');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('"7.9:Microsoft.Graph.Users"');
    expect(!r.ok && r.message).toContain('5.1, 7.4, 7.6');
  });

  it('refuses wildcards, ranges and empty names', () => {
    expect(parseModuleSpec('Microsoft.Graph.*').ok).toBe(false);
    expect(parseModuleSpec('Az.Accounts@[2.0,3.0)').ok).toBe(false);
    expect(parseModuleSpec('@2.0.0').ok).toBe(false);
    expect(parseModuleSpec('Az..Accounts').ok).toBe(false);
  });
});

describe('typosquatOf', () => {
  it('names the real module one edit away', () => {
    expect(typosquatOf('ExchangeOnlineManagment')).toBe('ExchangeOnlineManagement');
    expect(typosquatOf('ExchangeOnlineManagemnet')).toBe('ExchangeOnlineManagement'); // transposition
    expect(typosquatOf('PnP.PowerShel')).toBe('PnP.PowerShell');
    expect(typosquatOf('Az.Acounts')).toBe('Az.Accounts');
    expect(typosquatOf('Microsoft.Graph.Uzers')).toBe('Microsoft.Graph.Users');
    expect(typosquatOf('Microsoft.Grahp.Reports')).toBe('Microsoft.Graph.Reports');
  });

  it('accepts the real names in any case, and names two or more edits away', () => {
    expect(typosquatOf('exchangeonlinemanagement')).toBeUndefined();
    expect(typosquatOf('Microsoft.Graph.Reports')).toBeUndefined();
    expect(typosquatOf('Microsoft.Graph.Beta.Users')).toBeUndefined();
    expect(typosquatOf('AzureAD')).toBeUndefined();
    expect(typosquatOf('Az.Acconts.X')).toBeUndefined();
  });

  it('edit distance counts insertions, deletions, substitutions and transpositions as one', () => {
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abc', 'acb')).toBe(1);
    expect(editDistance('abc', 'ab')).toBe(1);
    expect(editDistance('abc', 'xbz')).toBe(2);
  });
});

describe('module manifests against runtimes', () => {
  const psd1 = `@{
# Minimum version of the PowerShell engine required by this module
PowerShellVersion = '5.1'
# PowerShellHostVersion = '9.9'
CompatiblePSEditions = 'Core', 'Desktop'
DotNetFrameworkVersion = '4.7.2'
}`;

  it('reads the fields, ignoring commented-out ones', () => {
    expect(parseManifest(psd1)).toEqual({
      powerShellVersion: '5.1',
      compatiblePSEditions: ['Core', 'Desktop'],
      dotNetFrameworkVersion: '4.7.2',
    });
    expect(parseManifest("@{ CompatiblePSEditions = @('Core')\n# PowerShellVersion = '7.4' }")).toEqual({
      powerShellVersion: undefined,
      compatiblePSEditions: ['Core'],
      dotNetFrameworkVersion: undefined,
    });
  });

  it('refuses an edition, engine or .NET Framework the runtime does not have', () => {
    expect(manifestIncompatibility('X', '1.0', { compatiblePSEditions: ['Core'] }, '5.1')).toContain(
      'CompatiblePSEditions Core',
    );
    expect(manifestIncompatibility('X', '1.0', { powerShellVersion: '7.4.6' }, '5.1')).toContain(
      'PowerShellVersion 7.4.6',
    );
    expect(manifestIncompatibility('X', '1.0', { powerShellVersion: '7.4.6' }, '7.4')).toBeUndefined();
    expect(manifestIncompatibility('X', '1.0', { powerShellVersion: '7.6' }, '7.4')).toContain('needs PowerShell 7.6');
    expect(manifestIncompatibility('X', '1.0', { dotNetFrameworkVersion: '4.8.1' }, '5.1')).toContain(
      '.NET Framework 4.8',
    );
    expect(manifestIncompatibility('X', '1.0', { dotNetFrameworkVersion: '4.8.1' }, '7.4')).toBeUndefined();
    expect(manifestIncompatibility('X', '1.0', parseManifest(psd1), '5.1')).toBeUndefined();
  });

  it('reads the manifest out of a stored or a deflated .nupkg', () => {
    const pkg = modulePackage('Microsoft.Graph.Users', '2.18.0', extraGalleryPackages()['Microsoft.Graph.Users'][2]);
    expect(parseManifest(nupkgManifest(pkg, 'Microsoft.Graph.Users')!).powerShellVersion).toBe('5.1');
    const text = "@{ PowerShellVersion = '7.4.0'\nCompatiblePSEditions = @('Core') }";
    const deflated = storeZip([{ name: 'PnP.PowerShell.psd1', data: Buffer.from(text) }]);
    // rewrite the single entry as method 8 (deflate): same layout, compressed data
    const data = deflateRawSync(Buffer.from(text));
    const zip = deflatedZip('PnP.PowerShell.psd1', data, Buffer.from(text).length);
    expect(nupkgManifest(deflated, 'PnP.PowerShell')).toBe(text);
    expect(nupkgManifest(zip, 'pnp.powershell')).toBe(text);
  });
});

/** A one-entry zip with a deflated entry (method 8). */
function deflatedZip(name: string, data: Buffer, size: number): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

describe('NuGet version ranges', () => {
  it('reads minimum, exact and interval ranges', () => {
    expect(satisfies('2.18.0', parseRange('[2.18.0]')!)).toBe(true);
    expect(satisfies('2.17.0', parseRange('[2.18.0]')!)).toBe(false);
    expect(satisfies('1.9.3', parseRange('1.2.0')!)).toBe(true);
    expect(satisfies('1.1.0', parseRange('1.2.0')!)).toBe(false);
    expect(satisfies('2.0', parseRange('[1.0,2.0)')!)).toBe(false);
    expect(satisfies('2.0', parseRange('(1.0,2.0]')!)).toBe(true);
    expect(satisfies('9.9', parseRange('')!)).toBe(true);
    expect(parseRange('(1.0)')).toBeUndefined();
    expect(describeRange(parseRange('[2.18.0]')!)).toBe('= 2.18.0');
    expect(describeRange(parseRange('1.2.0')!)).toBe('>= 1.2.0');
  });

  it('reads the feed d:Dependencies form', () => {
    expect(parseDependencies('Microsoft.Graph.Authentication:[2.18.0]:|PackageManagement:1.4.4:')).toEqual([
      { id: 'Microsoft.Graph.Authentication', range: '[2.18.0]' },
      { id: 'PackageManagement', range: '1.4.4' },
    ]);
    expect(parseDependencies('')).toEqual([]);
  });
});

describe('known requirements and conflicts (with sources)', () => {
  it('refuses PnP.PowerShell 3.x on 5.1 and 7.2, with its source', () => {
    expect(knownIncompatibility('PnP.PowerShell', '3.1.0', '5.1')).toMatch(
      /requires PowerShell 7\.4.*source: pnp\/powershell/,
    );
    expect(knownIncompatibility('pnp.powershell', '2.12.0', '5.1')).toContain('.NET 6');
    expect(knownIncompatibility('PnP.PowerShell', '3.1.0', '7.4')).toBeUndefined();
    expect(knownIncompatibility('PnP.PowerShell', '4.0.0-preview1', '7.4')).toContain('7.6');
    expect(knownIncompatibility('Microsoft.Graph.Authentication', '2.26.0', '7.2')).toContain('issue 3151');
    expect(knownIncompatibility('Microsoft.Graph.Authentication', '2.26.1', '7.2')).toBeUndefined();
  });

  it('warns of ExchangeOnlineManagement 3.8+ beside Graph SDK 2.x, naming the sources', () => {
    const graph = [{ name: 'Microsoft.Graph.Authentication', version: '2.18.0' }];
    const w = knownConflicts(graph, '3.9.2');
    expect(w).toHaveLength(1);
    expect(w[0].severity).toBe('warning');
    expect(w[0].message).toContain('M365-Assess issue 231');
    expect(w[0].message).toContain('3394');
    expect(knownConflicts(graph, '3.7.1')).toEqual([]);
    expect(knownConflicts([], '3.9.2')).toEqual([]);
  });
});

/** The catalog as a GalleryLookup, counting calls. */
function catalogLookup(): GalleryLookup & { calls: string[] } {
  const cat = extraGalleryPackages();
  const find = (id: string) => Object.entries(cat).find(([k]) => k.toLowerCase() === id.toLowerCase());
  const calls: string[] = [];
  return {
    calls,
    versions: async (id) => (calls.push(`versions ${id}`), find(id)?.[1] ?? []),
    entry: async (id, version) => {
      calls.push(`entry ${id} ${version}`);
      const hit = find(id);
      const v = hit?.[1].find((x) => x.version === version);
      return hit && v ? { id: hit[0], dependencies: parseDependencies(v.dependencies ?? '') } : undefined;
    },
    manifest: async (id, version) => find(id)?.[1].find((x) => x.version === version)?.manifest ?? {},
  };
}

const spec = (line: string) => {
  const r = parseModuleSpec(line);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
};

describe('resolveRuntime', () => {
  it('adds the declared dependency first, at the exact version it requires', async () => {
    const r = await resolveRuntime('7.4', [spec('Microsoft.Graph.Users@2.18.0')], [], catalogLookup());
    expect(r.problems).toEqual([]);
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      'Microsoft.Graph.Authentication@2.18.0',
      'Microsoft.Graph.Users@2.18.0',
    ]);
    expect(r.packages[1].dependsOn).toEqual(['Microsoft.Graph.Authentication']);
    expect(r.packages[0].why).toContain('dependency of Microsoft.Graph.Users 2.18.0');
  });

  it('latest picks the newest release; a minimum-version dependency the newest that satisfies it', async () => {
    const r = await resolveRuntime('5.1', [spec('microsoft.graph.groups@1.2.0')], [], catalogLookup());
    expect(r.problems).toEqual([]);
    // the gallery's spelling, and the newest Authentication (>= 1.2.0)
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      'Microsoft.Graph.Authentication@2.26.0',
      'Microsoft.Graph.Groups@1.2.0',
    ]);
    const latest = await resolveRuntime('7.4', [spec('Microsoft.Graph.Users')], [], catalogLookup());
    expect(latest.packages.map((p) => p.version)).toEqual(['2.18.0', '2.18.0']);
  });

  it('independent modules share a dependency once; disagreeing exact versions are an error naming both', async () => {
    const ok = await resolveRuntime(
      '7.4',
      [spec('Microsoft.Graph.Users@2.9.0'), spec('Microsoft.Graph.Mail@2.9.0')],
      [],
      catalogLookup(),
    );
    expect(ok.problems).toEqual([]);
    expect(ok.packages.map((p) => p.name)).toEqual([
      'Microsoft.Graph.Authentication',
      'Microsoft.Graph.Users',
      'Microsoft.Graph.Mail',
    ]);
    const bad = await resolveRuntime(
      '7.4',
      [spec('Microsoft.Graph.Users@2.18.0'), spec('Microsoft.Graph.Groups@2.17.0')],
      [],
      catalogLookup(),
    );
    expect(bad.problems.join('\n')).toContain('2.18.0, 2.17.0');
    const pinned = await resolveRuntime(
      '7.4',
      [spec('Microsoft.Graph.Authentication@2.17.0'), spec('Microsoft.Graph.Users@2.18.0')],
      [],
      catalogLookup(),
    );
    expect(pinned.problems.join('\n')).toMatch(
      /Users 2\.18\.0 needs Microsoft\.Graph\.Authentication = 2\.18\.0, but Microsoft\.Graph\.Authentication 2\.17\.0 is chosen/,
    );
  });

  it('refuses a version that cannot run on the runtime, a missing version and an unknown package', async () => {
    const pnp = await resolveRuntime('5.1', [spec('PnP.PowerShell@3.1.0')], [], catalogLookup());
    expect(pnp.problems[0]).toContain('PnP.PowerShell@3.1.0: PnP.PowerShell 3.1.0 cannot load on runtime 5.1');
    const latestPnp = await resolveRuntime('5.1', [spec('PnP.PowerShell')], [], catalogLookup());
    expect(latestPnp.problems[0]).toContain('no release of PnP.PowerShell (any version) runs on runtime 5.1');
    const missing = await resolveRuntime('7.4', [spec('Microsoft.Graph.Users@9.9.9')], [], catalogLookup());
    expect(missing.problems[0]).toContain('no version 9.9.9 in the gallery; newest releases: 2.18.0, 2.9.0, 1.2.0');
    const unknown = await resolveRuntime('7.4', [spec('Contoso.Nothing')], [], catalogLookup());
    expect(unknown.problems[0]).toContain('has no package named Contoso.Nothing');
  });

  it('a dependency on a package the action manages is checked against it, not replaced', async () => {
    const lookup: GalleryLookup = {
      versions: async () => [{ version: '1.0.0', prerelease: false }],
      entry: async (id) => ({ id, dependencies: [{ id: 'PackageManagement', range: '1.4.4' }] }),
      manifest: async () => ({}),
    };
    const r = await resolveRuntime(
      '5.1',
      [spec('Contoso.Tool@1.0.0')],
      [{ name: 'PackageManagement', version: '1.4.8.1' }],
      lookup,
    );
    expect(r.problems).toEqual([]);
    expect(r.packages).toEqual([
      { name: 'Contoso.Tool', version: '1.0.0', dependsOn: ['PackageManagement'], why: 'Contoso.Tool@1.0.0' },
    ]);
  });

  it('takes only package names from the feed: a dependency id that is not one is a problem, not a path', async () => {
    const lookup: GalleryLookup = {
      versions: async () => [
        { version: '1.0.0', prerelease: false },
        { version: 'not-a-version', prerelease: false },
      ],
      entry: async () => ({ id: 'Other.Name', dependencies: [{ id: '../../evil', range: '1.0' }] }),
      manifest: async () => ({}),
    };
    const r = await resolveRuntime('7.4', [spec('Contoso.Tool')], [], lookup);
    expect(r.problems).toEqual(['Contoso.Tool 1.0.0 declares a dependency that is not a package name: "../../evil"']);
    // the name stays as asked when the feed answers with another id
    expect(r.packages.map((p) => p.name)).toEqual(['Contoso.Tool']);
  });

  it('orders dependencies first and reports a cycle', () => {
    const p = (name: string, deps: string[] = []) => ({ name, version: '1.0', dependsOn: deps, why: '' });
    expect(dependencyOrder([p('C', ['B']), p('B', ['A']), p('A')]).order.map((n) => n.name)).toEqual(['A', 'B', 'C']);
    expect(dependencyOrder([p('A', ['B']), p('B', ['A'])]).cycle).toEqual(['A', 'B', 'A']);
  });
});
