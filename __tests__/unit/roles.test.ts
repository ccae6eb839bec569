import { describe, expect, it } from '@jest/globals';
import { isGlobalAdministrator, resolveRole, SUPPORTED_ROLES, supportedRoleNames } from '../../src/roles.js';

describe('supported roles', () => {
  it('are the eight roles of the Exchange managed identity page', () => {
    expect(supportedRoleNames().sort()).toEqual(
      [
        'Compliance Administrator',
        'Exchange Administrator',
        'Exchange Recipient Administrator',
        'Global Administrator',
        'Global Reader',
        'Helpdesk Administrator',
        'Security Administrator',
        'Security Reader',
      ].sort(),
    );
  });

  it('carry distinct lower-case GUID template ids', () => {
    const ids = SUPPORTED_ROLES.map((r) => r.templateId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['Exchange Administrator', '29232cdf-9323-42fd-ade2-1d097af3e4de'],
    ['exchange administrator', '29232cdf-9323-42fd-ade2-1d097af3e4de'],
    ['  EXCHANGE   ADMINISTRATOR ', '29232cdf-9323-42fd-ade2-1d097af3e4de'],
    ['29232CDF-9323-42FD-ADE2-1D097AF3E4DE', '29232cdf-9323-42fd-ade2-1d097af3e4de'],
    ['global reader', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451'],
    ['Exchange Recipient Administrator', '31392ffb-586c-42d1-9346-e59415a2cc4e'],
  ])('resolves %p', (input, id) => {
    expect(resolveRole(input)?.templateId).toBe(id);
  });

  it.each(['User Administrator', 'Exchange Admin', 'fe930be7-5e62-47db-91af-98c3a49a38b1', ''])(
    'refuses %p',
    (input) => {
      expect(resolveRole(input)).toBeUndefined();
    },
  );

  it('knows Global Administrator', () => {
    expect(isGlobalAdministrator(resolveRole('global administrator')!)).toBe(true);
    expect(isGlobalAdministrator(resolveRole('Global Reader')!)).toBe(false);
  });
});
