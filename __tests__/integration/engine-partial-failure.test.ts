// A failure in one branch of the apply graph, against the simulator with the real clients: the
// branches it does not reach are applied and reported, what it skips is reported, and the next
// run completes exactly what was left.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { applyProgressOf } from '../../src/engine/index.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { kindsOf, lastSeq, replicated, resetState, run, writesSince } from './engine-helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => resetState(sim));

const runtimes = { runtimeVersions: ['5.1' as const, '7.4' as const] };

describe('partial failure and resumption', () => {
  it('a failed runtime environment skips only its imports; the other runtime, the grants and the Exchange SP are applied', async () => {
    sim.faults.add([
      {
        method: 'PUT',
        path: '/runtimeEnvironments/exo-pwsh-5-1$',
        status: 400,
        times: 1,
        // constructed for this test (a refusal that no retry policy retries)
        body: { error: { code: 'BadRequest', message: 'refused by the test' } },
      },
    ]);
    const err = await run(sim, 'apply', runtimes).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/refused by the test/);
    const progress = applyProgressOf(err)!;
    expect(progress.failed.name).toBe('exo-pwsh-5-1');
    expect(progress.skipped.map((s) => s.change.name)).toEqual([
      'exo-pwsh-5-1/PackageManagement',
      'exo-pwsh-5-1/PowerShellGet',
      'exo-pwsh-5-1/ExchangeOnlineManagement',
    ]);
    expect(progress.applied.map((c) => `${c.kind} ${c.name}`)).toEqual([
      'resource-group rg-exo',
      'automation-account aa-exo',
      'runtime-environment exo-pwsh-7-4',
      'app-role-assignment Exchange.ManageAsApp',
      'directory-role-assignment Exchange Administrator',
      'package exo-pwsh-7-4/ExchangeOnlineManagement',
    ]);
    // nothing of a skipped change was written
    expect(sim.requests.filter((r) => r.method === 'PUT' && /exo-pwsh-5-1\/packages/i.test(r.path))).toEqual([]);

    await replicated(sim);
    const resumed = await run(sim, 'apply', runtimes);
    expect(kindsOf(resumed)).toEqual([
      'create runtime-environment exo-pwsh-5-1',
      'create package exo-pwsh-5-1/PackageManagement',
      'create package exo-pwsh-5-1/PowerShellGet',
      'create package exo-pwsh-5-1/ExchangeOnlineManagement',
    ]);
    expect(resumed.applied).toHaveLength(4);
    await replicated(sim);
    const from = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply', runtimes))).toEqual([]);
    expect(writesSince(sim, from)).toEqual([]);
  });
});
