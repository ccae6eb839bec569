// Runtimes Azure may not give: a region that does not offer PowerShell 7.6 refuses its runtime
// environment (the action says so plainly, with the fix), and a retired 7.2 kept with
// allow-retired-runtimes converges with the newest module 7.2 runs. Real clients, simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AzureError } from '../../src/errors.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { resetState, run } from './engine-helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => resetState(sim));

describe('runtime environments Azure refuses', () => {
  it("names Azure's own refusal of 7.6 and the fix (7.4, or a region that offers 7.6)", async () => {
    sim.sim.state.config.refusedRuntimeVersions = ['7.6'];
    let error: unknown;
    try {
      await run(sim, 'apply', { runtimeVersions: ['7.6'], runbookRuntime: '7.6' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AzureError);
    const e = error as AzureError;
    expect(e.status).toBe(400);
    expect(e.serviceMessage).toContain("Runtime version '7.6'");
    expect(e.hint).toContain('7.6 is not offered in this account');
    expect(e.message).toContain('Set runtime-versions to 7.4');
  });

  it('keeps a retired 7.2 (allow-retired-runtimes) with the newest module it runs, 3.4.x', async () => {
    const result = await run(sim, 'apply', {
      runtimeVersions: ['7.2'],
      runbookRuntime: '7.2',
      allowRetiredRuntimes: true,
    });
    const env = result.plan.changes.find((c) => c.kind === 'runtime-environment');
    expect(env?.name).toBe('exo-pwsh-7-2');
    const pkg = result.plan.changes.find((c) => c.kind === 'package' && c.name.endsWith('ExchangeOnlineManagement'));
    expect(pkg?.reason).toMatch(/ExchangeOnlineManagement 3\.4\.0/);
  });
});
