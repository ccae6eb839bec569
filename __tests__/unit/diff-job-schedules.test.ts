import { describe, expect, it } from '@jest/globals';
import type { Desired } from '../../src/engine/types.js';
import { diffJobSchedules, type AzureJobSchedule } from '../../src/kinds/job-schedules.js';
import { OWNED_MARK, type AzureSchedule } from '../../src/kinds/schedules.js';
import { desired } from './engine-fixtures.js';

const NOW = Date.parse('2026-12-02T16:00:00Z');
const nightly: AzureSchedule = {
  name: 'nightly',
  properties: {
    description: OWNED_MARK,
    frequency: 'Day',
    interval: 1,
    timeZone: 'UTC',
    startTime: '2026-12-03T02:00:00+00:00',
    isEnabled: true,
  },
};
const hand: AzureSchedule = { name: 'hand', properties: { description: 'mine', frequency: 'Day' } };
const d = (prune = false): Desired => ({
  ...desired(),
  schedules: {
    entries: {
      nightly: { frequency: 'day', interval: 1, start: '2026-12-01T02:00', 'time-zone': 'UTC', enabled: true },
    },
    prune,
  },
  jobSchedules: { items: [{ runbook: 'Cleanup', schedule: 'nightly', parameters: { daysinactive: '90' } }], prune },
});
const js = (id: string, runbook: string, schedule: string, parameters: Record<string, string>): AzureJobSchedule => ({
  name: id,
  properties: { runbook: { name: runbook }, schedule: { name: schedule }, parameters },
});
const obs = (jobSchedules: AzureJobSchedule[], schedules = [nightly, hand]) => ({
  jobSchedules,
  schedules: { accountExists: true, schedules, now: NOW },
});

describe('diffJobSchedules', () => {
  it('creates a missing one; names compare case-insensitively, values as strings', () => {
    expect(diffJobSchedules(d(), obs([])).map((c) => [c.name, c.action])).toEqual([['Cleanup @ nightly', 'create']]);
    expect(diffJobSchedules(d(), obs([js('g1', 'cleanup', 'NIGHTLY', { DaysInactive: '90' })]))).toEqual([]);
  });
  it('a parameter change is delete + create with a new id', () => {
    const [c] = diffJobSchedules(d(), obs([js('g1', 'Cleanup', 'nightly', { daysinactive: '30' })]));
    expect(c).toMatchObject({ action: 'update', reason: 'replace (delete + create): parameters differ' });
    expect(c.data).toEqual({
      deleteId: 'g1',
      put: { runbook: 'Cleanup', schedule: 'nightly', parameters: { daysinactive: '90' } },
    });
  });
  it('is re-created when its schedule is replaced', () => {
    const moved = { ...nightly, properties: { ...nightly.properties, frequency: 'Hour' } };
    const [c] = diffJobSchedules(d(), obs([js('g1', 'Cleanup', 'nightly', { daysinactive: '90' })], [moved]));
    expect(c).toMatchObject({ action: 'create', reason: 'its schedule is replaced' });
  });
  it('prune deletes only job schedules of our schedules', () => {
    const observed = obs([
      js('g1', 'Cleanup', 'nightly', { daysinactive: '90' }),
      js('g2', 'Other', 'nightly', {}),
      js('g3', 'Other', 'hand', {}),
    ]);
    expect(diffJobSchedules(d(false), observed)).toEqual([]);
    expect(diffJobSchedules(d(true), observed).map((c) => [c.name, c.action, c.data.deleteId])).toEqual([
      ['Other @ nightly', 'delete', 'g2'],
    ]);
  });
});
