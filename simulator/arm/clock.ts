// Admin calls on simulated time (no Azure counterpart: test hooks, like the rest of /_sim/):
//   POST /_sim/clock {"advanceMs": n} or {"to": "<ISO date-time>"}: moves the clock forward, then
//     settles time-driven state (schedules start the jobs of every run passed, at its run time);
//     answers {now, offsetMs, startedJobs: [job names]}.
//   POST /_sim/schedules/trigger {"scheduleId": "<schedule resource id>"}: starts the jobs of that
//     schedule's job schedules now, as a run would, without moving its nextRun; answers {startedJobs}.
import type { Sim, SimResponse } from '../types.js';
import { getResource } from './common.js';
import { fireDueSchedules, SCHEDULE_TYPE, startScheduledJobs } from './schedule-runner.js';
import { settle } from './settle.js';

function fail(status: number, message: string): SimResponse {
  return { status, body: { error: { code: status === 404 ? 'NotFound' : 'BadRequest', message } } };
}

export function advanceClock(sim: Sim, body: { advanceMs?: unknown; to?: unknown }): SimResponse {
  const now = sim.now();
  let target: number;
  if (body.to !== undefined) target = Date.parse(String(body.to));
  else if (typeof body.advanceMs === 'number') target = now + body.advanceMs;
  else return fail(400, 'Send {"advanceMs": <ms>} or {"to": "<ISO date-time>"}.');
  if (!Number.isFinite(target)) return fail(400, `'${String(body.to)}' is not a date-time.`);
  if (target < now) return fail(400, `The clock only moves forward: ${new Date(target).toISOString()} is before now.`);
  sim.state.clockOffsetMs = (sim.state.clockOffsetMs ?? 0) + (target - now);
  // the schedules first, so the answer can name the jobs they started; settle does the rest
  const startedJobs = fireDueSchedules(sim);
  settle(sim);
  sim.save();
  return {
    status: 200,
    body: { now: new Date(sim.now()).toISOString(), offsetMs: sim.state.clockOffsetMs, startedJobs },
  };
}

export function triggerSchedule(sim: Sim, body: { scheduleId?: unknown }): SimResponse {
  const r = typeof body.scheduleId === 'string' ? getResource(sim, body.scheduleId) : undefined;
  if (!r || r.type !== SCHEDULE_TYPE) return fail(404, `No schedule '${String(body.scheduleId)}'.`);
  const startedJobs = startScheduledJobs(sim, r, sim.now());
  sim.save();
  return { status: 200, body: { startedJobs } };
}
