// Runbooks (runbook.json 2024-10-23): create with an empty draft, upload draft content
// (text/powershell, 202 + Location), publish (POST, 202 + Location), read content, test jobs.
// Content lives in the runbook's private `sim` field: draftContent, publishedContent.
import { automationError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { AA, AA_TYPE, childId, childNotFound, requireAccount } from './automation-common.js';
import { runbookView } from './automation-versions.js';
import { API_VERSIONS, arm, automationTime, getResource, guard, putResource, requireObject } from './common.js';
import { registerChildReads, requireChild, type ChildKind } from './child-routes.js';
import { deleteJobSchedulesOfRunbook } from './job-schedules.js';
import { jobStatusFields, startJob, streamGet, streamListBody, type JobRecord } from './jobs.js';
import { createOperation, newOperationId } from './operations.js';

const TYPE = 'Microsoft.Automation/AutomationAccounts/Runbooks';
/** The final answer of draft upload and publish polls: 200, text/plain, no body (both recordings). */
const EMPTY_TEXT_OK = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } };
const RB = `${AA}/runbooks/:rb`;

function opts(req: SimRequest, verb: string, rest = '') {
  return {
    versions: API_VERSIONS.automation,
    apiType: 'automationAccounts/runbooks',
    id: childId(req, `runbooks${req.params.rb ? '/' + req.params.rb : ''}${rest}`),
    action: `${AA_TYPE}/runbooks/${verb}`,
  };
}

const RUNBOOKS: ChildKind = {
  parentPattern: AA,
  parent: requireAccount,
  segment: 'runbooks',
  param: 'rb',
  opts: (req, verb) => opts(req, verb),
  show: (_sim, r, apiVersion) => runbookView(r, apiVersion),
  headers: (r): Record<string, string> => (r.etag ? { ETag: String(r.etag) } : {}),
  cascade: true,
  beforeDelete: deleteJobSchedulesOfRunbook,
};

function findRunbook(req: SimRequest, sim: Sim): ArmResource {
  return requireChild(RUNBOOKS, req, sim);
}

function etag(ms: number): string {
  // .NET ticks, as the examples show ("636263318866000000")
  return `"${BigInt(ms) * 10000n + 621355968000000000n}"`;
}

function touch(sim: Sim, r: ArmResource): void {
  const now = sim.now();
  r.properties = { ...r.properties, lastModifiedTime: automationTime(now) };
  r.etag = etag(now);
}

export function registerRunbooks(router: Router): void {
  router.add(
    'PUT',
    RB,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, opts(req, 'write'));
      const account = requireAccount(req, sim);
      const body = requireObject(req.json(), 'parameters');
      const p = body.properties ?? {};
      if (!p.runbookType) throw automationError(400, 'BadRequest', 'The runbookType property is required.');
      if (p.draft && p.publishContentLink)
        throw automationError(400, 'BadRequest', 'Either draft or publishContentLink can be specified, not both.');
      const existing = getResource(sim, `${account.id}/runbooks/${req.params.rb}`);
      const now = sim.now();
      const r: ArmResource = existing
        ? structuredClone(existing)
        : {
            id: `${account.id}/runbooks/${req.params.rb}`,
            name: req.params.rb,
            type: TYPE,
            properties: {
              creationTime: automationTime(now),
              state: 'New',
              jobCount: 0,
              parameters: {},
              outputTypes: [],
              provisioningState: 'Succeeded',
            },
            sim: { inEdit: false },
          };
      r.location = body.location ?? r.location ?? account.location;
      r.tags = body.tags ?? {};
      r.properties = {
        ...r.properties,
        runbookType: p.runbookType,
        logVerbose: p.logVerbose ?? false,
        logProgress: p.logProgress ?? false,
        logActivityTrace: p.logActivityTrace ?? 0,
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(p.runtimeEnvironment !== undefined ? { runtimeEnvironment: p.runtimeEnvironment } : {}),
        serviceManagementTags: null,
        // null in every recorded runbook answer (azure-sdk-for-net and -python recordings)
        lastModifiedBy: null,
      };
      if (p.publishContentLink?.uri) {
        // The content behind an external link cannot be fetched here; the runbook becomes published with it recorded.
        r.sim = { ...r.sim, publishedContent: r.sim?.publishedContent ?? '', publishContentLink: p.publishContentLink };
        r.properties.state = 'Published';
      }
      touch(sim, r);
      putResource(sim, r);
      // The ETag header repeats the body's etag (recordings of both SDKs).
      return { status: existing ? 200 : 201, headers: { ETag: String(r.etag) }, body: runbookView(r, apiVersion) };
    }),
  );

  router.add(
    'PATCH',
    RB,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, opts(req, 'write'));
      const r = findRunbook(req, sim);
      const body = requireObject(req.json(), 'parameters');
      if (body.tags) r.tags = body.tags;
      for (const k of ['description', 'logVerbose', 'logProgress', 'logActivityTrace', 'runtimeEnvironment']) {
        if (body.properties?.[k] !== undefined) r.properties = { ...r.properties, [k]: body.properties[k] };
      }
      touch(sim, r);
      return { status: 200, headers: { ETag: String(r.etag) }, body: runbookView(r, apiVersion) };
    }),
  );

  registerChildReads(router, RUNBOOKS);

  // Draft content: text/powershell in, 202 + Location (replaceRunbookDraftContent.json).
  router.add(
    'PUT',
    `${RB}/draft/content`,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, {
        ...opts(req, 'write', '/draft'),
        action: `${AA_TYPE}/runbooks/draft/write`,
      });
      const r = findRunbook(req, sim);
      r.sim = { ...r.sim, draftContent: req.text(), inEdit: true, draftModifiedAt: sim.now() };
      if (r.properties?.state === 'Published') r.properties.state = 'Edit';
      touch(sim, r);
      // As recorded (azure-sdk-for-net ReplaceContentRunbookDraft().json): 202, no body, Location
      // .../runbooks/{rb}/operationResults/{id}, Retry-After 5; the poll answers 200 text/plain, empty.
      const id = newOperationId();
      const headers = (location: string) => ({
        Location: location,
        'Retry-After': String(sim.state.config.draftRetryAfterSeconds),
        'ocp-automation-operationresultid': id,
      });
      const location = createOperation(req, sim, `${r.id}/operationResults/${id}`, apiVersion, {
        mode: 'location',
        final: EMPTY_TEXT_OK,
        accepted: headers(''),
      });
      return { status: 202, headers: headers(location) };
    }),
  );

  router.add(
    'GET',
    `${RB}/draft/content`,
    arm(async (req, sim) => {
      await guard(req, sim, { ...opts(req, 'read', '/draft'), action: `${AA_TYPE}/runbooks/draft/read` });
      const r = findRunbook(req, sim);
      const content = draftContent(r);
      return { status: 200, headers: { 'content-type': 'text/powershell' }, body: content };
    }),
  );

  router.add(
    'GET',
    `${RB}/draft`,
    arm(async (req, sim) => {
      await guard(req, sim, { ...opts(req, 'read', '/draft'), action: `${AA_TYPE}/runbooks/draft/read` });
      const r = findRunbook(req, sim);
      return {
        status: 200,
        body: {
          inEdit: !!r.sim?.inEdit,
          creationTime: r.properties?.creationTime,
          lastModifiedTime: automationTime(
            r.sim?.draftModifiedAt ?? Date.parse(String(r.properties?.lastModifiedTime).replace('+00:00', 'Z')),
          ),
          parameters: {},
          outputTypes: [],
        },
      };
    }),
  );

  router.add(
    'POST',
    `${RB}/publish`,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, {
        ...opts(req, 'action', '/publish'),
        action: `${AA_TYPE}/runbooks/publish/action`,
      });
      const r = findRunbook(req, sim);
      const done = sim.now() + sim.state.config.lroMs;
      r.sim = { ...r.sim, publishAt: done, publishedTime: done, publishContent: draftContent(r) };
      // As recorded (azure-sdk-for-python test_cli_mgmt_automation.test_automation.yaml): 202 with
      // Location .../publish/operationResults/{id} and no Retry-After; the poll answers 200 text/plain, empty.
      const id = newOperationId();
      const location = createOperation(req, sim, `${r.id}/publish/operationResults/${id}`, apiVersion, {
        mode: 'location',
        final: EMPTY_TEXT_OK,
        accepted: { 'ocp-automation-operationresultid': id },
      });
      return { status: 202, headers: { Location: location, 'ocp-automation-operationresultid': id } };
    }),
  );

  router.add(
    'GET',
    `${RB}/content`,
    arm(async (req, sim) => {
      await guard(req, sim, { ...opts(req, 'read', '/content'), action: `${AA_TYPE}/runbooks/content/read` });
      const r = findRunbook(req, sim);
      if (r.sim?.publishedContent === undefined)
        throw automationError(404, 'NotFound', `The runbook '${r.name}' has no published content.`);
      return { status: 200, headers: { 'content-type': 'text/powershell' }, body: r.sim.publishedContent };
    }),
  );

  registerTestJobs(router);
}

/** The draft: what was uploaded, else (after a publish) the published script, else empty. */
function draftContent(r: ArmResource): string {
  return r.sim?.draftContent ?? r.sim?.publishedContent ?? '';
}

function registerTestJobs(router: Router): void {
  const base = `${RB}/draft/testJob`;
  const o = (req: SimRequest, verb: string) => ({
    ...opts(req, verb, '/draft/testJob'),
    action: `${AA_TYPE}/runbooks/draft/testJob/${verb}`,
  });
  const find = (req: SimRequest, sim: Sim) => {
    const r = findRunbook(req, sim);
    const rec = r.sim?.testJob as JobRecord | undefined;
    if (!rec) throw childNotFound(req, `runbooks/${req.params.rb}/draft/testJob`);
    return { r, rec };
  };
  const body = (sim: Sim, r: ArmResource, rec: JobRecord) => {
    const { ended: _e, started: _s, provisioningState: _p, ...f } = jobStatusFields(sim, rec);
    return {
      ...f,
      parameters: r.sim?.testJobParameters ?? {},
      runOn: r.sim?.testJobRunOn ?? null,
      logActivityTrace: null,
      ...(rec.runtimeEnvironment ? { runtimeEnvironment: rec.runtimeEnvironment } : {}),
    };
  };

  router.add(
    'PUT',
    base,
    arm(async (req, sim) => {
      await guard(req, sim, o(req, 'write'));
      const account = requireAccount(req, sim);
      const r = findRunbook(req, sim);
      const b = requireObject(req.json(), 'parameters');
      const runtimeEnvironment = b.runtimeEnvironment ?? r.properties?.runtimeEnvironment;
      const rec = startJob(sim, account, draftContent(r), {
        runtimeEnvironment,
        runbookType: r.properties?.runbookType,
      });
      r.sim = { ...r.sim, testJob: rec, testJobParameters: b.parameters ?? {}, testJobRunOn: b.runOn ?? null };
      return { status: 201, body: body(sim, r, rec) };
    }),
  );

  router.add(
    'GET',
    base,
    arm(async (req, sim) => {
      await guard(req, sim, o(req, 'read'));
      const { r, rec } = find(req, sim);
      return { status: 200, body: body(sim, r, rec) };
    }),
  );

  router.add(
    'GET',
    `${base}/streams`,
    arm(async (req, sim) => {
      await guard(req, sim, o(req, 'read'));
      const { r, rec } = find(req, sim);
      return { status: 200, body: streamListBody(req, sim, `${r.id}/draft/testJob`, rec) };
    }),
  );

  router.add(
    'GET',
    `${base}/streams/:streamId`,
    arm(async (req, sim) => {
      await guard(req, sim, o(req, 'read'));
      const { r, rec } = find(req, sim);
      return streamGet(req, sim, `${r.id}/draft/testJob`, rec, `runbooks/${req.params.rb}/draft/testJob`);
    }),
  );
}
