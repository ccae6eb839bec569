// ARM contract tests: every saved example of an operation the action uses, replayed against the
// simulator, the answer validated against the official swagger (Compute: against the example).
// Failures print the operation, the example and every mismatch.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { ARM_CASES } from './arm-cases.js';
import { startHarness, type Harness } from './context.js';
import { caseTitle, formatResult, runArmCase } from './runner.js';
import { SchemaValidator } from './schema.js';
import { findOperation, loadAllSwaggers } from './specs.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.reset());

describe('harness self-checks', () => {
  test('the validator rejects a wrong type and accepts the example shape', async () => {
    const ops = await loadAllSwaggers();
    const schema = findOperation(ops, 'Job_Get', '2024-10-23').responses['200'].schema;
    const v = new SchemaValidator();
    expect(v.check(schema, { name: 'x', properties: { status: 'Completed', runbook: { name: 'r' } } }).errors).toEqual(
      [],
    );
    expect(v.check(schema, { name: 'x', properties: { status: 42 } }).errors.length).toBeGreaterThan(0);
    expect(v.check(schema, { name: 'x', properties: { creationTime: 'yesterday' } }).errors.join()).toMatch(
      /date-time/,
    );
  });
});

describe('ARM operations replayed from azure-specs examples', () => {
  for (const kase of ARM_CASES) {
    test(caseTitle(kase), async () => {
      const result = await runArmCase(h.ctx, kase);
      if (!result.ok) throw new Error(formatResult(result));
      expect(result.errors).toEqual([]);
    });
  }
});
