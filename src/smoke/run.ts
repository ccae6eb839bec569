// smoke-test: true. After apply, runs the runbooks' own Connect-ExchangeOnline header and
// Get-AcceptedDomain in the Automation account and reports the outcome.
//
// Route: a TEST job of a temporary draft runbook (PUT .../draft/testJob), not publish + PUT jobs/{id}:
// no publish LRO, nothing published that a schedule or webhook could start, no entry in the
// account's job history, the runtime environment named in the request, and streams that keep
// Output and Error apart as JSON (the job /output route is text/plain and Output only).
import type { WriteClients } from '../clients/index.js';
import { Heartbeat, heartbeatState } from '../log/heartbeat.js';
import type { AccountRef } from '../clients/automation.js';
import type { Logger } from '../engine/types.js';
import type { ExchangeEnvironment, IdentityType, SmokeTestResult } from '../types.js';
import { graphProbe, type GraphProbe } from './graph.js';
import { interpretOutcome, isTerminal, setupFailure, type StreamEntry } from './interpret.js';
import { DEFAULT_POLL_INITIAL_MS, DEFAULT_POLL_MAX_MS, DEFAULT_SMOKE_TIMEOUT_MS, pollUntil } from './poll.js';
import { isSmokeRunbook, SMOKE_RUNBOOK_NAME, smokeRunbookBody, smokeScript } from './script.js';

export interface SmokeTestOptions {
  clients: Pick<WriteClients, 'automation'>;
  account: AccountRef;
  organization: string;
  /** -ExchangeEnvironmentName of the connect line (default O365Default) */
  exchangeEnvironment?: ExchangeEnvironment;
  identity: { type: IdentityType; clientId?: string; principalId?: string };
  /** name of the runtime environment of `runbook-runtime` */
  runtimeEnvironment: string;
  /** bound on the wait for the job; default 10 minutes */
  timeoutMs?: number;
  /** region for the temporary runbook; read from the account when absent */
  location?: string;
  log: Logger;
  pollInitialMs?: number;
  pollMaxMs?: number;
  /** injectable for tests */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The identity's Graph application permissions (values) and the runtime's extra modules (names):
   * when a read-only Graph cmdlet fits them, the job also runs Connect-MgGraph -Identity and it.
   */
  graph?: { permissions: string[]; modules: string[] };
}

export interface TestJob {
  status?: string;
  statusDetails?: string | null;
  exception?: string | null;
  startTime?: string | null;
  endTime?: string | null;
}

export interface JobStreamSummary {
  id?: string;
  properties?: { jobStreamId?: string; streamType?: string; summary?: string | null; time?: string };
}

export interface JobStreamRecord {
  id?: string;
  properties?: {
    jobStreamId?: string;
    streamType?: string;
    streamText?: string | null;
    summary?: string | null;
    time?: string;
  };
}

/** Stream records whose text the report shows; others (Verbose, Progress...) are not fetched. */
const READ_STREAMS = ['output', 'error'];
/** Bound on per-record GETs: the script writes a handful of records. */
const MAX_STREAM_RECORDS = 50;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The stream id to GET: the last segment of the record's id (the list example's form), else jobStreamId. */
export function streamIdOf(s: JobStreamSummary): string | undefined {
  const fromId = s.id?.split('/').filter(Boolean).pop();
  return fromId || s.properties?.jobStreamId || undefined;
}

async function readStreams(opts: SmokeTestOptions, name: string): Promise<StreamEntry[]> {
  const automation = opts.clients.automation;
  const list = await automation.listTestJobStreams<JobStreamSummary>(opts.account, name);
  const wanted = list
    .filter((s) => READ_STREAMS.includes((s.properties?.streamType ?? '').toLowerCase()))
    .sort((a, b) => (a.properties?.time ?? '').localeCompare(b.properties?.time ?? ''))
    .slice(0, MAX_STREAM_RECORDS);
  const out: StreamEntry[] = [];
  for (const s of wanted) {
    const id = streamIdOf(s);
    const record = id ? await automation.getTestJobStream<JobStreamRecord>(opts.account, name, id) : undefined;
    const text = record?.properties?.streamText ?? s.properties?.summary ?? '';
    out.push({ type: record?.properties?.streamType ?? s.properties?.streamType ?? 'Output', text });
  }
  return out;
}

/**
 * The account's location, if no runbook of the smoke test's name exists that this action did not
 * create (it is never overwritten or deleted); else the failure to report.
 */
async function smokeRunbookSlot(opts: SmokeTestOptions): Promise<{ location: string } | SmokeTestResult> {
  const { account } = opts;
  const automation = opts.clients.automation;
  const name = SMOKE_RUNBOOK_NAME;
  try {
    const existing = await automation.getRunbook<{ tags?: Record<string, string> }>(account, name);
    if (existing && !isSmokeRunbook(existing.tags)) {
      return {
        status: 'failed',
        detail: `A runbook named ${name} exists in ${account.account} and was not created by this action's smoke test; it was left alone. Rename it to let the smoke test run.`,
      };
    }
    if (opts.location) return { location: opts.location };
    const acc = await automation.getAccount(account);
    if (!acc) return setupFailure('start', `the Automation account ${account.account} was not found.`);
    return { location: acc.location };
  } catch (e) {
    return setupFailure('read the Automation account', message(e));
  }
}

/** Polls the test job until it ends or the bound passes, with a heartbeat line while it runs. */
async function waitForTestJob(
  opts: SmokeTestOptions,
  name: string,
  timeoutMs: number,
): Promise<{ job: TestJob; timedOut: boolean }> {
  const { account, log } = opts;
  let last = '';
  // a line every 20 s with the job's status while it runs (the wait can be minutes)
  const beat = new Heartbeat((line) => log.info(line));
  const { value: job, timedOut } = await beat.track('smoke test job', () =>
    pollUntil(
      async () => {
        const j = (await opts.clients.automation.getTestJob<TestJob>(account, name)) ?? {};
        if (j.status && j.status !== last) log.debug(`Smoke test: job ${j.status}`);
        last = j.status ?? last;
        heartbeatState(`job ${last || 'not started yet'}`);
        return j;
      },
      (j) => isTerminal(j.status),
      {
        timeoutMs,
        initialMs: opts.pollInitialMs ?? DEFAULT_POLL_INITIAL_MS,
        maxMs: opts.pollMaxMs ?? DEFAULT_POLL_MAX_MS,
        sleep: opts.sleep,
      },
    ),
  );
  return { job, timedOut };
}

/** PUTs the temporary runbook and its draft; the failure to report, or undefined. */
async function createSmokeRunbook(
  opts: SmokeTestOptions,
  location: string,
  probe: GraphProbe | undefined,
): Promise<SmokeTestResult | undefined> {
  const automation = opts.clients.automation;
  const name = SMOKE_RUNBOOK_NAME;
  try {
    await automation.putRunbook(opts.account, name, smokeRunbookBody(location, opts.runtimeEnvironment));
    const script = smokeScript(opts.organization, opts.identity, opts.exchangeEnvironment, probe);
    await automation.uploadDraftContent(opts.account, name, script);
    return undefined;
  } catch (e) {
    return setupFailure(`create the temporary runbook ${name}`, message(e));
  }
}

/** Runs the smoke test; never throws: every failure is a `failed` result with the service's text. */
export async function runSmokeTest(opts: SmokeTestOptions): Promise<SmokeTestResult> {
  const { account, log } = opts;
  const automation = opts.clients.automation;
  const name = SMOKE_RUNBOOK_NAME;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS;
  const slot = await smokeRunbookSlot(opts);
  if ('status' in slot) return slot;
  const { location } = slot;

  const probe = opts.graph && graphProbe(opts.graph.permissions, opts.graph.modules);
  let created = false;
  let running = false;
  try {
    log.info(`Smoke test: creating the temporary runbook ${name} on ${opts.runtimeEnvironment}`);
    if (probe) log.info(`Smoke test: the job also runs Connect-MgGraph -Identity and ${probe.cmdlet}`);
    created = true; // set before the PUT: a request that failed late may still have created it
    const notCreated = await createSmokeRunbook(opts, location, probe);
    if (notCreated) return notCreated;

    try {
      await automation.putTestJob(account, name, {
        parameters: {},
        runOn: '',
        runtimeEnvironment: opts.runtimeEnvironment,
      });
      running = true;
    } catch (e) {
      return setupFailure(`start a test job of ${name}`, message(e));
    }
    log.info(`Smoke test: test job started; waiting up to ${Math.round(timeoutMs / 1000)} s`);

    const { job, timedOut } = await waitForTestJob(opts, name, timeoutMs);
    if (!timedOut) running = false;

    let streams: StreamEntry[] = [];
    try {
      streams = await readStreams(opts, name);
    } catch (e) {
      log.warning(`Smoke test: could not read the job's streams: ${message(e)}`);
    }
    const result = interpretOutcome(
      {
        status: job.status ?? 'unknown',
        timedOut,
        exception: job.exception,
        statusDetails: job.statusDetails,
        streams,
      },
      {
        organization: opts.organization,
        identity: opts.identity,
        runtimeEnvironment: opts.runtimeEnvironment,
        runbook: name,
        timeoutMs,
        graph: probe,
      },
    );
    log.info(`Smoke test: ${result.status}`);
    return result;
  } catch (e) {
    return setupFailure('follow the test job', message(e));
  } finally {
    if (running) {
      await automation.stopTestJob(account, name).catch((e: unknown) => {
        log.debug(`Smoke test: stopping the test job failed: ${message(e)}`);
      });
    }
    if (created) {
      await automation.deleteRunbook(account, name).catch((e: unknown) => {
        log.warning(`Smoke test: could not delete the temporary runbook ${name}: ${message(e)}. Delete it by hand.`);
      });
    }
  }
}
