import { describe, expect, it } from '@jest/globals';
import {
  applySelect,
  constrains,
  decodeSkipToken,
  encodeSkipToken,
  evaluate,
  filterProperties,
  nextLink,
  ODataError,
  paginate,
  parseFilter,
  readQuery,
} from '../../simulator/graph/odata.js';

describe('parseFilter', () => {
  it('parses eq with a quoted string', () => {
    expect(parseFilter("appId eq '00000002-0000-0ff1-ce00-000000000000'")).toEqual({
      kind: 'eq',
      prop: 'appId',
      value: '00000002-0000-0ff1-ce00-000000000000',
    });
  });

  it('unescapes doubled quotes inside strings', () => {
    expect(parseFilter("displayName eq 'O''Brien app'")).toEqual({
      kind: 'eq',
      prop: 'displayName',
      value: "O'Brien app",
    });
  });

  it('binds and tighter than or, and honours parentheses', () => {
    const node = parseFilter("a eq '1' or b eq '2' and c eq '3'");
    expect(node.kind).toBe('or');
    const grouped = parseFilter("(a eq '1' or b eq '2') and c eq '3'");
    expect(grouped.kind).toBe('and');
    expect(filterProperties(grouped)).toEqual(['a', 'b', 'c']);
  });

  it('reads booleans, null and in-lists', () => {
    expect(parseFilter('isBuiltIn eq true')).toEqual({ kind: 'eq', prop: 'isBuiltIn', value: true });
    expect(parseFilter('x ne null')).toEqual({ kind: 'ne', prop: 'x', value: null });
    expect(parseFilter("displayName in ('A', 'B')")).toEqual({ kind: 'in', prop: 'displayName', values: ['A', 'B'] });
  });

  it('accepts operators in any case', () => {
    expect(parseFilter("principalId EQ 'x' AND roleDefinitionId Eq 'y'").kind).toBe('and');
  });

  it.each([["appId eq '123"], ['appId eq'], ["appId '1'"], ["(appId eq '1'"], ["appId eq '1' extra"], ['']])(
    'rejects malformed %p with BadRequest',
    (text) => {
      expect(() => parseFilter(text)).toThrow(ODataError);
      try {
        parseFilter(text);
      } catch (e) {
        expect((e as ODataError).code).toBe('BadRequest');
        expect((e as ODataError).message).toMatch(/^Invalid filter clause/);
      }
    },
  );

  it('rejects functions and range operators as unsupported queries', () => {
    for (const text of ["startswith(displayName, 'a')", "createdDateTime gt '2020-01-01'"]) {
      try {
        parseFilter(text);
        throw new Error('expected a failure');
      } catch (e) {
        expect((e as ODataError).code).toBe('Request_UnsupportedQuery');
      }
    }
  });
});

describe('evaluate', () => {
  const sp = {
    appId: '00000002-0000-0FF1-CE00-000000000000',
    displayName: 'Office 365 Exchange Online',
    accountEnabled: true,
  };

  it('compares strings without regard to case', () => {
    expect(evaluate(parseFilter("appId eq '00000002-0000-0ff1-ce00-000000000000'"), sp)).toBe(true);
    expect(evaluate(parseFilter("displayName eq 'office 365 exchange online'"), sp)).toBe(true);
    expect(evaluate(parseFilter("displayName eq 'Microsoft Graph'"), sp)).toBe(false);
  });

  it('combines with and/or/ne/in', () => {
    expect(evaluate(parseFilter("accountEnabled eq true and displayName ne 'x'"), sp)).toBe(true);
    expect(
      evaluate(parseFilter("accountEnabled eq false or displayName in ('a', 'Office 365 Exchange Online')"), sp),
    ).toBe(true);
    expect(evaluate(parseFilter("accountEnabled eq false and displayName ne 'x'"), sp)).toBe(false);
  });

  it('matches any of several values a getter returns', () => {
    const get = () => ['id-1', 'template-1'];
    expect(evaluate(parseFilter("roleDefinitionId eq 'TEMPLATE-1'"), {}, get)).toBe(true);
  });
});

describe('constrains', () => {
  it('is true only when every branch pins the property', () => {
    expect(constrains(parseFilter("principalId eq 'a'"), 'principalId')).toBe(true);
    expect(constrains(parseFilter("principalId eq 'a' and directoryScopeId eq '/'"), 'principalId')).toBe(true);
    expect(constrains(parseFilter("principalId eq 'a' or directoryScopeId eq '/'"), 'principalId')).toBe(false);
    expect(constrains(parseFilter("directoryScopeId eq '/'"), 'principalId')).toBe(false);
    expect(constrains(parseFilter("principalId ne 'a'"), 'principalId')).toBe(false);
  });
});

describe('readQuery', () => {
  it('matches option names case-insensitively and tolerates spaces around =', () => {
    const q = readQuery(new URLSearchParams("$filter =principalId eq 'a'&$SELECT=id, appId&$top=5&$count=true"));
    expect(q).toEqual({ filter: "principalId eq 'a'", select: ['id', 'appId'], top: 5, count: true, unsupported: [] });
  });

  it('rejects a $top outside 1..999', () => {
    expect(() => readQuery(new URLSearchParams('$top=0'))).toThrow(/Invalid page size/);
    expect(() => readQuery(new URLSearchParams('$top=1000'))).toThrow(/Invalid page size/);
    expect(() => readQuery(new URLSearchParams('$top=abc'))).toThrow(/Invalid page size/);
  });

  it('lists options it does not serve', () => {
    const q = readQuery(new URLSearchParams('$orderby=displayName&$expand=principal, roleDefinition'));
    expect(q.unsupported).toEqual(['$orderby']);
    expect(q.expand).toEqual(['principal', 'roleDefinition']);
  });
});

describe('paging', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('pages by $top, then by the page size, with an opaque skip token', () => {
    const first = paginate(items, { top: 3, pageSize: 100 });
    expect(first).toEqual({ items: [0, 1, 2], next: 3 });
    const second = paginate(items, { top: 3, skiptoken: encodeSkipToken(first.next!), pageSize: 100 });
    expect(second).toEqual({ items: [3, 4, 5], next: 6 });
    expect(paginate(items, { top: 3, skiptoken: encodeSkipToken(6), pageSize: 100 })).toEqual({ items: [6] });
    expect(paginate(items, { pageSize: 7 })).toEqual({ items });
  });

  it('refuses a token it did not issue', () => {
    expect(() => decodeSkipToken('garbage')).toThrow(/page token value has expired/);
  });

  it('builds an absolute nextLink that keeps the other options and replaces $skiptoken', () => {
    const q = new URLSearchParams("$filter=appId eq 'x'&$top=2&$skiptoken=old");
    const link = nextLink('https://127.0.0.1:1234', '/v1.0/servicePrincipals', q, 4);
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://127.0.0.1:1234/v1.0/servicePrincipals');
    expect(url.searchParams.get('$filter')).toBe("appId eq 'x'");
    expect(url.searchParams.get('$top')).toBe('2');
    expect(decodeSkipToken(url.searchParams.get('$skiptoken')!)).toBe(4);
    expect(link).not.toContain('+');
  });
});

describe('applySelect', () => {
  it('keeps only the selected properties, case-insensitively', () => {
    expect(applySelect({ id: '1', appId: '2', displayName: '3' }, ['APPID', 'id'])).toEqual({ id: '1', appId: '2' });
    expect(applySelect({ id: '1' }, undefined)).toEqual({ id: '1' });
  });
});
