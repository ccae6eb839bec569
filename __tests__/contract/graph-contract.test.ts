// Graph contract tests: every documented example in azure-specs/graph replayed against the
// simulator; status as documented, body structurally like the doc example.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startHarness, type Harness } from './context.js';
import { formatGraphResult, GRAPH_CASES, graphTitle, runGraphCase } from './graph-cases.js';
import { structuralErrors } from './structural.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.reset());

describe('harness self-checks', () => {
  test('the structural check finds a missing property and a type change', () => {
    const ex = { value: [{ id: 'a', appRoles: [{ id: 'x' }], info: { logoUrl: null } }] };
    expect(structuralErrors(ex, { value: [{ id: 'b', appRoles: [], info: { logoUrl: 'u' } }] })).toEqual([]);
    expect(structuralErrors(ex, { value: [{ appRoles: [], info: { logoUrl: null } }] })).toEqual([
      '/value/0/id: missing (example has string)',
    ]);
    expect(structuralErrors(ex, { value: [{ id: 1, appRoles: [], info: { logoUrl: null } }] })).toEqual([
      '/value/0/id: expected string (as in the example) but got number',
    ]);
    expect(structuralErrors(ex, { value: [] })).toEqual(['/value: empty collection, the example has 1 element(s)']);
  });
});

describe('Graph v1.0 operations replayed from azure-specs/graph', () => {
  for (const c of GRAPH_CASES) {
    // Requests the action does not send are run by scripts/contract-report.ts (COVERAGE.md) only.
    const run = c.skipReason || c.informational ? test.skip : test;
    run(graphTitle(c), async () => {
      const r = await runGraphCase(h.sim, c);
      if (!r.ok) throw new Error(formatGraphResult(r));
      expect(r.errors).toEqual([]);
    });
  }
});
