// Automation schedules (schedule.json 2024-10-23): PUT 201/200, PATCH (description, isEnabled
// only), GET, DELETE (200 only), list. Times are answered in the schedule's time zone with its
// offset and without seconds (schedule-time.ts); nextRun follows the recurrence and the simulated
// clock (schedule-runner.ts starts the jobs of its job schedules when it passes).
import { automationError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { AA, AA_TYPE, childId, requireAccount } from './automation-common.js';
import { API_VERSIONS, arm, getResource, guard, putResource, requireObject } from './common.js';
import { registerChildReads, requireChild, type ChildKind } from './child-routes.js';
import { deleteJobSchedulesOf } from './job-schedules.js';
import { fireDueSchedules, nextRunAfter, SCHEDULE_TYPE, type ScheduleRecord } from './schedule-runner.js';
import {
  ianaZone,
  nextOccurrence,
  offsetMinutes,
  parseScheduleTime,
  toMinute,
  WEEK_DAYS,
  zoneTime,
  type MonthlyOccurrence,
  type Recurrence,
} from './schedule-time.js';
import { settleHooks } from './settle.js';

/** As recorded in a real GET (Azure/azure-powershell#9497); the examples show no `type`. */
const TYPE = SCHEDULE_TYPE;
const FREQUENCIES = ['OneTime', 'Day', 'Hour', 'Week', 'Month', 'Minute'] as const;
/**
 * The expiry of a schedule without one: .NET DateTimeOffset.MaxValue, as Automation templates
 * write it (THIRD_PARTY_OBSERVED in a Bicep automation template; UNVERIFIED as the service's answer).
 */
const NO_EXPIRY = '9999-12-31T23:59:59.9999999+00:00';
/**
 * Azure's answer to a start under 5 minutes ahead, verbatim (trailing space included) from a
 * deployment error quoted in Azure/ResourceModules#2216 (flat {code: "BadRequest", message}).
 */
export const START_TOO_SOON =
  'Argument scheduleAllData with value Orchestrator.Schedules.DataAccess.Models.ScheduleAllData is not valid. Error message: The start time of the schedule must be at least 5 minutes after the time you create the schedule. ';

function opts(req: SimRequest, verb: string, name = req.params.schedule) {
  return {
    versions: API_VERSIONS.automation,
    apiType: 'automationAccounts/schedules',
    id: childId(req, `schedules${name ? '/' + name : ''}`),
    action: `${AA_TYPE}/schedules/${verb}`,
  };
}

function record(r: ArmResource): ScheduleRecord {
  return r.sim!.schedule as ScheduleRecord;
}

/** The public body, every time in the schedule's zone. */
export function scheduleView(r: ArmResource): Record<string, unknown> {
  const s = record(r);
  const p = r.properties ?? {};
  const at = (ms: number) => ({ text: zoneTime(s.tz, ms), offset: offsetMinutes(s.tz, ms) });
  const start = at(s.startMs);
  const expiry = s.expiryMs === null ? { text: NO_EXPIRY, offset: 0 } : at(s.expiryMs);
  const next = s.nextRunMs === null ? null : at(s.nextRunMs);
  return {
    id: r.id,
    name: r.name,
    type: TYPE,
    properties: {
      description: p.description ?? null,
      startTime: start.text,
      startTimeOffsetMinutes: start.offset,
      expiryTime: expiry.text,
      expiryTimeOffsetMinutes: expiry.offset,
      isEnabled: p.isEnabled !== false,
      nextRun: next?.text ?? null,
      nextRunOffsetMinutes: next?.offset ?? 0,
      interval: s.interval,
      frequency: s.frequency,
      creationTime: zoneTime(s.tz, s.createdMs, true),
      lastModifiedTime: zoneTime(s.tz, s.modifiedMs, true),
      timeZone: s.timeZoneText,
      advancedSchedule: s.advancedSchedule,
    },
  };
}

const SCHEDULES: ChildKind = {
  parentPattern: AA,
  parent: requireAccount,
  segment: 'schedules',
  param: 'schedule',
  opts: (req, verb, name) => opts(req, verb, name),
  show: (_sim, r) => scheduleView(r),
  // Schedule_Delete declares 200 only (schedule.json); as for modules, also when it is not there.
  // nextLink '...&$skip=100' (the saved list examples, azure-specs facts file)
  skipParam: '$skip',
  deleteMissingStatus: 200,
  cascade: false,
  beforeDelete: (sim, r) => deleteJobSchedulesOf(sim, r),
};

/** 400 of a body the RP cannot use (wording CONSTRUCTED unless a source is named). */
function bad(message: string) {
  return automationError(400, 'BadRequest', message);
}

function advanced(frequency: string, a: unknown): Pick<Recurrence, 'weekDays' | 'monthDays' | 'monthlyOccurrences'> {
  if (a === undefined || a === null) return {};
  if (typeof a !== 'object' || Array.isArray(a)) throw bad('The advancedSchedule property must be an object.');
  const o = a as Record<string, unknown>;
  const day = (d: unknown) => {
    const i = WEEK_DAYS.findIndex((w) => w.toLowerCase() === String(d).toLowerCase());
    if (i < 0) throw bad(`'${String(d)}' is not a day of the week. Use one of ${WEEK_DAYS.join(', ')}.`);
    return i;
  };
  const list = (k: string) => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw bad(`The advancedSchedule ${k} property must be an array.`);
    return v.length ? v : undefined;
  };
  const weekDays = list('weekDays')?.map(day);
  const monthDays = list('monthDays')?.map((d) => {
    if (!Number.isInteger(d) || ((d as number) < 1 && d !== -1) || (d as number) > 31)
      throw bad('Days of the month must be between 1 and 31, or -1 for the last day.');
    return d as number;
  });
  const monthlyOccurrences = list('monthlyOccurrences')?.map((m): MonthlyOccurrence => {
    const occurrence = (m as Record<string, unknown>)?.occurrence;
    if (
      !Number.isInteger(occurrence) ||
      ((occurrence as number) < 1 && occurrence !== -1) ||
      (occurrence as number) > 5
    )
      throw bad('The occurrence of a monthly occurrence must be between 1 and 5, or -1 for the last.');
    return { occurrence: occurrence as number, day: day((m as Record<string, unknown>)?.day) };
  });
  if (weekDays && frequency !== 'Week') throw bad('weekDays can be set only for a Week schedule.');
  if ((monthDays || monthlyOccurrences) && frequency !== 'Month')
    throw bad('monthDays and monthlyOccurrences can be set only for a Month schedule.');
  if (monthDays && monthlyOccurrences) throw bad('Set either monthDays or monthlyOccurrences, not both.');
  return { weekDays, monthDays, monthlyOccurrences };
}

function readInterval(frequency: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw bad('The interval must be a positive integer.');
  // schedule.json's x-ms-enum description of Minute
  if (frequency === 'Minute' && n < 15) throw bad('The minimum allowed interval for Minute schedules is 15 minutes.');
  return n;
}

/** Reads and checks a PUT body into the schedule's record (creation time as given). */
function readSchedule(sim: Sim, p: Record<string, any>, createdMs: number): ScheduleRecord {
  const frequency = FREQUENCIES.find((f) => f.toLowerCase() === String(p.frequency ?? '').toLowerCase());
  if (!frequency) throw bad(`The frequency property is required: one of ${FREQUENCIES.join(', ')}.`);
  // timeZone defaults to UTC (createOrUpdateSchedule.json answers "UTC" to a request without one)
  const timeZoneText = typeof p.timeZone === 'string' && p.timeZone ? p.timeZone : 'UTC';
  const tz = ianaZone(timeZoneText);
  if (!tz)
    throw bad(`The time zone '${timeZoneText}' is not known. Use an IANA time zone name such as Europe/Amsterdam.`);
  const startMs = toMinute(parseScheduleTime(p.startTime, tz));
  if (Number.isNaN(startMs)) throw bad('The startTime property is required and must be a date-time.');
  if (startMs < sim.now() + 5 * 60_000) throw bad(START_TOO_SOON);
  let expiryMs: number | null = null;
  if (p.expiryTime !== undefined && p.expiryTime !== null && p.expiryTime !== '') {
    expiryMs = toMinute(parseScheduleTime(p.expiryTime, tz));
    if (Number.isNaN(expiryMs)) throw bad('The expiryTime property must be a date-time.');
    if (expiryMs < startMs) throw bad('The expiry time of the schedule must be after its start time.');
  }
  const interval = readInterval(frequency, p.interval);
  const adv = advanced(frequency, p.advancedSchedule);
  const hasAdvanced = Object.values(adv).some((v) => v !== undefined);
  const rec: Recurrence = { frequency, interval: interval ?? 1, startMs, tz, ...adv };
  const s: ScheduleRecord = {
    frequency,
    interval,
    startMs,
    expiryMs,
    tz,
    timeZoneText,
    recurrence: rec,
    // an empty or absent advancedSchedule answers null (as recorded in Azure/azure-powershell#9497)
    advancedSchedule: hasAdvanced ? structuredClone(p.advancedSchedule) : null,
    createdMs,
    modifiedMs: sim.now(),
    nextRunMs: null,
  };
  const first = nextOccurrence(rec, sim.now());
  s.nextRunMs = first !== null && (expiryMs === null || first <= expiryMs) ? first : null;
  return s;
}

export function registerSchedules(router: Router): void {
  settleHooks.add(fireDueSchedules);
  const item = `${AA}/schedules/:schedule`;

  router.add(
    'PUT',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const account = requireAccount(req, sim);
      const body = requireObject(req.json(), 'parameters');
      if (!body.properties || typeof body.properties !== 'object')
        throw bad('The properties of the schedule are required.');
      const id = `${account.id}/schedules/${req.params.schedule}`;
      const existing = getResource(sim, id);
      const s = readSchedule(sim, body.properties, existing ? record(existing).createdMs : sim.now());
      const r: ArmResource = existing ?? { id, name: req.params.schedule, type: TYPE };
      // isEnabled: the example answers true to a request without it (the schema default false is not applied)
      r.properties = {
        description: body.properties.description ?? null,
        isEnabled: body.properties.isEnabled !== false,
      };
      r.sim = { ...r.sim, schedule: s };
      putResource(sim, r);
      return { status: existing ? 200 : 201, body: scheduleView(r) };
    }),
  );

  router.add(
    'PATCH',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const r = requireChild(SCHEDULES, req, sim);
      const p = (requireObject(req.json(), 'parameters').properties ?? {}) as Record<string, any>;
      // ScheduleUpdateProperties: description and isEnabled only; anything else is ignored
      if (p.isEnabled !== undefined && typeof p.isEnabled !== 'boolean') throw bad('isEnabled must be a boolean.');
      if (p.description !== undefined) r.properties = { ...r.properties, description: p.description };
      if (p.isEnabled !== undefined) {
        r.properties = { ...r.properties, isEnabled: p.isEnabled };
        // runs passed while disabled are not made up for: the next run is the next one from now
        const s = record(r);
        if (p.isEnabled) s.nextRunMs = nextRunAfter(s, sim.now(), false);
      }
      record(r).modifiedMs = sim.now();
      return { status: 200, body: scheduleView(r) };
    }),
  );

  registerChildReads(router, SCHEDULES);
}
