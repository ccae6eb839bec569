// Time arithmetic of Automation schedules, pure: instants in an IANA time zone through Intl (so
// daylight saving time is honoured, as Azure documents: "Azure Automation supports Daylight
// Savings Time and schedules it appropriately"), the answer's time format and the recurrences
// of schedule.json (OneTime, Minute, Hour, Day, Week, Month with advancedSchedule).

const MINUTE = 60_000;
const DAY = 86_400_000;
export const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether Intl knows the time zone (IANA names such as Europe/Amsterdam, and UTC). */
export function knownTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * Windows time zone names Azure also accepts (a recorded schedule answers "timeZone": "W. Europe
 * Standard Time", Azure/azure-powershell#9497), to the IANA zone Unicode CLDR's windowsZones.xml
 * maps each to (territory 001). The common ones only; others are refused as unknown.
 */
const WINDOWS_ZONES: Record<string, string> = {
  utc: 'UTC',
  'gmt standard time': 'Europe/London',
  'greenwich standard time': 'Atlantic/Reykjavik',
  'w. europe standard time': 'Europe/Berlin',
  'central europe standard time': 'Europe/Budapest',
  'romance standard time': 'Europe/Paris',
  'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau',
  'fle standard time': 'Europe/Kiev',
  'gtb standard time': 'Europe/Bucharest',
  'russian standard time': 'Europe/Moscow',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'pacific standard time': 'America/Los_Angeles',
  'e. south america standard time': 'America/Sao_Paulo',
  'south africa standard time': 'Africa/Johannesburg',
  'arabian standard time': 'Asia/Dubai',
  'india standard time': 'Asia/Calcutta',
  'china standard time': 'Asia/Shanghai',
  'singapore standard time': 'Asia/Singapore',
  'tokyo standard time': 'Asia/Tokyo',
  'aus eastern standard time': 'Australia/Sydney',
  'new zealand standard time': 'Pacific/Auckland',
};

/** The IANA zone a schedule's `timeZone` names (an IANA name, or a Windows name above), or undefined. */
export function ianaZone(name: string): string | undefined {
  const windows = WINDOWS_ZONES[name.trim().toLowerCase()];
  if (windows) return windows;
  return knownTimeZone(name) ? name : undefined;
}

/** Wall-clock fields of an instant in `tz`. */
export function localTime(tz: string, ms: number): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

/** Minutes `tz` is ahead of UTC at `ms` (Europe/Amsterdam: 60 in winter, 120 in summer). */
export function offsetMinutes(tz: string, ms: number): number {
  const l = localTime(tz, ms);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return Math.round((asUtc - Math.floor(ms / MINUTE) * MINUTE) / MINUTE);
}

/**
 * The instant a wall-clock time in `tz` names. Fields may overflow (day 32 is the next month's
 * first). A time skipped by a spring-forward change lands an hour later, as clocks do.
 */
export function fromLocal(tz: string, l: LocalTime): number {
  const guess = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  const first = guess - offsetMinutes(tz, guess) * MINUTE;
  return guess - offsetMinutes(tz, first) * MINUTE;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

function offsetText(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * An instant as the Automation RP writes schedule times: local time of the schedule's zone with its
 * offset, e.g. 2017-03-27T17:28:00+00:00 (createOrUpdateSchedule.json) or 2020-04-18T01:59:00+02:00
 * (a recorded W. Europe schedule, Azure/azure-powershell#9497); `withMs` adds the milliseconds the
 * creation and modification times carry (2017-03-27T16:59:22.697+00:00).
 */
export function zoneTime(tz: string, ms: number, withMs = false): string {
  const off = offsetMinutes(tz, ms);
  const l = new Date(ms + off * MINUTE);
  const base = `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}T${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}`;
  return `${base}${withMs ? '.' + pad(l.getUTCMilliseconds(), 3) : ''}${offsetText(off)}`;
}

/**
 * A request time: with an offset or `Z` it is an instant; without one it is a wall-clock time in
 * the schedule's zone (CONSTRUCTED: the swagger says only `date-time`). NaN when unreadable.
 */
export function parseScheduleTime(text: unknown, tz: string): number {
  if (typeof text !== 'string') return NaN;
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return Date.parse(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi] = m.map(Number);
  return fromLocal(tz, { year: y, month: mo, day: d, hour: h, minute: mi });
}

/** Seconds and fractions are dropped: 17:28:57.2494819Z becomes 17:28:00 (createOrUpdateSchedule.json). */
export function toMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

export interface MonthlyOccurrence {
  /** 1-5, or -1 for the last */
  occurrence: number;
  /** index in WEEK_DAYS */
  day: number;
}

export interface Recurrence {
  frequency: 'OneTime' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';
  interval: number;
  startMs: number;
  tz: string;
  /** indexes in WEEK_DAYS (Week) */
  weekDays?: number[];
  /** 1-31, -1 = the last day (Month) */
  monthDays?: number[];
  monthlyOccurrences?: MonthlyOccurrence[];
}

/** The first occurrence at or after `after` (strictly after when `strict`), or null. */
export function nextOccurrence(rec: Recurrence, after: number, strict = false): number | null {
  const ok = (t: number) => t >= rec.startMs && (strict ? t > after : t >= after);
  switch (rec.frequency) {
    case 'OneTime':
      return ok(rec.startMs) ? rec.startMs : null;
    case 'Minute':
    case 'Hour': {
      const step = rec.interval * (rec.frequency === 'Minute' ? MINUTE : 60 * MINUTE);
      if (ok(rec.startMs)) return rec.startMs;
      let k = Math.max(0, Math.ceil((after - rec.startMs) / step));
      while (!ok(rec.startMs + k * step)) k++;
      return rec.startMs + k * step;
    }
    default:
      return calendarNext(rec, ok, after);
  }
}

/** Day, Week, Month: walk periods of `interval` from the start's, in wall-clock time. */
function calendarNext(rec: Recurrence, ok: (t: number) => boolean, after: number): number | null {
  const start = localTime(rec.tz, rec.startMs);
  const periodDays = rec.frequency === 'Day' ? rec.interval : rec.frequency === 'Week' ? 7 * rec.interval : 0;
  // skip the periods wholly before `after` (a day of slack for offsets and month lengths)
  const behind = Math.max(0, after - rec.startMs - DAY);
  let k = periodDays ? Math.floor(behind / (periodDays * DAY)) : Math.floor(behind / (31 * DAY) / rec.interval);
  for (let guard = 0; guard < 10_000; guard++, k++) {
    const found = candidates(rec, start, k)
      .sort((a, b) => a - b)
      .find(ok);
    if (found !== undefined) return found;
  }
  return null;
}

/** The occurrences of period `k` (not filtered by start or `after`). */
function candidates(rec: Recurrence, start: LocalTime, k: number): number[] {
  const at = (year: number, month: number, day: number) =>
    fromLocal(rec.tz, { year, month, day, hour: start.hour, minute: start.minute });
  if (rec.frequency === 'Day') return [at(start.year, start.month, start.day + k * rec.interval)];
  if (rec.frequency === 'Week') {
    const startWeekDay = new Date(Date.UTC(start.year, start.month - 1, start.day)).getUTCDay();
    // weeks run Monday to Sunday (DERIVED: how Azure anchors a multi-week interval is not documented)
    const monday = start.day - ((startWeekDay + 6) % 7) + 7 * k * rec.interval;
    const days = rec.weekDays?.length ? rec.weekDays : [startWeekDay];
    return days.map((d) => at(start.year, start.month, monday + ((d + 6) % 7)));
  }
  const first = new Date(Date.UTC(start.year, start.month - 1 + k * rec.interval, 1));
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth() + 1;
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const days: number[] = [];
  if (rec.monthDays?.length) {
    for (const d of rec.monthDays)
      if (d === -1) days.push(length);
      else if (d >= 1 && d <= length) days.push(d); // a month without that day has no run (DERIVED)
  } else if (rec.monthlyOccurrences?.length) {
    for (const o of rec.monthlyOccurrences) {
      const firstDay = (7 + o.day - first.getUTCDay()) % 7;
      const lastDay = length - ((new Date(Date.UTC(year, month - 1, length)).getUTCDay() - o.day + 7) % 7);
      const d = o.occurrence === -1 ? lastDay : 1 + firstDay + 7 * (o.occurrence - 1);
      if (d >= 1 && d <= length) days.push(d);
    }
  } else if (start.day <= length) days.push(start.day);
  return days.map((d) => at(year, month, d));
}
