// What a schedule does when the simulated clock passes its next run: one job per job schedule
// linked to it (the runbook's published content, the job schedule's parameters), created at the
// run time, then nextRun moves to the following occurrence. Runs are made up for when the clock
// jumps (POST /_sim/clock): every occurrence passed gets its jobs, at most MAX_RUNS per schedule
// and call; the rest are skipped. A disabled or expired schedule starts nothing.
import { randomUUID } from 'node:crypto';
import type { ArmResource, Sim } from '../types.js';
import { getResource } from './common.js';
import { jobSchedulesOf } from './job-schedules.js';
import { createJob } from './jobs.js';
import { nextOccurrence, type Recurrence } from './schedule-time.js';

export const SCHEDULE_TYPE = 'Microsoft.Automation/AutomationAccounts/Schedules';
/** Bound on the runs made up for in one call (a 15-minute schedule over a year is 35 040 runs). */
export const MAX_RUNS = 500;

/** A schedule's private record (resource `sim.schedule`). */
export interface ScheduleRecord {
  frequency: Recurrence['frequency'];
  /** as sent (null when not sent: a OneTime schedule answers interval null, azure-powershell#9497) */
  interval: number | null;
  startMs: number;
  /** null: no expiry */
  expiryMs: number | null;
  /** IANA zone the recurrence runs in */
  tz: string;
  /** the zone as the caller spelt it, answered back */
  timeZoneText: string;
  recurrence: Recurrence;
  advancedSchedule: unknown;
  createdMs: number;
  modifiedMs: number;
  nextRunMs: number | null;
}

/** The next run after `t` (strictly after when `strict`), null past the expiry. */
export function nextRunAfter(s: ScheduleRecord, t: number, strict: boolean): number | null {
  const n = nextOccurrence(s.recurrence, t, strict);
  return n !== null && (s.expiryMs === null || n <= s.expiryMs) ? n : null;
}

function accountOf(sim: Sim, schedule: ArmResource): ArmResource | undefined {
  return getResource(sim, schedule.id.replace(/\/schedules\/[^/]+$/i, ''));
}

/**
 * Starts the jobs of every job schedule of `schedule` as of `at`. A job schedule whose runbook is
 * gone or not published starts nothing (UNVERIFIED: what Azure records then is not in the sources).
 * The job's name is a new GUID and `startedBy` is "" (a scheduled job recorded in
 * Azure/azure-powershell#10964 shows "startedBy": ""; how Azure names scheduled jobs is UNVERIFIED).
 */
export function startScheduledJobs(sim: Sim, schedule: ArmResource, at: number): string[] {
  const account = accountOf(sim, schedule);
  if (!account) return [];
  const started: string[] = [];
  for (const js of jobSchedulesOf(sim, account, schedule.name)) {
    const rb = getResource(sim, `${account.id}/runbooks/${js.properties?.runbook?.name}`);
    if (!rb || rb.sim?.publishedContent === undefined) continue;
    const job = createJob(sim, account, rb, {
      name: randomUUID(),
      parameters: { ...(js.properties?.parameters ?? {}) },
      runOn: js.properties?.runOn ?? '',
      startedBy: '',
      at,
    });
    started.push(job.name);
  }
  return started;
}

/** Runs every schedule whose next run has passed; returns the names of the jobs started. */
export function fireDueSchedules(sim: Sim): string[] {
  const now = sim.now();
  const started: string[] = [];
  for (const r of Object.values(sim.state.arm)) {
    const s = r.sim?.schedule as ScheduleRecord | undefined;
    if (r.type !== SCHEDULE_TYPE || !s || s.nextRunMs === null || s.nextRunMs > now) continue;
    let runs = 0;
    while (s.nextRunMs !== null && s.nextRunMs <= now && runs < MAX_RUNS) {
      if (r.properties?.isEnabled !== false) started.push(...startScheduledJobs(sim, r, s.nextRunMs));
      s.nextRunMs = nextRunAfter(s, s.nextRunMs, true);
      runs++;
    }
    if (s.nextRunMs !== null && s.nextRunMs <= now) s.nextRunMs = nextRunAfter(s, now, true);
  }
  return started;
}
