// Job schedules of the desired-state file: each runbook entry's `schedules`, one per runbook and
// schedule (Azure refuses a second). PUT only (201, a new GUID), no PATCH: a changed parameter set
// is delete + PUT. Azure stores parameter names lower-cased: names compare case-insensitively,
// values as strings. Ours: a job schedule whose schedule is ours (schedules.ts OWNED_MARK).
import { randomUUID } from 'node:crypto';
import { Minimatch } from 'minimatch';
import type { ParameterValue } from '../config/types.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { accountRef } from './automation-account.js';
import { AUTOMATION_ACCOUNT, JOB_SCHEDULE, OBSERVED, RUNBOOK, SCHEDULE } from './names.js';
import { diffSchedules, isOwned, type ObservedSchedules } from './schedules.js';

export interface DesiredJobSchedule {
  runbook: string;
  schedule: string;
  /** names lower-cased, values as strings (as Azure stores them) */
  parameters: Record<string, string>;
}

declare module '../engine/types.js' {
  interface Desired {
    jobSchedules?: { items: DesiredJobSchedule[]; prune: boolean };
  }
}

export interface AzureJobSchedule {
  name: string;
  properties?: {
    runbook?: { name?: string };
    schedule?: { name?: string };
    parameters?: Record<string, string> | null;
  };
}

export interface ObservedJobSchedules {
  jobSchedules: AzureJobSchedule[];
  schedules: ObservedSchedules;
}

export interface JobScheduleData {
  /** the job schedule to delete first (replace, prune) */
  deleteId?: string;
  put?: DesiredJobSchedule;
}

const lower = (s?: string) => (s ?? '').toLowerCase();
const onWire = (p: Record<string, ParameterValue>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k.toLowerCase(), String(v)]));
const sameParams = (a: Record<string, string>, b: Record<string, string> | null | undefined) => {
  const o = Object.fromEntries(Object.entries(b ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return Object.keys(a).length === Object.keys(o).length && Object.entries(a).every(([k, v]) => o[k] === v);
};
const label = (j: { runbook: string; schedule: string }) => `${j.runbook} @ ${j.schedule}`;

export function diffJobSchedules(desired: Desired, observed: ObservedJobSchedules): EngineChange<JobScheduleData>[] {
  const wanted = desired.jobSchedules;
  if (!wanted) return [];
  // a replaced schedule takes its job schedules with it: they are re-created
  const replaced = new Set(
    diffSchedules(desired, observed.schedules).flatMap((c) => (c.data.op === 'replace' ? [lower(c.name)] : [])),
  );
  const changes: EngineChange<JobScheduleData>[] = [];
  const matched = new Set<string>();
  for (const j of wanted.items) {
    const found = observed.jobSchedules.find(
      (a) =>
        lower(a.properties?.runbook?.name) === lower(j.runbook) &&
        lower(a.properties?.schedule?.name) === lower(j.schedule),
    );
    if (found) matched.add(found.name);
    const base = { kind: JOB_SCHEDULE, name: label(j), after: { parameters: j.parameters } };
    if (!found) changes.push({ ...base, action: 'create', reason: 'missing', data: { put: j } });
    else if (replaced.has(lower(j.schedule)))
      changes.push({ ...base, action: 'create', reason: 'its schedule is replaced', data: { put: j } });
    else if (!sameParams(j.parameters, found.properties?.parameters))
      changes.push({
        ...base,
        action: 'update',
        reason: 'replace (delete + create): parameters differ',
        before: { parameters: found.properties?.parameters ?? {} },
        data: { deleteId: found.name, put: j },
      });
  }
  if (wanted.prune) {
    const ours = new Set(observed.schedules.schedules.filter(isOwned).map((s) => lower(s.name)));
    for (const a of observed.jobSchedules) {
      if (matched.has(a.name) || !ours.has(lower(a.properties?.schedule?.name))) continue;
      const name = label({
        runbook: a.properties?.runbook?.name ?? '?',
        schedule: a.properties?.schedule?.name ?? '?',
      });
      changes.push({
        kind: JOB_SCHEDULE,
        name,
        action: 'delete',
        reason: 'no longer in the config file (prune: true)',
        data: { deleteId: a.name },
      });
    }
  }
  return changes;
}

async function applyJobSchedule(change: EngineChange<JobScheduleData>, ctx: ApplyContext): Promise<void> {
  const ref = accountRef(ctx.desired);
  const { deleteId, put } = change.data;
  if (deleteId) await ctx.clients.automation.deleteJobSchedule(ref, deleteId);
  if (!put) return;
  await ctx.clients.automation.putJobSchedule(ref, randomUUID(), {
    properties: { schedule: { name: put.schedule }, runbook: { name: put.runbook }, parameters: put.parameters },
  });
}

const ACTION = 'Microsoft.Automation/automationAccounts/jobSchedules';

export const jobScheduleKind: ResourceKind<ObservedJobSchedules, JobScheduleData> = {
  kind: JOB_SCHEDULE,
  dependsOn: () => [AUTOMATION_ACCOUNT, SCHEDULE, RUNBOOK],
  enabled: (d) => d.jobSchedules !== undefined,
  desire: ({ inputs, runbooks }) => {
    const config = inputs.config;
    if (!config) return {};
    const items = (config.runbooks ?? []).flatMap((entry) => {
      const m = new Minimatch(entry.path, { dot: true });
      return (runbooks ?? [])
        .filter((r) => m.match(r.path))
        .flatMap((r) =>
          entry.schedules.map((j) => ({ runbook: r.name, schedule: j.schedule, parameters: onWire(j.parameters) })),
        );
    });
    return { jobSchedules: { items, prune: config.prune } };
  },
  permissions: {
    armRead: (at) => [{ scope: at.scopeOf(at.desired.resourceGroup), action: `${ACTION}/read` }],
    armWrite: (change, at) => {
      const scope = at.scopeOf(at.desired.resourceGroup);
      const data: JobScheduleData = change.data;
      return [...(data.deleteId ? ['delete'] : []), ...(data.put ? ['write'] : [])].map((v) => ({
        scope,
        action: `${ACTION}/${v}`,
      }));
    },
  },
  async observe(ctx) {
    const [{ account }, schedules, jobSchedules] = await Promise.all([
      ctx.get(OBSERVED.account),
      ctx.get(OBSERVED.schedules),
      ctx.clients.automation.listJobSchedules<AzureJobSchedule>(accountRef(ctx.desired)),
    ]);
    return { schedules, jobSchedules: account ? jobSchedules : [] };
  },
  diff: diffJobSchedules,
  // after its own schedule's change and its own runbook's, and every change of the account
  needs: (change, other) => {
    const put = change.data.put;
    if (other.kind === SCHEDULE) return lower(other.name) === lower(put?.schedule);
    if (other.kind === RUNBOOK) return lower(other.name) === lower(put?.runbook);
    return other.kind !== JOB_SCHEDULE;
  },
  apply: applyJobSchedule,
};
