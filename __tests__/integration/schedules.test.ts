// The config file's schedules and job schedules against the simulator: converge, read back over
// ARM, 0 writes on a re-run and a day later in simulated time, hand-made drift corrected, a
// hand-made schedule surviving prune.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DesiredState } from '../../src/config/types.js';
import { accountPath } from '../../src/clients/automation.js';
import { discoverRunbooks } from '../../src/kinds/runbook/discover.js';
import type { Simulator } from '../../simulator/server.js';
import { armFetch } from '../helpers/arm.js';
import { simInputs } from '../helpers/inputs.js';
import { startTestSimulator } from '../helpers/sim.js';
import { kindsOf, lastSeq, resetState, run, writesSince } from './engine-helpers.js';

const V = '2024-10-23';
let sim: Simulator;
let workspace: string;
beforeAll(async () => {
  sim = await startTestSimulator();
  workspace = await mkdtemp(path.join(os.tmpdir(), 'exo-schedules-'));
  await mkdir(path.join(workspace, 'runbooks'));
  for (const name of ['Cleanup', 'Report']) {
    await writeFile(
      path.join(workspace, 'runbooks', `${name}.ps1`),
      `param([Parameter(Mandatory)][int]$Days, [string]$Mode = 'x')\nConnect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\nGet-Mailbox\n`,
    );
  }
});
afterAll(async () => {
  await sim.close();
  await rm(workspace, { recursive: true, force: true });
});
beforeEach(() => resetState(sim));

const config: DesiredState = {
  version: 1,
  prune: true,
  runbooks: [
    {
      path: 'runbooks/Cleanup.ps1',
      schedules: [
        { schedule: 'nightly', parameters: { Days: 90 } },
        { schedule: 'weekly', parameters: { Days: 7, Mode: 'full' } },
      ],
    },
    { path: 'runbooks/Report.ps1', schedules: [{ schedule: 'nightly', parameters: { Days: 1 } }] },
  ],
  schedules: {
    nightly: {
      frequency: 'day',
      interval: 1,
      start: '2026-01-01T02:00',
      'time-zone': 'Europe/Amsterdam',
      enabled: true,
    },
    weekly: {
      frequency: 'week',
      interval: 1,
      start: '2026-01-05T07:30',
      'time-zone': 'UTC',
      'week-days': ['monday', 'friday'],
      enabled: true,
    },
  },
  variables: {},
};
const inputs = { runbooks: ['runbooks/*.ps1'], organization: 'contoso.onmicrosoft.com', config };

describe('schedules and job schedules of the config file', () => {
  it('converge, read back equal, stay clean a day later, drift corrected, hand-made survives prune', async () => {
    const opts = { runbooks: await discoverRunbooks(['runbooks/*.ps1'], workspace) };
    await run(sim, 'apply', inputs, opts);
    const i = simInputs(sim);
    const acc = accountPath({
      subscriptionId: i.subscriptionId,
      resourceGroup: i.resourceGroup,
      account: i.automationAccount!,
    });
    const schedules = (await armFetch(sim, 'GET', `${acc}/schedules`, { apiVersion: V })).json.value;
    expect(schedules.map((s: any) => [s.name, s.properties.frequency, s.properties.timeZone]).sort()).toEqual([
      ['nightly', 'Day', 'Europe/Amsterdam'],
      ['weekly', 'Week', 'UTC'],
    ]);
    const jobs = (await armFetch(sim, 'GET', `${acc}/jobSchedules`, { apiVersion: V })).json.value;
    expect(
      jobs.map((j: any) => [j.properties.runbook.name, j.properties.schedule.name, j.properties.parameters]).sort(),
    ).toEqual([
      ['Cleanup', 'nightly', { days: '90' }],
      ['Cleanup', 'weekly', { days: '7', mode: 'full' }],
      ['Report', 'nightly', { days: '1' }],
    ]);

    let seq = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply', inputs, opts))).toEqual([]);
    expect(writesSince(sim, seq)).toEqual([]);
    await fetch(`${sim.url}/_sim/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 86_400_000 }) });
    seq = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply', inputs, opts))).toEqual([]);
    expect(writesSince(sim, seq)).toEqual([]);

    // drift by hand: nightly disabled, one job schedule deleted; a hand-made schedule beside them
    await armFetch(sim, 'PATCH', `${acc}/schedules/nightly`, {
      apiVersion: V,
      body: { properties: { isEnabled: false } },
    });
    await armFetch(sim, 'DELETE', `${acc}/jobSchedules/${jobs[0].name}`, { apiVersion: V });
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await armFetch(sim, 'PUT', `${acc}/schedules/hand`, {
      apiVersion: V,
      body: { name: 'hand', properties: { startTime: start, frequency: 'Day', interval: 1 } },
    });
    const plan = await run(sim, 'plan', inputs, opts);
    expect(kindsOf(plan).sort()).toEqual([
      `create job-schedule ${jobs[0].properties.runbook.name} @ ${jobs[0].properties.schedule.name}`,
      'update schedule nightly',
    ]);
    await run(sim, 'apply', inputs, opts);
    expect(kindsOf(await run(sim, 'plan', inputs, opts))).toEqual([]);
    const after = (await armFetch(sim, 'GET', `${acc}/schedules`, { apiVersion: V })).json.value;
    expect(after.map((s: any) => s.name).sort()).toEqual(['hand', 'nightly', 'weekly']);
  }, 120_000);
});
