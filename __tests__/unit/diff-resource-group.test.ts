import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { diffResourceGroups } from '../../src/kinds/resource-group.js';
import { desired, userAssigned } from './engine-fixtures.js';

describe('diffResourceGroups', () => {
  it('plans nothing when every group exists', () => {
    expect(diffResourceGroups(desired(), [{ name: 'rg-exo', exists: true, location: 'westeurope' }])).toEqual([]);
  });

  it('creates a missing group in the location input', () => {
    const changes = diffResourceGroups(desired(), [{ name: 'rg-exo', exists: false }]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: 'resource-group',
      name: 'rg-exo',
      action: 'create',
      after: { location: 'westeurope' },
    });
  });

  it('manages the identity resource group too for user-assigned identities', () => {
    const d = userAssigned();
    expect(d.resourceGroups).toEqual(['rg-exo', 'rg-id']);
    const changes = diffResourceGroups(d, [
      { name: 'rg-exo', exists: true },
      { name: 'rg-id', exists: false },
    ]);
    expect(changes.map((c) => c.name)).toEqual(['rg-id']);
  });

  it('refuses to create without create-missing, naming the input', () => {
    expect(() => diffResourceGroups(desired({ createMissing: false }), [{ name: 'rg-exo', exists: false }])).toThrow(
      /create-missing/,
    );
  });

  it('names the location input when a group must be created without one', () => {
    let error: unknown;
    try {
      diffResourceGroups(desired({ location: undefined }), [{ name: 'rg-exo', exists: false }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/`location`/);
  });
});
