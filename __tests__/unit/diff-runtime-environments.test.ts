import { describe, expect, it } from '@jest/globals';
import { diffRuntimeEnvironments, runtimeEnvironmentName } from '../../src/kinds/runtime-environments.js';
import { desired } from './engine-fixtures.js';

describe('runtime environment names', () => {
  it('are stable and valid', () => {
    expect(runtimeEnvironmentName('7.4')).toBe('exo-pwsh-7-4');
    expect(runtimeEnvironmentName('5.1')).toBe('exo-pwsh-5-1');
    expect(runtimeEnvironmentName('7.6')).toBe('exo-pwsh-7-6');
  });
});

describe('diffRuntimeEnvironments', () => {
  const d = desired({ runtimeVersions: ['5.1', '7.4'] });

  it('creates one environment per runtime', () => {
    const changes = diffRuntimeEnvironments(d, { accountExists: false, environments: [] });
    expect(changes.map((c) => [c.name, c.action])).toEqual([
      ['exo-pwsh-5-1', 'create'],
      ['exo-pwsh-7-4', 'create'],
    ]);
    expect(changes[0].after).toEqual({ runtime: { language: 'PowerShell', version: '5.1' } });
    expect(changes[0].reason).toMatch(/PowerShellGet 2\.2\.5/);
  });

  it('adopts existing environments (names compare case-insensitively)', () => {
    const changes = diffRuntimeEnvironments(d, {
      accountExists: true,
      environments: [
        { id: 'a', name: 'EXO-PWSH-5-1', properties: { runtime: { language: 'PowerShell', version: '5.1' } } },
        { id: 'b', name: 'exo-pwsh-7-4', properties: { runtime: { language: 'PowerShell', version: '7.4' } } },
      ],
    });
    expect(changes).toEqual([]);
  });

  it('updates an environment whose runtime differs', () => {
    const changes = diffRuntimeEnvironments(d, {
      accountExists: true,
      environments: [
        { id: 'a', name: 'exo-pwsh-5-1', properties: { runtime: { language: 'PowerShell', version: '5.1' } } },
        { id: 'b', name: 'exo-pwsh-7-4', properties: { runtime: { language: 'PowerShell', version: '7.2' } } },
      ],
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ name: 'exo-pwsh-7-4', action: 'update' });
  });
});
