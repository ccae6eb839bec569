// Local date-times of an IANA time zone as instants, and the recurrences of the desired-state
// file's schedules in wall-clock time (so a daily 02:00 in Europe/Amsterdam stays 02:00 across
// daylight saving time). Pure: every "now" is an argument.
import type { ScheduleEntry } from '../config/types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const WEEK_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

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

/** The wall-clock time of `ms` in `tz`, as a UTC-based number (fields read as if UTC). */
export function wallOf(tz: string, ms: number): number {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const n = (k: string) => Number(parts[k]);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second'));
}

/** Offset of `tz` from UTC at `ms`, in minutes. */
export function offsetMinutes(tz: string, ms: number): number {
  return Math.round((wallOf(tz, Math.floor(ms / 1000) * 1000) - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/** The instant a wall-clock time (UTC-based number) means in `tz`; a time skipped by DST moves forward. */
export function instantOf(tz: string, wall: number): number {
  let t = wall - offsetMinutes(tz, wall) * MINUTE;
  t = wall - offsetMinutes(tz, t) * MINUTE;
  if (wallOf(tz, t) !== wall) t = wall - offsetMinutes(tz, t + HOUR) * MINUTE; // in a DST gap
  return t;
}

/** "2026-12-03T02:00[:SS]" (local, no offset) as a wall-clock number. */
export function parseLocal(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** `ms` as ISO 8601 in `tz` with its offset, no fraction: "2026-12-03T02:00:00+01:00". */
export function zoneText(tz: string, ms: number): string {
  const off = offsetMinutes(tz, ms);
  const abs = Math.abs(off);
  const sign = off < 0 ? '-' : '+';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${new Date(wallOf(tz, ms)).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const dayOfWall = (wall: number) => Math.floor(wall / DAY);
const timeOfWall = (wall: number) => wall - dayOfWall(wall) * DAY;
const monthIndex = (wall: number) => new Date(wall).getUTCFullYear() * 12 + new Date(wall).getUTCMonth();
const lastDay = (wall: number) =>
  new Date(Date.UTC(new Date(wall).getUTCFullYear(), new Date(wall).getUTCMonth() + 1, 0)).getUTCDate();

/** Whether the wall-clock day matches the entry's month days / occurrences (default: the start's day). */
function monthDayMatches(entry: ScheduleEntry, startWall: number, wall: number): boolean {
  const d = new Date(wall);
  const day = d.getUTCDate();
  if (entry['monthly-occurrences']?.length) {
    return entry['monthly-occurrences'].some((o) => {
      if (WEEK_DAYS[d.getUTCDay()] !== o.day.toLowerCase()) return false;
      return o.occurrence === -1 ? day + 7 > lastDay(wall) : Math.ceil(day / 7) === o.occurrence;
    });
  }
  const days = entry['month-days']?.length ? entry['month-days'] : [new Date(startWall).getUTCDate()];
  return days.some((m) => (m === -1 ? day === lastDay(wall) : day === m));
}

/**
 * Whether `ms` is an occurrence of the entry's recurrence anchored at its start (any k, also before
 * the start: same phase). Week: weeks counted from the Sunday of the start's week.
 */
export function onRecurrence(entry: ScheduleEntry, ms: number): boolean {
  const tz = entry['time-zone'];
  const startWall = parseLocal(entry.start);
  const start = instantOf(tz, startWall);
  const n = entry.interval;
  if (entry.frequency === 'once') return ms === start;
  if (entry.frequency === 'hour') return (((ms - start) % (n * HOUR)) + n * HOUR) % (n * HOUR) === 0;
  const wall = wallOf(tz, ms);
  if (timeOfWall(wall) !== timeOfWall(startWall)) return false;
  const mod = (a: number) => ((a % n) + n) % n === 0;
  if (entry.frequency === 'day') return mod(dayOfWall(wall) - dayOfWall(startWall));
  if (entry.frequency === 'week') {
    const weekOf = (w: number) => Math.floor((dayOfWall(w) + 4) / 7); // 1970-01-01 was a Thursday
    const days = entry['week-days']?.length
      ? entry['week-days'].map((d) => d.toLowerCase())
      : [WEEK_DAYS[new Date(startWall).getUTCDay()]];
    return mod(weekOf(wall) - weekOf(startWall)) && days.includes(WEEK_DAYS[new Date(wall).getUTCDay()]);
  }
  return mod(monthIndex(wall) - monthIndex(startWall)) && monthDayMatches(entry, startWall, wall);
}

/**
 * The first occurrence at or after `notBefore` (an instant), searched day by day in wall-clock
 * time from the later of the start and `notBefore`; undefined for a once schedule already past.
 */
export function nextOccurrence(entry: ScheduleEntry, notBefore: number): number | undefined {
  const tz = entry['time-zone'];
  const startWall = parseLocal(entry.start);
  const start = instantOf(tz, startWall);
  if (start >= notBefore) return start;
  if (entry.frequency === 'once') return undefined;
  if (entry.frequency === 'hour') {
    const step = entry.interval * HOUR;
    return start + Math.ceil((notBefore - start) / step) * step;
  }
  const from = dayOfWall(wallOf(tz, notBefore)) * DAY + timeOfWall(startWall);
  // months of 31 days times the interval, plus a year for occurrences such as "5th Monday"
  const limit = 366 + entry.interval * 31 * (entry.frequency === 'month' ? 1 : 0) + entry.interval * 7;
  for (let i = 0; i <= limit; i++) {
    const at = instantOf(tz, from + i * DAY);
    if (at >= notBefore && onRecurrence(entry, at)) return at;
  }
  return undefined;
}
