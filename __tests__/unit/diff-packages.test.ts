import { describe, expect, it } from '@jest/globals';
import type { AutomationPackage } from '../../src/clients/automation.js';
import { buildDesired } from '../../src/engine/desire.js';
import { diffPackages, packageNeeds } from '../../src/kinds/packages.js';
import { desired, inputs } from './engine-fixtures.js';

function pkg(name: string, version: string, provisioningState = 'Succeeded', error?: string): AutomationPackage {
  return {
    id: name,
    name,
    properties: { version, provisioningState, error: error ? { code: 'x', message: error } : null },
  };
}

describe('desired packages', () => {
  it('puts PackageManagement and PowerShellGet before ExchangeOnlineManagement on 5.1 only', () => {
    const d = desired({ runtimeVersions: ['5.1', '7.4'] });
    expect(d.runtimes[0].packages.map((p) => p.name)).toEqual([
      'PackageManagement',
      'PowerShellGet',
      'ExchangeOnlineManagement',
    ]);
    expect(d.runtimes[1].packages.map((p) => p.name)).toEqual(['ExchangeOnlineManagement']);
  });

  it("resolves 'latest' per runtime from the gallery's versions, skipping prereleases", () => {
    const d = buildDesired(inputs({ moduleVersion: 'latest', runtimeVersions: ['7.4', '7.6'] }), [
      { version: '3.9.2', prerelease: false },
      { version: '3.10.0', prerelease: false },
      { version: '3.11.0-Preview1', prerelease: true },
    ]);
    expect(d.runtimes.map((r) => r.packages.at(-1)!.version)).toEqual(['3.9.2', '3.10.0']);
  });
});

describe('diffPackages', () => {
  const d = desired({ runtimeVersions: ['5.1'] });

  it('creates every package of a new environment, in order; PowerShellGet waits for PackageManagement only', () => {
    const changes = diffPackages(d, { 'exo-pwsh-5-1': undefined });
    expect(changes.map((c) => c.name)).toEqual([
      'exo-pwsh-5-1/PackageManagement',
      'exo-pwsh-5-1/PowerShellGet',
      'exo-pwsh-5-1/ExchangeOnlineManagement',
    ]);
    const [pm, psget, exo] = changes;
    // the gallery's declared dependency orders the first two; ExchangeOnlineManagement imports beside them
    expect(packageNeeds(psget, pm)).toBe(true);
    expect(packageNeeds(pm, psget)).toBe(false);
    expect(packageNeeds(exo, pm)).toBe(false);
    expect(packageNeeds(exo, psget)).toBe(false);
    const env = (name: string) => ({ kind: 'runtime-environment', name, action: 'create' as const, reason: '' });
    expect(packageNeeds(exo, env('exo-pwsh-5-1'))).toBe(true);
    expect(packageNeeds(exo, env('exo-pwsh-7-4'))).toBe(false);
    expect(changes.every((c) => c.action === 'create')).toBe(true);
  });

  it('does not re-import a Succeeded package at the right version (4-part versions compare equal)', () => {
    const changes = diffPackages(d, {
      'exo-pwsh-5-1': [
        pkg('PackageManagement', '1.4.8.1'),
        pkg('powershellget', '2.2.5.0'),
        pkg('ExchangeOnlineManagement', '3.9.2'),
      ],
    });
    expect(changes).toEqual([]);
  });

  it('updates a package at another version', () => {
    const changes = diffPackages(d, {
      'exo-pwsh-5-1': [
        pkg('PackageManagement', '1.4.8.1'),
        pkg('PowerShellGet', '2.2.5'),
        pkg('ExchangeOnlineManagement', '3.5.0'),
      ],
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ name: 'exo-pwsh-5-1/ExchangeOnlineManagement', action: 'update' });
    expect(changes[0].reason).toMatch(/3\.5\.0.*3\.9\.2/);
  });

  it('re-puts a Failed import, quoting Azure', () => {
    const changes = diffPackages(d, {
      'exo-pwsh-5-1': [
        pkg('PackageManagement', '1.4.8.1'),
        pkg('PowerShellGet', '2.2.5'),
        pkg('ExchangeOnlineManagement', '3.9.2', 'Failed', 'The module could not be downloaded'),
      ],
    });
    expect(changes).toHaveLength(1);
    expect(changes[0].action).toBe('update');
    expect(changes[0].reason).toMatch(/Failed \(The module could not be downloaded\)/);
  });

  it('waits for (does not re-put) an import already running at the right version', () => {
    const changes = diffPackages(d, {
      'exo-pwsh-5-1': [
        pkg('PackageManagement', '1.4.8.1'),
        pkg('PowerShellGet', '2.2.5'),
        pkg('ExchangeOnlineManagement', '3.9.2', 'Creating'),
      ],
    });
    expect(changes).toHaveLength(1);
    expect((changes[0].data as { waitOnly?: boolean }).waitOnly).toBe(true);
  });
});
