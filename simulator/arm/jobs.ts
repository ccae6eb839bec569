// Runbook jobs (job.json 2024-10-23): PUT creates a job that "runs" the published runbook with
// the account's identities; its status moves New -> Activating -> Running -> Completed/Failed
// over config.jobMs. Test jobs (runbooks.ts) reuse the same record.
import { randomUUID } from 'node:crypto';
import { automationError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest, SimResponse } from '../types.js';
import { AA, AA_TYPE, childId, childNotFound, requireAccount } from './automation-common.js';
import {
  API_VERSIONS,
  arm,
  automationTime,
  children,
  getResource,
  guard,
  page,
  putResource,
  requireObject,
} from './common.js';
import { exoContext } from './exo-context.js';
import { moduleAvailable } from './imports.js';
import { jobRuntimeContext } from './job-runner-context.js';
import { jobStatusAt, runScript, type RunResult } from './job-runner.js';
import { matches, parseFilter } from './odata-filter.js';

const JOB_TYPE = 'Microsoft.Automation/AutomationAccounts/Jobs';

export interface JobRecord {
  jobId: string;
  createdAt: number;
  result: RunResult;
  runtimeEnvironment?: string;
  /** never leaves Running (fault hook) */
  hang?: boolean;
}

/**
 * Runs `script` now with the account's identities. The outcome is decided at creation; the
 * clock only reveals it (status and streams) as the job advances.
 */
export function startJob(
  sim: Sim,
  account: ArmResource,
  script: string,
  where: { runtimeEnvironment?: string; runbookType?: string },
  at: number = sim.now(),
): JobRecord {
  const exo = moduleAvailable(sim, account, where, 'ExchangeOnlineManagement');
  const fault = account.sim?.jobFault as string | { mode: 'hang' } | undefined;
  const exoCtx = exoContext(sim, account, exo);
  const result: RunResult =
    typeof fault === 'string'
      ? { failed: true, exception: fault, streams: [{ type: 'Error', text: fault }] }
      : runScript(script, { ...exoCtx, ...jobRuntimeContext(sim, account, where, exoCtx) });
  const hang = typeof fault === 'object' && fault?.mode === 'hang';
  return {
    jobId: randomUUID(),
    createdAt: at,
    result,
    runtimeEnvironment: where.runtimeEnvironment,
    ...(hang ? { hang } : {}),
  };
}

/** Status fields shared by jobs and test jobs. */
export function jobStatusFields(sim: Sim, rec: JobRecord) {
  const jobMs = sim.state.config.jobMs;
  const elapsed = sim.now() - rec.createdAt;
  const s = jobStatusAt(rec.hang ? Math.min(elapsed, jobMs * 0.99) : elapsed, jobMs, rec.result.failed);
  const startMs = rec.createdAt + jobMs * 0.35;
  const endMs = rec.createdAt + jobMs;
  const changed = s.ended ? endMs : s.started ? startMs : rec.createdAt;
  return {
    status: s.status,
    statusDetails: 'None',
    creationTime: automationTime(rec.createdAt),
    startTime: s.started ? automationTime(startMs) : null,
    endTime: s.ended ? automationTime(endMs) : null,
    exception: s.ended && rec.result.failed ? (rec.result.exception ?? null) : null,
    lastModifiedTime: automationTime(changed),
    lastStatusModifiedTime: automationTime(changed),
    provisioningState: s.ended ? (rec.result.failed ? 'Failed' : 'Succeeded') : 'Processing',
    ended: s.ended,
    started: s.started,
  };
}

interface StreamItem {
  streamId: string;
  type: string;
  text: string;
  time: string;
}

/** Stream records become visible once the job has ended (all at once, as a finished job shows them). */
export function jobStreams(sim: Sim, rec: JobRecord, filter?: string | null): StreamItem[] {
  const f = jobStatusFields(sim, rec);
  if (!f.ended) return [];
  const base = rec.createdAt + sim.state.config.jobMs * 0.35;
  const ticks = BigInt(base) * 10000n + 621355968000000000n;
  const wanted = /streamType\s+eq\s+'([A-Za-z]+)'/i.exec(filter ?? '')?.[1];
  return rec.result.streams
    .map((s, i) => ({
      streamId: `${rec.jobId}_${String(ticks + BigInt(i)).padStart(20, '0')}_${String(i + 1).padStart(20, '0')}`,
      type: s.type,
      text: s.text,
      time: automationTime(base + i),
    }))
    .filter((s) => !wanted || wanted.toLowerCase() === 'any' || s.type.toLowerCase() === wanted.toLowerCase());
}

export function streamListBody(req: SimRequest, sim: Sim, baseId: string, rec: JobRecord) {
  const items = jobStreams(sim, rec, req.query.get('$filter')).map((s) => ({
    id: `${baseId}/streams/${s.streamId}`,
    properties: { jobStreamId: s.streamId, streamType: s.type, summary: summary(s.text), time: s.time },
  }));
  return page(req, sim, items);
}

export function streamGet(req: SimRequest, sim: Sim, baseId: string, rec: JobRecord, what: string): SimResponse {
  const s = jobStreams(sim, rec).find((x) => x.streamId === req.params.streamId);
  if (!s) throw childNotFound(req, `${what}/streams/${req.params.streamId}`);
  return {
    status: 200,
    body: {
      id: `${baseId}/streams/${s.streamId}`,
      properties: {
        jobStreamId: s.streamId,
        streamText: s.text,
        streamType: s.type,
        summary: summary(s.text),
        time: s.time,
        value: {},
      },
    },
  };
}

function summary(text: string): string | null {
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  return first ? first.slice(0, 200) : null;
}

export function outputText(sim: Sim, rec: JobRecord): string {
  return jobStreams(sim, rec)
    .filter((s) => s.type === 'Output')
    .map((s) => s.text)
    .join('\n');
}

function jobBody(sim: Sim, r: ArmResource) {
  const rec = r.sim!.job as JobRecord;
  const { ended: _e, started: _s, ...f } = jobStatusFields(sim, rec);
  return {
    id: r.id,
    name: r.name,
    type: JOB_TYPE,
    properties: {
      jobId: rec.jobId,
      runbook: r.properties?.runbook,
      startedBy: r.properties?.startedBy ?? null,
      runOn: r.properties?.runOn ?? '',
      parameters: r.properties?.parameters ?? {},
      ...(rec.runtimeEnvironment ? { jobRuntimeEnvironment: { runtimeEnvironmentName: rec.runtimeEnvironment } } : {}),
      ...f,
    },
  };
}

export interface NewJob {
  name: string;
  parameters: Record<string, unknown>;
  runOn: string;
  startedBy: string | null;
  /** creation time (default now): a schedule's job is created at its run time */
  at?: number;
}

/** Stores a job of the published runbook `rb` and starts it; the caller checked it is published. */
export function createJob(sim: Sim, account: ArmResource, rb: ArmResource, job: NewJob): ArmResource {
  const rec = startJob(
    sim,
    account,
    String(rb.sim?.publishedContent ?? ''),
    { runtimeEnvironment: rb.properties?.runtimeEnvironment, runbookType: rb.properties?.runbookType },
    job.at,
  );
  rb.properties = { ...rb.properties, jobCount: Number(rb.properties?.jobCount ?? 0) + 1 };
  const r: ArmResource = {
    id: `${account.id}/jobs/${job.name}`,
    name: job.name,
    type: JOB_TYPE,
    properties: { runbook: { name: rb.name }, parameters: job.parameters, runOn: job.runOn, startedBy: job.startedBy },
    sim: { job: rec },
  };
  return putResource(sim, r);
}

/** The jobs list's `$filter` paths (see odata-filter.ts). */
const JOB_FILTER = {
  'properties/runbook/name': 'string',
  'properties/status': 'string',
  'properties/provisioningstate': 'string',
  'properties/starttime': 'time',
  'properties/endtime': 'time',
  'properties/creationtime': 'time',
  'properties/lastmodifiedtime': 'time',
} as const;

function jobListItems(req: SimRequest, sim: Sim, account: ArmResource) {
  const clauses = parseFilter(req.query.get('$filter'), JOB_FILTER);
  return children(sim, account.id, 'jobs')
    .map((r) => jobBody(sim, r))
    .filter((b) =>
      matches(clauses, (path) => {
        const p = b.properties as Record<string, any>;
        if (path === 'properties/runbook/name') return p.runbook?.name;
        const key = Object.keys(p).find((k) => `properties/${k.toLowerCase()}` === path);
        return key ? p[key] : undefined;
      }),
    )
    .map((b) => ({ id: b.id, name: b.name, type: b.type, properties: collectionItem(b.properties) }));
}

/**
 * A list item has JobCollectionItem's properties only (job.json): no parameters, exception or
 * status details; the service's list omits the exception too (Azure/azure-powershell#22147).
 */
function collectionItem(p: Record<string, unknown>): Record<string, unknown> {
  const keep = ['jobId', 'runbook', 'startedBy', 'creationTime', 'status', 'startTime', 'endTime'];
  const out = Object.fromEntries(keep.filter((k) => k in p).map((k) => [k, p[k]]));
  return {
    ...out,
    lastModifiedTime: p.lastModifiedTime,
    provisioningState: p.provisioningState,
    ...(p.jobRuntimeEnvironment ? { jobRuntimeEnvironment: p.jobRuntimeEnvironment } : {}),
    runOn: p.runOn,
  };
}

export function registerJobs(router: Router): void {
  const opts = (req: SimRequest, verb: string, rest = '') => ({
    versions: API_VERSIONS.automation,
    apiType: 'automationAccounts/jobs',
    id: childId(req, `jobs${req.params.job ? '/' + req.params.job : ''}${rest}`),
    action: `${AA_TYPE}/jobs/${verb}`,
  });
  const find = (req: SimRequest, sim: Sim) => {
    const account = requireAccount(req, sim);
    const r = getResource(sim, `${account.id}/jobs/${req.params.job}`);
    if (!r) throw childNotFound(req, `jobs/${req.params.job}`);
    return r;
  };

  router.add(
    'PUT',
    `${AA}/jobs/:job`,
    arm(async (req, sim) => {
      const { claims } = await guard(req, sim, opts(req, 'write'));
      const account = requireAccount(req, sim);
      const body = requireObject(req.json(), 'parameters');
      const rbName = body.properties?.runbook?.name;
      if (typeof rbName !== 'string' || !rbName)
        throw automationError(400, 'BadRequest', 'The runbook name is required.');
      if (getResource(sim, `${account.id}/jobs/${req.params.job}`)) {
        throw automationError(409, 'Conflict', `A job with the name '${req.params.job}' already exists.`);
      }
      const rb = getResource(sim, `${account.id}/runbooks/${rbName}`);
      if (!rb) throw automationError(404, 'NotFound', `Runbook '${rbName}' not found.`);
      if (rb.sim?.publishedContent === undefined)
        throw automationError(400, 'BadRequest', `Runbook '${rb.name}' is not published.`);
      const r = createJob(sim, account, rb, {
        name: req.params.job,
        parameters: body.properties?.parameters ?? {},
        runOn: body.properties?.runOn ?? '',
        startedBy: claims.appid ?? null,
      });
      // The creation answer names no starter yet ("startedBy": null); later reads do (python recording).
      const created = jobBody(sim, r);
      created.properties.startedBy = null;
      return { status: 201, body: created };
    }),
  );

  router.add(
    'GET',
    `${AA}/jobs/:job`,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'read'));
      return { status: 200, body: jobBody(sim, find(req, sim)) };
    }),
  );

  router.add(
    'GET',
    `${AA}/jobs`,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'read'));
      const account = requireAccount(req, sim);
      const body = page(req, sim, jobListItems(req, sim, account));
      // the last page says "nextLink": null (listJobsByAutomationAccount.json)
      return { status: 200, body: { ...body, nextLink: body.nextLink ?? null } };
    }),
  );

  router.add(
    'GET',
    `${AA}/jobs/:job/output`,
    arm(async (req, sim) => {
      await guard(req, sim, { ...opts(req, 'read', '/output'), action: `${AA_TYPE}/jobs/output/read` });
      const r = find(req, sim);
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: outputText(sim, r.sim!.job as JobRecord) };
    }),
  );

  router.add(
    'GET',
    `${AA}/jobs/:job/streams`,
    arm(async (req, sim) => {
      await guard(req, sim, { ...opts(req, 'read', '/streams'), action: `${AA_TYPE}/jobs/streams/read` });
      const r = find(req, sim);
      return { status: 200, body: streamListBody(req, sim, r.id, r.sim!.job as JobRecord) };
    }),
  );

  router.add(
    'GET',
    `${AA}/jobs/:job/streams/:streamId`,
    arm(async (req, sim) => {
      await guard(req, sim, { ...opts(req, 'read', '/streams'), action: `${AA_TYPE}/jobs/streams/read` });
      const r = find(req, sim);
      return streamGet(req, sim, r.id, r.sim!.job as JobRecord, `jobs/${req.params.job}`);
    }),
  );
}
