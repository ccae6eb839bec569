// Inputs and desired states for the engine's unit tests. Not a test file.
import { buildDesired } from '../../src/engine/desire.js';
import type { Desired } from '../../src/engine/types.js';
import type { Inputs } from '../../src/types.js';
import { testInputs } from '../helpers/inputs.js';

export const SUB = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';

export function inputs(overrides: Partial<Inputs> = {}): Inputs {
  return testInputs({ subscriptionId: SUB, moduleVersion: '3.9.2', ...overrides });
}

export function desired(overrides: Partial<Inputs> = {}): Desired {
  return buildDesired(inputs(overrides), undefined);
}

export function userAssigned(overrides: Partial<Inputs> = {}): Desired {
  return desired({
    identityType: 'user-assigned',
    identityName: 'id-exo',
    identityResourceGroup: 'rg-id',
    ...overrides,
  });
}
