import { describe, expect, it } from '@jest/globals';
import type { ScheduleEntry } from '../../src/config/types.js';
import type { Desired } from '../../src/engine/types.js';
import { diffSchedules, OWNED_MARK, type AzureSchedule } from '../../src/kinds/schedules.js';
import { instantOf, onRecurrence, parseLocal, zoneText } from '../../src/kinds/schedule-time.js';
import { desired } from './engine-fixtures.js';

const NOW = Date.parse('2026-12-02T16:00:00Z');
const daily: ScheduleEntry = {
  frequency: 'day',
  interval: 1,
  start: '2026-11-01T02:00',
  'time-zone': 'Europe/Amsterdam',
  enabled: true,
  description: 'nightly cleanup',
};
const weekly: ScheduleEntry = {
  frequency: 'week',
  interval: 1,
  start: '2026-11-02T07:30',
  'time-zone': 'UTC',
  'week-days': ['monday', 'friday'],
  enabled: true,
};

function want(entries: Record<string, ScheduleEntry>, prune = false): Desired {
  return { ...desired(), schedules: { entries, prune } };
}

/** What Azure answers for a schedule created from `after` (times in the zone's offset, no fraction). */
function asAzure(name: string, after: Record<string, any>, extra: Record<string, unknown> = {}): AzureSchedule {
  return {
    name,
    properties: {
      ...after,
      interval: after.interval ?? null,
      expiryTime: after.expiryTime ?? '9999-12-31T23:59:59.9999999+00:00',
      isEnabled: true,
      advancedSchedule: after.advancedSchedule ?? null,
      ...extra,
    },
  };
}

function converge(d: Desired, now: number): AzureSchedule[] {
  return diffSchedules(d, { accountExists: true, schedules: [], now }).map((c) =>
    asAzure(c.name, c.after as Record<string, unknown>),
  );
}

describe('schedule time', () => {
  it('keeps the wall-clock time across daylight saving time', () => {
    expect(zoneText('Europe/Amsterdam', instantOf('Europe/Amsterdam', parseLocal('2026-07-01T02:00')))).toBe(
      '2026-07-01T02:00:00+02:00',
    );
    expect(onRecurrence(daily, Date.parse('2026-07-01T02:00:00+02:00'))).toBe(true);
    expect(onRecurrence(daily, Date.parse('2026-07-01T02:00:00+01:00'))).toBe(false);
  });
});

describe('diffSchedules', () => {
  it('creates a past start at the next occurrence at least 10 minutes ahead, in the zone offset', () => {
    const [c] = diffSchedules(want({ nightly: daily }), { accountExists: true, schedules: [], now: NOW });
    expect(c.action).toBe('create');
    expect(c.after).toEqual({
      description: `nightly cleanup ${OWNED_MARK}`,
      startTime: '2026-12-03T02:00:00+01:00',
      frequency: 'Day',
      interval: 1,
      timeZone: 'Europe/Amsterdam',
    });
  });

  it('moves a start under 10 minutes ahead to the next occurrence; keeps a start far ahead', () => {
    const near = { ...daily, 'time-zone': 'UTC', start: '2026-12-02T16:05' };
    const far = { ...daily, start: '2027-01-05T02:00' };
    const changes = diffSchedules(want({ near, far }), { accountExists: true, schedules: [], now: NOW });
    expect(changes.map((c) => (c.after as { startTime: string }).startTime)).toEqual([
      '2026-12-03T16:05:00+00:00',
      '2027-01-05T02:00:00+01:00',
    ]);
  });

  it('weekly Monday and Friday: the next of those days, days sent capitalised', () => {
    const [c] = diffSchedules(want({ weekly }), { accountExists: true, schedules: [], now: NOW });
    // 2026-12-02 is a Wednesday
    expect(c.after).toMatchObject({
      startTime: '2026-12-04T07:30:00+00:00',
      advancedSchedule: { weekDays: ['Monday', 'Friday'] },
    });
  });

  it('what it created is in sync, again a day and half a year later (same phase, across DST)', () => {
    const d = want({ nightly: daily, weekly });
    const azure = converge(d, NOW);
    for (const now of [NOW, NOW + 86_400_000, NOW + 200 * 86_400_000]) {
      expect(diffSchedules(d, { accountExists: true, schedules: azure, now })).toEqual([]);
    }
    const summer = asAzure('nightly', { ...azure[0].properties, startTime: '2027-06-01T02:00:00+02:00' });
    const june = Date.parse('2027-06-10T00:00:00Z');
    expect(diffSchedules(want({ nightly: daily }), { accountExists: true, schedules: [summer], now: june })).toEqual(
      [],
    );
    // an Azure start later than the next run the file asks for skips runs: replaced
    expect(
      diffSchedules(want({ nightly: daily }), { accountExists: true, schedules: [summer], now: NOW }),
    ).toHaveLength(1);
  });

  it('a schedule disabled by hand is patched; description too', () => {
    const d = want({ nightly: daily });
    const [azure] = converge(d, NOW);
    azure.properties!.isEnabled = false;
    const [c] = diffSchedules(d, { accountExists: true, schedules: [azure], now: NOW });
    expect(c).toMatchObject({ action: 'update', reason: 'isEnabled is false; want true', data: { op: 'patch' } });
    expect(c.data.body).toEqual({
      name: 'nightly',
      properties: { description: `nightly cleanup ${OWNED_MARK}`, isEnabled: true },
    });
  });

  it('a recurrence, phase, zone or expiry difference is a replace', () => {
    const d = want({ nightly: daily });
    const [azure] = converge(d, NOW);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ frequency: 'Hour' }, /frequency is Hour; want Day/],
      [{ interval: 2 }, /interval is 2; want 1/],
      [{ timeZone: 'UTC' }, /time zone is UTC/],
      [{ startTime: '2026-12-03T03:00:00+01:00' }, /not on the recurrence/],
      [{ expiryTime: '2027-01-01T00:00:00+01:00' }, /expiry is 2027-01-01T00:00:00\+01:00; want none/],
    ];
    for (const [patch, reason] of cases) {
      const [c] = diffSchedules(d, {
        accountExists: true,
        schedules: [asAzure('nightly', { ...azure.properties, ...patch })],
        now: NOW,
      });
      expect(c.data.op).toBe('replace');
      expect(c.reason).toMatch(/^replace \(delete \+ create\): /);
      expect(c.reason).toMatch(reason);
    }
  });

  it('a start still ahead must match exactly; an expiry compares as an instant', () => {
    const far = { ...daily, start: '2027-01-05T02:00', expiry: '2027-12-31T00:00' };
    const d = want({ far });
    const [azure] = converge(d, NOW);
    expect(azure.properties!.expiryTime).toBe('2027-12-31T00:00:00+01:00');
    const utc = asAzure('far', { ...azure.properties, expiryTime: '2027-12-30T23:00:00+00:00' });
    expect(diffSchedules(d, { accountExists: true, schedules: [utc], now: NOW })).toEqual([]);
    const later = asAzure('far', { ...azure.properties, startTime: '2027-01-06T02:00:00+01:00' });
    expect(diffSchedules(d, { accountExists: true, schedules: [later], now: NOW })[0].data.op).toBe('replace');
  });

  it('prune deletes only schedules with the marker; hand-made ones survive', () => {
    const ours = asAzure('old', {
      description: `x ${OWNED_MARK}`,
      frequency: 'Day',
      startTime: '2026-01-01T00:00:00+00:00',
    });
    const hand = asAzure('hand', {
      description: 'made by hand',
      frequency: 'Day',
      startTime: '2026-01-01T00:00:00+00:00',
    });
    const observed = { accountExists: true, schedules: [ours, hand], now: NOW };
    expect(diffSchedules(want({}, false), observed)).toEqual([]);
    expect(diffSchedules(want({}, true), observed).map((c) => [c.name, c.action])).toEqual([['old', 'delete']]);
  });

  it('a disabled schedule is created, then disabled', () => {
    const [c] = diffSchedules(want({ n: { ...daily, enabled: false } }), {
      accountExists: true,
      schedules: [],
      now: NOW,
    });
    expect(c.data).toMatchObject({ op: 'create', disable: true });
  });
});
