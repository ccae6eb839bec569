// Automation variables, schedules, job schedules, scheduled jobs and the jobs list $filter through
// the Azure SDK's own pipeline (@azure/core-rest-pipeline with the bearer-token policy), as the
// action calls ARM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armCredential } from '../helpers/tokens.js';
import { aaPath, armFetch, AUTO, RES, rgPath, waitFor } from '../helpers/arm.js';

let sim: Simulator;
let pipeline: Pipeline;
let client: HttpClient;
const RG = 'rg-assets';
const ACC = 'aa-assets';

interface Sent {
  status: number;
  body: any;
}

async function send(method: string, pathOrUrl: string, body?: unknown): Promise<Sent> {
  const url = pathOrUrl.startsWith('http')
    ? pathOrUrl
    : `${sim.url}${pathOrUrl}${pathOrUrl.includes('?') ? '&' : '?'}api-version=${AUTO}`;
  const req = createPipelineRequest({
    url,
    method: method as 'GET',
    headers: createHttpHeaders(body === undefined ? {} : { 'content-type': 'application/json' }),
  });
  if (body !== undefined) req.body = JSON.stringify(body);
  const res = await pipeline.sendRequest(client, req);
  const text = res.bodyAsText ?? '';
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const acc = () => aaPath(sim, RG, ACC);

beforeAll(async () => {
  sim = await startTestSimulator({ config: { jobMs: 60, lroMs: 40, pageSize: 2 } });
  pipeline = createPipelineFromOptions({});
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential: armCredential(sim),
      scopes: 'https://management.azure.com/.default',
    }),
  );
  client = createDefaultHttpClient();
  await armFetch(sim, 'PUT', rgPath(sim, RG), { apiVersion: RES, body: { location: 'westeurope' } });
  expect((await send('PUT', acc(), { location: 'westeurope', properties: { sku: { name: 'Basic' } } })).status).toBe(
    201,
  );
});
afterAll(async () => {
  await sim.close();
});

describe('variables', () => {
  it('stores the JSON-encoded value byte for byte; PUT again answers 200; PATCH changes value and description', async () => {
    const path = `${acc()}/variables/TenantDomain`;
    const put = await send('PUT', path, { name: 'TenantDomain', properties: { value: '"contoso.com"' } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      name: 'TenantDomain',
      properties: { value: '"contoso.com"', isEncrypted: false, description: null },
    });
    expect((await send('PUT', path, { name: 'TenantDomain', properties: { value: '42' } })).status).toBe(200);
    const patched = await send('PATCH', path, { properties: { value: '"fabrikam.com"', description: 'd' } });
    expect(patched.body.properties).toMatchObject({ value: '"fabrikam.com"', description: 'd' });
    expect((await send('GET', path)).body.properties.value).toBe('"fabrikam.com"');
  });

  it('never returns the value of an encrypted variable, in GET, list or the write answers', async () => {
    const path = `${acc()}/variables/ReportKey`;
    const put = await send('PUT', path, { name: 'ReportKey', properties: { value: '"s3cret"', isEncrypted: true } });
    expect(put.status).toBe(201);
    expect(put.body.properties).not.toHaveProperty('value');
    expect(put.body.properties.isEncrypted).toBe(true);
    const patched = await send('PATCH', path, { properties: { value: '"rotated"' } });
    expect(patched.body.properties).not.toHaveProperty('value');
    const got = await send('GET', path);
    expect(got.body.properties).not.toHaveProperty('value');
    // every page of the list (page size 2)
    const seen: any[] = [];
    for (let url = `${acc()}/variables`; url;) {
      const page = await send('GET', url);
      seen.push(...page.body.value);
      url = page.body.nextLink;
    }
    expect(seen.map((v) => v.name).sort()).toEqual(['ReportKey', 'TenantDomain']);
    expect(JSON.stringify(seen)).not.toMatch(/s3cret|rotated/);
    expect(JSON.stringify(sim.sim.state.arm)).toMatch(/rotated/); // kept, only in private state
  });

  it('DELETE answers 200, also for a variable that is not there, then GET 404', async () => {
    const path = `${acc()}/variables/TenantDomain`;
    expect((await send('DELETE', path)).status).toBe(200);
    expect((await send('DELETE', path)).status).toBe(200);
    expect((await send('GET', path)).status).toBe(404);
  });
});

async function admin(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/_sim/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`/_sim/${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A published runbook (draft upload and publish are LROs; waits for state Published). */
async function publishedRunbook(name: string): Promise<void> {
  const path = `${acc()}/runbooks/${name}`;
  await send('PUT', path, { location: 'westeurope', properties: { runbookType: 'PowerShell', draft: {} } });
  await armFetch(sim, 'PUT', `${path}/draft/content`, {
    apiVersion: AUTO,
    body: 'Write-Output "scheduled run"',
    contentType: 'text/powershell',
  });
  await new Promise((r) => setTimeout(r, 80));
  expect((await send('POST', `${path}/publish`)).status).toBe(202);
  await waitFor(sim, path, AUTO, (b) => b.properties.state === 'Published');
}

/** A wall-clock time in Europe/Amsterdam `days` from the simulator's now, no offset (as the action sends it). */
function localStart(days: number, time: string): string {
  const d = new Date(sim.sim.now() + days * 86400_000);
  return `${d.toISOString().slice(0, 10)}T${time}`;
}

describe('schedules', () => {
  it('refuses a start under 5 minutes ahead with Azure’s text', async () => {
    const r = await send('PUT', `${acc()}/schedules/too-soon`, {
      name: 'too-soon',
      properties: { startTime: new Date(sim.sim.now() + 60_000).toISOString(), frequency: 'OneTime' },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BadRequest');
    expect(r.body.message).toContain(
      'The start time of the schedule must be at least 5 minutes after the time you create the schedule.',
    );
  });

  it('answers times in the schedule’s zone, without seconds; defaults: UTC, enabled, no expiry', async () => {
    const start = new Date(sim.sim.now() + 2 * 3600_000 + 17_345);
    const utc = await send('PUT', `${acc()}/schedules/hourly`, {
      name: 'hourly',
      properties: { startTime: start.toISOString(), frequency: 'Hour', interval: 1 },
    });
    expect(utc.status).toBe(201);
    const minute = start.toISOString().slice(0, 16);
    expect(utc.body.properties).toMatchObject({
      startTime: `${minute}:00+00:00`,
      nextRun: `${minute}:00+00:00`,
      timeZone: 'UTC',
      isEnabled: true,
      expiryTime: '9999-12-31T23:59:59.9999999+00:00',
      advancedSchedule: null,
    });
    const ams = await send('PUT', `${acc()}/schedules/daily-ams`, {
      name: 'daily-ams',
      properties: { startTime: localStart(3, '02:00'), frequency: 'Day', interval: 1, timeZone: 'Europe/Amsterdam' },
    });
    expect(ams.status).toBe(201);
    expect(ams.body.properties.startTime).toMatch(/T02:00:00\+0[12]:00$/);
    expect([60, 120]).toContain(ams.body.properties.startTimeOffsetMinutes);
  });

  it('rejects a Minute interval under 15 with the spec’s sentence, and an unknown zone', async () => {
    const startTime = new Date(sim.sim.now() + 3600_000).toISOString();
    const m = await send('PUT', `${acc()}/schedules/m`, {
      name: 'm',
      properties: { startTime, frequency: 'Minute', interval: 5 },
    });
    expect([m.status, m.body.message]).toEqual([
      400,
      'The minimum allowed interval for Minute schedules is 15 minutes.',
    ]);
    const z = await send('PUT', `${acc()}/schedules/z`, {
      name: 'z',
      properties: { startTime, frequency: 'Day', timeZone: 'Mars/Olympus' },
    });
    expect(z.status).toBe(400);
  });

  it('accepts a Windows zone name, answering it back, with that zone’s offset', async () => {
    const r = await send('PUT', `${acc()}/schedules/w-europe`, {
      name: 'w-europe',
      properties: {
        startTime: `${new Date(sim.sim.now()).getUTCFullYear() + 1}-01-15T06:30:00`,
        frequency: 'OneTime',
        timeZone: 'W. Europe Standard Time',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.properties).toMatchObject({
      timeZone: 'W. Europe Standard Time',
      startTime: expect.stringMatching(/-01-15T06:30:00\+01:00$/),
      startTimeOffsetMinutes: 60,
      interval: null,
    });
    expect((await send('DELETE', `${acc()}/schedules/w-europe`)).status).toBe(200);
  });

  it('pages the list with $skip as the Automation RP does', async () => {
    const startTime = new Date(sim.sim.now() + 3600_000).toISOString();
    for (const n of ['page-1', 'page-2'])
      await send('PUT', `${acc()}/schedules/${n}`, { name: n, properties: { startTime, frequency: 'OneTime' } });
    const first = await send('GET', `${acc()}/schedules`);
    expect(first.body.value).toHaveLength(2);
    expect(first.body.nextLink).toMatch(/[?&]\$skip=2$/);
    const names = [...first.body.value, ...(await send('GET', first.body.nextLink)).body.value].map((x) => x.name);
    expect(names.sort()).toEqual(['daily-ams', 'hourly', 'page-1', 'page-2']);
    for (const n of ['page-1', 'page-2']) await send('DELETE', `${acc()}/schedules/${n}`);
  });

  it('PATCH changes description and isEnabled only', async () => {
    const path = `${acc()}/schedules/hourly`;
    const before = (await send('GET', path)).body.properties;
    const r = await send('PATCH', path, { properties: { description: 'on hold', isEnabled: false, frequency: 'Day' } });
    expect(r.status).toBe(200);
    expect(r.body.properties).toMatchObject({ description: 'on hold', isEnabled: false, frequency: 'Hour' });
    expect(r.body.properties.startTime).toBe(before.startTime);
    await send('PATCH', path, { properties: { isEnabled: true } });
  });
});

const JS1 = '0fa462ba-3aa2-4138-83ca-9ebc3bc55cdc';
const JS2 = '2f4d8f35-ecd5-44ee-a019-2382fec58fb7';

async function jobsWhere(filter: string): Promise<any[]> {
  const out: any[] = [];
  for (let url = `${acc()}/jobs?$filter=${encodeURIComponent(filter)}`; url;) {
    const page = await send('GET', url);
    expect(page.status).toBe(200);
    out.push(...page.body.value);
    url = page.body.nextLink;
  }
  return out;
}

describe('job schedules', () => {
  beforeAll(async () => {
    await publishedRunbook('Report');
    await publishedRunbook('Cleanup');
  });

  it('PUT answers 201 with the parameters; the same id or the same runbook and schedule again is 409', async () => {
    const path = `${acc()}/jobSchedules/${JS1}`;
    const body = {
      properties: { schedule: { name: 'HOURLY' }, runbook: { name: 'report' }, parameters: { Days: '90' } },
    };
    const put = await send('PUT', path, body);
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      id: expect.stringMatching(new RegExp(`/jobSchedules/${JS1}$`)),
      properties: {
        jobScheduleId: JS1,
        schedule: { name: 'hourly' },
        runbook: { name: 'Report' },
        runOn: null,
        parameters: { days: '90' }, // names normalized to lower case, values as sent
      },
    });
    expect((await send('PUT', path, body)).body).toEqual({
      code: 'Conflict',
      message: 'A jobSchedule with same id already exists.',
    });
    const again = await send('PUT', `${acc()}/jobSchedules/${JS2}`, body);
    expect([again.status, again.body.message]).toEqual([
      409,
      'A job schedule for the specified runbook and schedule already exists.',
    ]);
    const other = { properties: { schedule: { name: 'hourly' }, runbook: { name: 'Cleanup' } } };
    expect((await send('PUT', `${acc()}/jobSchedules/${JS2}`, other)).status).toBe(201);
    expect((await send('PUT', `${acc()}/jobSchedules/not-a-guid`, other)).status).toBe(400);
    const missing = { properties: { schedule: { name: 'nope' }, runbook: { name: 'Cleanup' } } };
    expect(
      (await send('PUT', `${acc()}/jobSchedules/${'1'.repeat(8)}-1111-1111-1111-${'1'.repeat(12)}`, missing)).status,
    ).toBe(404);
  });

  it('deleting a runbook deletes its job schedules', async () => {
    await publishedRunbook('Doomed');
    const id = '7d1f6a2e-3b4c-4d5e-8f90-a1b2c3d4e5f6';
    const link = { properties: { schedule: { name: 'hourly' }, runbook: { name: 'Doomed' } } };
    expect((await send('PUT', `${acc()}/jobSchedules/${id}`, link)).status).toBe(201);
    expect((await send('DELETE', `${acc()}/runbooks/Doomed`)).status).toBe(200);
    expect((await send('GET', `${acc()}/jobSchedules/${id}`)).status).toBe(404);
  });

  it("lists with $filter=properties/runbook/name eq '...'", async () => {
    const r = await send(
      'GET',
      `${acc()}/jobSchedules?$filter=${encodeURIComponent("properties/runbook/name eq 'Report'")}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.value.map((j: any) => j.properties.jobScheduleId)).toEqual([JS1]);
    const bad = await send('GET', `${acc()}/jobSchedules?$filter=${encodeURIComponent('properties/colour eq 1')}`);
    expect(bad.status).toBe(400);
  });

  it('a trigger starts one job per job schedule with its parameters, without moving nextRun', async () => {
    const schedule = `${acc()}/schedules/hourly`;
    const nextRun = (await send('GET', schedule)).body.properties.nextRun;
    const { startedJobs } = await admin('schedules/trigger', { scheduleId: schedule });
    expect(startedJobs).toHaveLength(2);
    const report = await waitFor(
      sim,
      `${acc()}/jobs/${startedJobs[0]}`,
      AUTO,
      (b) => b.properties.status === 'Completed',
    );
    expect(report.properties).toMatchObject({ runbook: { name: 'Report' }, parameters: { days: '90' }, startedBy: '' });
    expect((await send('GET', schedule)).body.properties.nextRun).toBe(nextRun);
    const listed = await jobsWhere("properties/runbook/name eq 'Report' and properties/status eq 'Completed'");
    expect(listed.map((j) => j.name)).toEqual([startedJobs[0]]);
    expect(listed[0].properties).not.toHaveProperty('parameters');
  });
});

describe('simulated time', () => {
  it('advancing the clock starts a job for every run passed, at its run time; nextRun moves on', async () => {
    const schedule = `${acc()}/schedules/hourly`;
    const start = Date.parse((await send('GET', schedule)).body.properties.nextRun);
    const before = sim.sim.now();
    const { startedJobs } = await admin('clock', { advanceMs: start - before + 3.5 * 3600_000 });
    expect(startedJobs).toHaveLength(8); // runs at start, +1 h, +2 h, +3 h; two job schedules each
    const next = (await send('GET', schedule)).body.properties.nextRun;
    expect(Date.parse(next)).toBe(start + 4 * 3600_000);
    const jobs = await jobsWhere(
      `properties/runbook/name eq 'Cleanup' and properties/startTime ge ${new Date(start).toISOString()}`,
    );
    expect(jobs.map((j) => Date.parse(j.properties.creationTime)).sort()).toEqual(
      [0, 1, 2, 3].map((h) => start + h * 3600_000),
    );
    expect(jobs.every((j) => j.properties.status === 'Completed')).toBe(true);
    // only the triggered run had ended before the first scheduled one
    const earlier = await jobsWhere(`properties/endTime le ${new Date(start - 60_000).toISOString()}`);
    expect(earlier.filter((j) => j.properties.runbook.name === 'Cleanup')).toHaveLength(1);
  });

  it('a disabled schedule starts nothing; deleting a schedule deletes its job schedules', async () => {
    const schedule = `${acc()}/schedules/hourly`;
    await send('PATCH', schedule, { properties: { isEnabled: false } });
    expect((await admin('clock', { advanceMs: 2 * 3600_000 })).startedJobs).toEqual([]);
    expect((await send('DELETE', schedule)).status).toBe(200);
    expect((await send('GET', `${acc()}/jobSchedules/${JS1}`)).status).toBe(404);
    expect((await send('GET', `${acc()}/jobSchedules`)).body.value).toEqual([]);
  });

  it('a daily schedule in Europe/Amsterdam keeps its local time across the change to summer time', async () => {
    const year = new Date(sim.sim.now()).getUTCFullYear() + 1;
    const path = `${acc()}/schedules/daily-dst`;
    const put = await send('PUT', path, {
      name: 'daily-dst',
      properties: { startTime: `${year}-03-26T02:00:00`, frequency: 'Day', interval: 1, timeZone: 'Europe/Amsterdam' },
    });
    expect(put.body.properties).toMatchObject({
      startTime: `${year}-03-26T02:00:00+01:00`,
      startTimeOffsetMinutes: 60,
    });
    await send('PUT', `${acc()}/jobSchedules/${JS2}`, {
      properties: { schedule: { name: 'daily-dst' }, runbook: { name: 'Cleanup' } },
    });
    // last Sunday of March: 02:00 does not exist, the run is at 03:00 summer time
    const { startedJobs } = await admin('clock', { to: `${year}-03-28T12:00:00Z` });
    const created = await Promise.all(
      startedJobs.map(async (j: string) => (await send('GET', `${acc()}/jobs/${j}`)).body),
    );
    expect(created.map((j) => j.properties.creationTime).sort()).toEqual([
      `${year}-03-26T01:00:00.000+00:00`,
      `${year}-03-27T01:00:00.000+00:00`,
      `${year}-03-28T01:00:00.000+00:00`,
    ]);
    expect((await send('GET', path)).body.properties).toMatchObject({
      nextRun: `${year}-03-29T02:00:00+02:00`,
      nextRunOffsetMinutes: 120,
    });
  });

  it('weekly, monthly and one-time schedules move nextRun as their recurrence says', async () => {
    // a year whose calendar the expectations spell out; the DST schedule goes first (it has a job schedule)
    await send('DELETE', `${acc()}/schedules/daily-dst`);
    await admin('clock', { to: '2099-03-31T00:00:00Z' });
    const zone = 'Europe/Amsterdam';
    const put = async (name: string, properties: Record<string, unknown>) =>
      (await send('PUT', `${acc()}/schedules/${name}`, { name, properties: { timeZone: zone, ...properties } })).body
        .properties.nextRun;
    // 2099-04-01 is a Wednesday
    expect(
      await put('weekly', {
        startTime: '2099-04-01T08:00',
        frequency: 'Week',
        interval: 1,
        advancedSchedule: { weekDays: ['Monday', 'Thursday'] },
      }),
    ).toBe('2099-04-02T08:00:00+02:00');
    expect(
      await put('last-day', {
        startTime: '2099-04-01T09:00',
        frequency: 'Month',
        interval: 1,
        advancedSchedule: { monthDays: [-1] },
      }),
    ).toBe('2099-04-30T09:00:00+02:00');
    expect(
      await put('first-monday', {
        startTime: '2099-04-01T10:00',
        frequency: 'Month',
        interval: 1,
        advancedSchedule: { monthlyOccurrences: [{ occurrence: 1, day: 'Monday' }] },
      }),
    ).toBe('2099-04-06T10:00:00+02:00');
    expect(await put('once', { startTime: '2099-04-02T12:00', frequency: 'OneTime' })).toBe(
      '2099-04-02T12:00:00+02:00',
    );
    await admin('clock', { to: '2099-04-07T00:00:00Z' });
    const next = async (name: string) => (await send('GET', `${acc()}/schedules/${name}`)).body.properties.nextRun;
    expect(await next('weekly')).toBe('2099-04-09T08:00:00+02:00');
    expect(await next('last-day')).toBe('2099-04-30T09:00:00+02:00');
    expect(await next('first-monday')).toBe('2099-05-04T10:00:00+02:00');
    expect(await next('once')).toBeNull();
  });
});
