// The least-privilege warning, however the role is spelled: the golden reports hold no Global
// Administrator, so without this its detection would go untested.
import { describe, expect, it } from '@jest/globals';
import { LEAST_PRIVILEGE_GLOBAL_ADMIN, standardWarnings } from '../../src/report/warnings.js';
import { REPORTS } from './report-fixtures.js';

const converged = REPORTS['converged-noop'];

describe('standardWarnings', () => {
  it.each([
    ['Global Administrator'],
    ['  global administrator '],
    ['62e90394-69f5-4237-9190-012177145e10'],
    ['62E90394-69F5-4237-9190-012177145E10'],
    ['Company Administrator'],
  ])('warns once that %p can do anything, and does not list the roles', (role) => {
    expect(standardWarnings({ ...converged, roles: ['Exchange Administrator', role] })).toEqual([
      LEAST_PRIVILEGE_GLOBAL_ADMIN,
    ]);
  });

  it('names every role when there is more than one and none is Global Administrator', () => {
    const [warning, ...rest] = standardWarnings({
      ...converged,
      roles: ['Exchange Administrator', 'Global Reader', ''],
    });
    expect(rest).toEqual([]);
    expect(warning).toMatch(/^The identity holds 2 directory roles \(Exchange Administrator, Global Reader\)\./);
  });

  it('says nothing for one role and no grant', () => {
    expect(standardWarnings({ ...converged, roles: ['Exchange Administrator'] })).toEqual([]);
  });
});
