// Automation schedules of the desired-state file (`schedules`). Azure updates a schedule in place
// only for description and isEnabled (PATCH); any other difference is a replace (delete + create,
// its job schedules re-created by the job-schedule kind). Ownership: schedules carry no tags, so
// ours end their description with OWNED_MARK; prune deletes only those.
import type { Frequency, ScheduleEntry } from '../config/types.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { accountRef } from './automation-account.js';
import { AUTOMATION_ACCOUNT, OBSERVED, SCHEDULE } from './names.js';
import { instantOf, nextOccurrence, onRecurrence, parseLocal, zoneText } from './schedule-time.js';

/** The end of the description of every schedule this action made (Azure keeps descriptions). */
export const OWNED_MARK = '[exo-automation]';
/** A start this close or in the past is moved to the next occurrence (Azure refuses under 5 minutes). */
export const START_LEAD_MS = 10 * 60_000;

declare module '../engine/types.js' {
  interface Desired {
    /** the config file's schedules; absent: no config file (the kind is off) */
    schedules?: { entries: Record<string, ScheduleEntry>; prune: boolean };
  }
}

export interface AzureSchedule {
  name: string;
  properties?: {
    description?: string | null;
    startTime?: string;
    expiryTime?: string | null;
    isEnabled?: boolean;
    interval?: number | string | null;
    frequency?: string;
    timeZone?: string | null;
    advancedSchedule?: {
      weekDays?: string[] | null;
      monthDays?: number[] | null;
      monthlyOccurrences?: { occurrence?: number; day?: string }[] | null;
    } | null;
  };
}

export interface ObservedSchedules {
  accountExists: boolean;
  schedules: AzureSchedule[];
  /** when observed: the past-start rule's "now" (diff stays a function of its arguments) */
  now: number;
}

export interface ScheduleData {
  op: 'create' | 'patch' | 'replace' | 'delete';
  body?: Record<string, unknown>;
  /** created disabled: the PUT cannot say so, a PATCH after it does */
  disable?: boolean;
}

const FREQUENCY: Record<Frequency, string> = {
  once: 'OneTime',
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
  month: 'Month',
};

export const isOwned = (s: AzureSchedule) => (s.properties?.description ?? '').endsWith(OWNED_MARK);
export const ownedDescription = (e: ScheduleEntry) => (e.description ? `${e.description} ${OWNED_MARK}` : OWNED_MARK);
const same = (a?: string | null, b?: string | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function advancedOf(e: ScheduleEntry): Record<string, unknown> | undefined {
  if (e['week-days']?.length) return { weekDays: e['week-days'].map(capital) };
  if (e['month-days']?.length) return { monthDays: e['month-days'] };
  if (e['monthly-occurrences']?.length)
    return {
      monthlyOccurrences: e['monthly-occurrences'].map((o) => ({ occurrence: o.occurrence, day: capital(o.day) })),
    };
  return undefined;
}
const capital = (d: string) => d.charAt(0).toUpperCase() + d.slice(1).toLowerCase();

/** Where the schedule starts when created now: the file's start, or its next occurrence in phase. */
export function effectiveStart(e: ScheduleEntry, now: number): number | undefined {
  return nextOccurrence(e, now + START_LEAD_MS);
}

const expiryOf = (e: ScheduleEntry) => (e.expiry ? instantOf(e['time-zone'], parseLocal(e.expiry)) : undefined);

/** The PUT body: times with the zone's offset at that instant, so Azure reads them unambiguously. */
export function scheduleBody(name: string, e: ScheduleEntry, start: number): Record<string, unknown> {
  const tz = e['time-zone'];
  const expiry = expiryOf(e);
  const advancedSchedule = advancedOf(e);
  return {
    name,
    properties: {
      description: ownedDescription(e),
      startTime: zoneText(tz, start),
      ...(expiry !== undefined ? { expiryTime: zoneText(tz, expiry) } : {}),
      frequency: FREQUENCY[e.frequency],
      ...(e.frequency !== 'once' ? { interval: e.interval } : {}),
      timeZone: tz,
      ...(advancedSchedule ? { advancedSchedule } : {}),
    },
  };
}

const sortedText = (v: unknown[] | null | undefined) =>
  JSON.stringify((v ?? []).map((x) => (typeof x === 'string' ? x.toLowerCase() : JSON.stringify(x))).sort());

/** Azure's advancedSchedule and the file's, compared as sets (day names case-insensitively). */
function sameAdvanced(e: ScheduleEntry, a: NonNullable<AzureSchedule['properties']>['advancedSchedule']): boolean {
  const occ = (list: { occurrence?: number; day?: string }[] | null | undefined) =>
    (list ?? []).map((o) => `${o.occurrence}:${(o.day ?? '').toLowerCase()}`);
  return (
    sortedText(a?.weekDays) === sortedText(e['week-days'] ?? []) &&
    sortedText(a?.monthDays) === sortedText(e['month-days'] ?? []) &&
    sortedText(occ(a?.monthlyOccurrences)) === sortedText(occ(e['monthly-occurrences']))
  );
}

/**
 * Why the observed schedule must be replaced, or undefined when its recurrence is the file's.
 * Start: the same phase of the recurrence is in sync once the file's start is near or past (a
 * schedule created at a later occurrence stays clean); before that, the start itself must match.
 */
export function replaceReason(e: ScheduleEntry, s: AzureSchedule, now: number): string | undefined {
  const p = s.properties ?? {};
  if (!same(p.frequency, FREQUENCY[e.frequency])) return `frequency is ${p.frequency}; want ${FREQUENCY[e.frequency]}`;
  if (e.frequency !== 'once' && Number(p.interval ?? 1) !== e.interval)
    return `interval is ${p.interval}; want ${e.interval}`;
  if (!same(p.timeZone || 'UTC', e['time-zone'])) return `time zone is ${p.timeZone}; want ${e['time-zone']}`;
  if (!sameAdvanced(e, p.advancedSchedule)) return 'days or occurrences differ';
  const observed = Date.parse(p.startTime ?? '');
  const start = instantOf(e['time-zone'], parseLocal(e.start));
  const effective = effectiveStart(e, now);
  const inPhase =
    onRecurrence(e, observed) &&
    (effective === undefined || observed <= effective) &&
    (observed >= start || start < now + START_LEAD_MS);
  if (!inPhase) return `start ${p.startTime} is not on the recurrence of ${e.start} ${e['time-zone']}`;
  const azureExpiry = p.expiryTime && !p.expiryTime.startsWith('9999') ? Date.parse(p.expiryTime) : undefined;
  if (azureExpiry !== expiryOf(e)) return `expiry is ${p.expiryTime ?? 'none'}; want ${e.expiry ?? 'none'}`;
  return undefined;
}

function diffOne(
  name: string,
  e: ScheduleEntry,
  s: AzureSchedule | undefined,
  now: number,
): EngineChange<ScheduleData>[] {
  const change = { kind: SCHEDULE, name };
  if (!s || replaceReason(e, s, now)) {
    const start = effectiveStart(e, now);
    if (start === undefined) return []; // a once schedule whose start has passed: nothing left to run
    const body = scheduleBody(name, e, start);
    const reason = s
      ? `replace (delete + create): ${replaceReason(e, s, now)}`
      : `missing; ${e.frequency} from ${zoneText(e['time-zone'], start)}`;
    return [
      {
        ...change,
        action: s ? 'update' : 'create',
        reason,
        after: body.properties,
        data: { op: s ? 'replace' : 'create', body, disable: !e.enabled },
      },
    ];
  }
  const p = s.properties ?? {};
  const description = ownedDescription(e);
  const isEnabled = p.isEnabled !== false;
  if ((p.description ?? '') === description && isEnabled === e.enabled) return [];
  const why = isEnabled !== e.enabled ? `isEnabled is ${isEnabled}; want ${e.enabled}` : 'description differs';
  return [
    {
      ...change,
      action: 'update',
      reason: why,
      before: { description: p.description, isEnabled },
      after: { description, isEnabled: e.enabled },
      data: { op: 'patch', body: { name, properties: { description, isEnabled: e.enabled } } },
    },
  ];
}

export function diffSchedules(desired: Desired, observed: ObservedSchedules): EngineChange<ScheduleData>[] {
  const wanted = desired.schedules;
  if (!wanted) return [];
  const find = (name: string) => observed.schedules.find((s) => same(s.name, name));
  const changes = Object.entries(wanted.entries).flatMap(([name, e]) => diffOne(name, e, find(name), observed.now));
  if (wanted.prune) {
    const named = new Set(Object.keys(wanted.entries).map((n) => n.toLowerCase()));
    for (const s of observed.schedules) {
      if (!isOwned(s) || named.has(s.name.toLowerCase())) continue;
      changes.push({
        kind: SCHEDULE,
        name: s.name,
        action: 'delete',
        reason: 'made by this action and no longer in the config file (prune: true)',
        before: s.properties,
        data: { op: 'delete' },
      });
    }
  }
  return changes;
}

async function applySchedule(change: EngineChange<ScheduleData>, ctx: ApplyContext): Promise<void> {
  const ref = accountRef(ctx.desired);
  const automation = ctx.clients.automation;
  const { op, body } = change.data;
  if (op === 'delete' || op === 'replace') await automation.deleteSchedule(ref, change.name);
  if (op === 'delete') return;
  if (op === 'patch') {
    await automation.patchSchedule(ref, change.name, body);
    return;
  }
  await automation.putSchedule(ref, change.name, body);
  if (change.data.disable)
    await automation.patchSchedule(ref, change.name, { name: change.name, properties: { isEnabled: false } });
}

const ACTION = 'Microsoft.Automation/automationAccounts/schedules';

export const scheduleKind: ResourceKind<ObservedSchedules, ScheduleData> = {
  kind: SCHEDULE,
  dependsOn: () => [AUTOMATION_ACCOUNT],
  enabled: (d) => d.schedules !== undefined,
  desire: ({ inputs }) =>
    inputs.config ? { schedules: { entries: inputs.config.schedules, prune: inputs.config.prune } } : {},
  permissions: {
    armRead: (at) => [{ scope: at.scopeOf(at.desired.resourceGroup), action: `${ACTION}/read` }],
    armWrite: (change, at) => {
      const scope = at.scopeOf(at.desired.resourceGroup);
      const op: ScheduleData['op'] = change.data.op;
      const verbs = op === 'delete' ? ['delete'] : op === 'replace' ? ['delete', 'write'] : ['write'];
      return verbs.map((v) => ({ scope, action: `${ACTION}/${v}` }));
    },
  },
  async observe(ctx) {
    const [{ account }, schedules] = await Promise.all([
      ctx.get(OBSERVED.account),
      ctx.clients.automation.listSchedules<AzureSchedule>(accountRef(ctx.desired)),
    ]);
    return { accountExists: !!account, schedules: account ? schedules : [], now: Date.now() };
  },
  diff: diffSchedules,
  apply: applySchedule,
};
