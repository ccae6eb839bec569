// ARM contract tests: every saved example of an operation the action uses, replayed against the
// simulator, the answer validated against the official swagger (Compute: against the example).
// Failures print the operation, the example and every mismatch.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { ARM_CASES } from './arm-cases.js';
import { startHarness, type Harness } from './context.js';
import { caseTitle, formatResult, runArmCase, type ArmCase } from './runner.js';
import { SchemaValidator } from './schema.js';
import { findOperation, loadAllSwaggers } from './specs.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.reset();
  h.sim.faults.clear();
});

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

  test('request bodies: read-only properties must not be sent, writable ones pass', async () => {
    const ops = await loadAllSwaggers();
    const v = new SchemaValidator();
    const body = (id: string, ver: string) =>
      findOperation(ops, id, ver).parameters.find((p) => p.in === 'body').schema;
    const runbook = body('Runbook_CreateOrUpdate', '2024-10-23');
    expect(v.check(runbook, { properties: { runbookType: 'PowerShell', draft: {} } }, 'request').errors).toEqual([]);
    const identity = body('UserAssignedIdentities_CreateOrUpdate', '2024-11-30');
    expect(
      v.check(identity, { location: 'eastus', properties: { principalId: 'x' } }, 'request').errors.join(),
    ).toMatch(/principalId is read-only/);
    // IdentityUpdate.properties is a read-only container holding the writable isolationScope
    const update = body('UserAssignedIdentities_Update', '2024-11-30');
    expect(v.check(update, { properties: { isolationScope: 'Regional' } }, 'request').errors).toEqual([]);
  });
});

describe('harness self-checks: forged answers fail', () => {
  // The simulator's fault table answers in its place, so these prove a wrong answer is caught.
  const getRunbook = ARM_CASES.find((c) => c.operationId === 'Runbook_Get' && c.example)!;
  const createModule = ARM_CASES.find((c) => c.operationId === 'Module_CreateOrUpdate' && !c.variant)!;
  const forge = (method: string, path: string, status: number, body: unknown, skip = 0) =>
    h.sim.faults.add({ method, path, status, body, skip, times: 1 });

  test('a wrong property type', async () => {
    forge('GET', '/runbooks/Get-AzureVMTutorial$', 200, {
      name: 'Get-AzureVMTutorial',
      properties: { state: 7, runbookType: 'PowerShell' },
    });
    const r = await runArmCase(h.ctx, getRunbook);
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toMatch(/\/properties\/state must be string/);
  });

  test('an id that is not the resource path, and a missing header the example shows', async () => {
    forge('GET', '/runbooks/Get-AzureVMTutorial$', 200, {
      id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/a/runbooks/other',
      name: 'other',
    });
    const r = await runArmCase(h.ctx, getRunbook);
    expect(r.errors.join('\n')).toMatch(/id '.*\/runbooks\/other' is not the resource's path/);
    const output = ARM_CASES.find((c) => c.operationId === 'Job_GetOutput')!;
    forge('GET', '/jobs/foo/output$', 200, { not: 'text' });
    const o = await runArmCase(h.ctx, output);
    expect(o.errors.join('\n')).toMatch(/content-type 'application\/json.*the example shows 'text\/plain'/);
  });

  test('a gateway error with another wording', async () => {
    const absent = ARM_CASES.find((c) => c.operationId === 'Runbook_Get' && c.gatewayError)!;
    forge('GET', '/runbooks/contract-absent$', 404, {
      error: { code: 'ResourceNotFound', message: 'Runbook not found.' },
    });
    const r = await runArmCase(h.ctx, absent);
    expect(r.errors.join('\n')).toMatch(/message 'Runbook not found.' does not follow the observed wording/);
    const ok = await runArmCase(h.ctx, absent);
    expect(ok.errors).toEqual([]);
    const rg = ARM_CASES.find((c) => c.gatewayError === 'ResourceGroupNotFound')!;
    forge('GET', '/resourcegroups/contract-rg-absent$', 404, {
      error: { code: 'ResourceGroupNotFound', message: "Resource group 'contract-rg-absent' could not be found." },
    });
    expect((await runArmCase(h.ctx, rg)).errors.join('\n')).toMatch(/header x-ms-failure-cause '', observed 'gateway'/);
  });

  test('an undeclared status', async () => {
    forge('GET', '/runbooks/Get-AzureVMTutorial$', 203, { name: 'x' });
    const r = await runArmCase(h.ctx, getRunbook);
    expect(r.errors.join('\n')).toMatch(/status 203 is not declared/);
  });

  test('a bad format in the final state reached by polling', async () => {
    // the first poll after the PUT answers a terminal state with a malformed date
    forge('GET', '/modules/OmsCompositeResources$', 200, {
      name: 'OmsCompositeResources',
      properties: { provisioningState: 'Succeeded', creationTime: 'not a date' },
    });
    const r = await runArmCase(h.ctx, createModule);
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toMatch(
      /final GET \(Module_Get\): schema: \/properties\/creationTime must match format "date-time"/,
    );
  });

  test('an LRO whose Location never completes is reported, not hung', async () => {
    const publish: ArmCase = ARM_CASES.find((c) => c.operationId === 'Runbook_Publish')!;
    h.sim.faults.add({
      method: 'GET',
      path: '/publish/operationResults/',
      status: 500,
      body: { error: { code: 'InternalServerError', message: 'forged' } },
      times: 1,
    });
    const r = await runArmCase(h.ctx, publish);
    expect(r.errors.join('\n')).toMatch(/LRO final answer 500/);
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
