// Automation job schedules (jobSchedule.json 2024-10-23): the link of a runbook to a schedule,
// with the parameters its jobs get. PUT answers 201 only (no PATCH: change = delete + create);
// the id is a GUID the client chooses. GET, DELETE (200 only), list with
// `$filter=properties/runbook/name eq '...'` (and properties/schedule/name).
import { automationError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { AA, AA_TYPE, childId, requireAccount } from './automation-common.js';
import {
  API_VERSIONS,
  arm,
  children,
  deleteResource,
  getResource,
  guard,
  putResource,
  requireObject,
} from './common.js';
import { registerChildReads, type ChildKind } from './child-routes.js';
import { matches, parseFilter } from './odata-filter.js';

/** DERIVED by analogy with the recorded schedule type; the examples show neither name nor type. */
const TYPE = 'Microsoft.Automation/AutomationAccounts/JobSchedules';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function opts(req: SimRequest, verb: string, name = req.params.jobSchedule) {
  return {
    versions: API_VERSIONS.automation,
    apiType: 'automationAccounts/jobSchedules',
    id: childId(req, `jobSchedules${name ? '/' + name : ''}`),
    action: `${AA_TYPE}/jobSchedules/${verb}`,
  };
}

export function jobScheduleView(r: ArmResource): Record<string, unknown> {
  const p = r.properties ?? {};
  return {
    id: r.id,
    name: r.name,
    type: TYPE,
    properties: {
      jobScheduleId: r.name,
      runbook: { name: p.runbook?.name },
      schedule: { name: p.schedule?.name },
      // runOn null when not sent (createJobSchedule.json)
      runOn: p.runOn ?? null,
      parameters: p.parameters ?? null,
    },
  };
}

const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();

/** The job schedules of an account linked to the schedule named `schedule`. */
export function jobSchedulesOf(sim: Sim, account: ArmResource, schedule: string): ArmResource[] {
  return children(sim, account.id, 'jobSchedules').filter((r) => same(r.properties?.schedule?.name, schedule));
}

/**
 * A schedule's job schedules go with it. UNVERIFIED: no source read says so (Remove-AzAutomationSchedule
 * and the REST reference are silent); it is the only state in which no job schedule names a
 * schedule that does not exist, which Azure's PUT refuses to create.
 */
export function deleteJobSchedulesOf(sim: Sim, schedule: ArmResource): void {
  const account = getResource(sim, schedule.id.replace(/\/schedules\/[^/]+$/i, ''));
  if (!account) return;
  for (const js of jobSchedulesOf(sim, account, schedule.name)) deleteResource(sim, js.id);
}

/** A runbook's job schedules go with it too (UNVERIFIED, for the same reason as a schedule's). */
export function deleteJobSchedulesOfRunbook(sim: Sim, runbook: ArmResource): void {
  const account = getResource(sim, runbook.id.replace(/\/runbooks\/[^/]+$/i, ''));
  if (!account) return;
  for (const js of children(sim, account.id, 'jobSchedules'))
    if (same(js.properties?.runbook?.name, runbook.name)) deleteResource(sim, js.id);
}

const FILTER = { 'properties/runbook/name': 'string', 'properties/schedule/name': 'string' } as const;

const JOB_SCHEDULES: ChildKind = {
  parentPattern: AA,
  parent: requireAccount,
  segment: 'jobSchedules',
  param: 'jobSchedule',
  opts: (req, verb, name) => opts(req, verb, name),
  show: (_sim, r) => jobScheduleView(r),
  // JobSchedule_Delete declares 200 only (jobSchedule.json); as for modules, also when it is not there.
  deleteMissingStatus: 200,
  cascade: false,
  filter: (req, items) => {
    const clauses = parseFilter(req.query.get('$filter'), FILTER);
    return items.filter((r) => matches(clauses, (path) => r.properties?.[path.split('/')[1]]?.name));
  },
};

/** 400/404 of a body the RP cannot use (wording CONSTRUCTED unless a source is named). */
function check(sim: Sim, account: ArmResource, id: string, p: Record<string, any>): void {
  const schedule = p.schedule?.name;
  const runbook = p.runbook?.name;
  if (typeof schedule !== 'string' || !schedule)
    throw automationError(400, 'BadRequest', 'The schedule name is required.');
  if (typeof runbook !== 'string' || !runbook)
    throw automationError(400, 'BadRequest', 'The runbook name is required.');
  if (p.parameters !== undefined && p.parameters !== null) {
    const ok =
      typeof p.parameters === 'object' &&
      !Array.isArray(p.parameters) &&
      Object.values(p.parameters).every((v) => typeof v === 'string');
    // jobSchedule.json: parameters is {string: string}
    if (!ok) throw automationError(400, 'BadRequest', 'The parameters must be an object of string values.');
  }
  if (!getResource(sim, `${account.id}/schedules/${schedule}`))
    throw automationError(404, 'NotFound', `Schedule '${schedule}' not found.`);
  if (!getResource(sim, `${account.id}/runbooks/${runbook}`))
    throw automationError(404, 'NotFound', `Runbook '${runbook}' not found.`);
  // Both 409 texts as Azure answers them: same id (krnese/AzureDeploy#17 and #3: {"code": "Conflict",
  // "message": "A jobSchedule with same id already exists."}); same runbook and schedule
  // (Azure/azure-resource-manager-schemas#313, MicrosoftDocs/azure-docs#37854; status and code there
  // not shown, 409 Conflict assumed).
  if (getResource(sim, id)) throw automationError(409, 'Conflict', 'A jobSchedule with same id already exists.');
  if (jobSchedulesOf(sim, account, schedule).some((r) => same(r.properties?.runbook?.name, runbook)))
    throw automationError(409, 'Conflict', 'A job schedule for the specified runbook and schedule already exists.');
}

/**
 * Azure Automation stores parameter names in lower case ("the parameter names are normalized":
 * terraform-provider-azurerm docs of azurerm_automation_job_schedule, which asks for lower-case
 * keys for that reason); values are kept as sent.
 */
function lowerKeys(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
}

export function registerJobSchedules(router: Router): void {
  router.add(
    'PUT',
    `${AA}/jobSchedules/:jobSchedule`,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const account = requireAccount(req, sim);
      if (!GUID.test(req.params.jobSchedule))
        throw automationError(400, 'BadRequest', `The job schedule id '${req.params.jobSchedule}' is not a GUID.`);
      const p = (requireObject(req.json(), 'parameters').properties ?? {}) as Record<string, any>;
      const id = `${account.id}/jobSchedules/${req.params.jobSchedule.toLowerCase()}`;
      check(sim, account, id, p);
      // names echo the stored casing of the schedule and the runbook
      const schedule = getResource(sim, `${account.id}/schedules/${p.schedule.name}`)!;
      const runbook = getResource(sim, `${account.id}/runbooks/${p.runbook.name}`)!;
      const r: ArmResource = {
        id,
        name: req.params.jobSchedule.toLowerCase(),
        type: TYPE,
        properties: {
          schedule: { name: schedule.name },
          runbook: { name: runbook.name },
          runOn: p.runOn ?? null,
          parameters: p.parameters ? lowerKeys(p.parameters) : null,
        },
      };
      putResource(sim, r);
      return { status: 201, body: jobScheduleView(r) };
    }),
  );

  registerChildReads(router, JOB_SCHEDULES);
}
