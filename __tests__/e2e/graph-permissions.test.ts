// graph-permissions through the built action (node dist/index.js, as the runner runs it) against
// the simulator: from empty the Graph app roles are granted to the identity's principal (object)
// id, read back over Graph; a second apply makes 0 writes; a hand-granted permission survives
// unless exclusive-graph-permissions; bad entries fail before any request (offline) or before any
// write (unknown to the tenant's Graph service principal).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ActionRun } from '../../scripts/run-action.js';
import { GRAPH_APP_ID } from '../../simulator/ids.js';
import type { Simulator } from '../../simulator/server.js';
import { send } from '../contract/http.js';
import { act, log, writesSince } from '../helpers/e2e.js';
import { startTestSimulator } from '../helpers/sim.js';
import { graphToken } from '../helpers/tokens.js';

// Graph's app role ids (azure-specs/graph/microsoft-graph-app-roles.facts.json)
const MAIL_SEND = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const GROUP_READ_ALL = '5b567255-7703-4780-807c-7be8301ae99b';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
const WANTED = { 'graph-permissions': 'Mail.Send, Group.Read.All' };

interface Assignment {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
}

let sim: Simulator;
let token: string;

async function graph(method: string, path: string, body?: unknown) {
  return send(sim, { method, url: `/v1.0${path}`, token, body });
}

async function graphSpId(): Promise<string> {
  const r = await graph('GET', `/servicePrincipals?$filter=appId eq '${GRAPH_APP_ID}'`);
  return (r.json as { value: { id: string }[] }).value[0].id;
}

/** The identity's app role assignments, read back over Graph. */
async function assignmentsOf(principalId: string): Promise<Assignment[]> {
  const r = await graph('GET', `/servicePrincipals/${principalId}/appRoleAssignments`);
  expect(r.status).toBe(200);
  return (r.json as { value: Assignment[] }).value;
}

async function graphRolesOf(principalId: string): Promise<string[]> {
  const sp = await graphSpId();
  return (await assignmentsOf(principalId))
    .filter((a) => a.resourceId === sp)
    .map((a) => a.appRoleId)
    .sort();
}

function errorText(run: ActionRun): string {
  return log(run)
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
}

const planChanges = (run: ActionRun) =>
  (JSON.parse(run.outputs.plan) as { changes: { kind: string; name: string; action: string }[] }).changes
    .filter((c) => c.kind === 'graph-permissions')
    .map((c) => `${c.action} ${c.name}`)
    .sort();

describe('graph-permissions, system-assigned identity', () => {
  let principalId = '';
  let clientId = '';
  beforeAll(async () => {
    // runs follow each other within milliseconds: no replication delay (the fault suite covers it)
    sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
    token = await graphToken(sim, ['Application.Read.All', 'AppRoleAssignment.ReadWrite.All']);
  });
  afterAll(() => sim.close());

  test('converges from empty: both app roles are assigned to the principal id, never the client id', async () => {
    const run = await act(sim, WANTED);
    expect(errorText(run)).toBe('');
    expect(run.code).toBe(0);
    expect(planChanges(run)).toEqual(['create Group.Read.All', 'create Mail.Send']);
    principalId = run.outputs['identity-principal-id'];
    clientId = run.outputs['identity-client-id'];
    expect(principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientId).not.toBe(principalId);

    expect(await graphRolesOf(principalId)).toEqual([GROUP_READ_ALL, MAIL_SEND].sort());
    for (const a of await assignmentsOf(principalId)) expect(a.principalId).toBe(principalId);
    // seen from the resource side too: granted on the Graph SP to the principal id
    const onGraph = await graph('GET', `/servicePrincipals/${await graphSpId()}/appRoleAssignedTo`);
    const principals = (onGraph.json as { value: Assignment[] }).value.map((a) => a.principalId);
    expect(principals).toEqual([principalId, principalId]);
    expect(principals).not.toContain(clientId);

    // plan, log and summary show the kind and how runbooks connect to Graph
    expect(log(run)).toMatch(/\+ graph-permissions Mail\.Send/);
    expect(run.summary).toContain('graph-permissions');
    expect(run.summary).toContain('```powershell\nConnect-MgGraph -Identity\n```');
  });

  test('a second apply makes 0 writes', async () => {
    const mark = sim.requests.length;
    const again = await act(sim, WANTED);
    expect(again.code).toBe(0);
    expect(again.outputs.changes).toBe('0');
    expect(writesSince(sim, mark)).toEqual([]);
  });

  test('a hand-granted permission survives without exclusive-graph-permissions', async () => {
    const granted = await graph('POST', `/servicePrincipals/${principalId}/appRoleAssignments`, {
      principalId,
      resourceId: await graphSpId(),
      appRoleId: USER_READ_ALL,
    });
    expect(granted.status).toBe(201);
    const mark = sim.requests.length;
    const run = await act(sim, WANTED);
    expect(run.code).toBe(0);
    expect(run.outputs.changes).toBe('0');
    expect(writesSince(sim, mark)).toEqual([]);
    expect(await graphRolesOf(principalId)).toEqual([GROUP_READ_ALL, MAIL_SEND, USER_READ_ALL].sort());
  });

  test('exclusive-graph-permissions removes it, and only it (Exchange.ManageAsApp stays)', async () => {
    const exclusive = { ...WANTED, 'exclusive-graph-permissions': 'true' };
    const plan = await act(sim, { ...exclusive, mode: 'plan' });
    expect(plan.code).toBe(0);
    expect(planChanges(plan)).toEqual(['delete User.Read.All']);
    expect(log(plan)).toMatch(/- graph-permissions User\.Read\.All/);

    const mark = sim.requests.length;
    const run = await act(sim, exclusive);
    expect(run.code).toBe(0);
    expect(planChanges(run)).toEqual(['delete User.Read.All']);
    // the one Graph write is the removal (ARM writes are the apply lease's tag)
    const writes = writesSince(sim, mark).filter((w) => w.service === 'graph');
    expect(writes.map((w) => `${w.method} ${w.path.split('?')[0]}`)).toEqual([
      expect.stringMatching(new RegExp(`^DELETE /v1\\.0/servicePrincipals/${principalId}/appRoleAssignments/`)),
    ]);
    expect(await graphRolesOf(principalId)).toEqual([GROUP_READ_ALL, MAIL_SEND].sort());
    expect((await assignmentsOf(principalId)).map((a) => a.appRoleId)).toContain(MANAGE_AS_APP);

    const again = await act(sim, exclusive);
    expect(again.outputs.changes).toBe('0');
  });

  test('a value the tenant does not have fails the plan before any write, naming the closest ones', async () => {
    const mark = sim.requests.length;
    const run = await act(sim, { 'graph-permissions': 'Mail.Send, Files.Read.All' });
    expect(run.code).not.toBe(0);
    expect(errorText(run)).toMatch(
      /graph-permissions: "Files\.Read\.All" is not the value of an application permission of the Microsoft Graph service principal in this tenant; closest: /,
    );
    expect(writesSince(sim, mark)).toEqual([]);
  });
});

describe('graph-permissions: bad input fails before any request', () => {
  const runs = new Map<string, ActionRun>();
  beforeAll(async () => {
    sim = await startTestSimulator();
    const [privileged, typo] = await Promise.all([
      act(sim, { 'graph-permissions': 'Mail.Send, RoleManagement.ReadWrite.Directory' }),
      act(sim, { 'graph-permissions': 'Mail.Sendd, Group.Read.All' }),
    ]);
    runs.set('privileged', privileged).set('typo', typo);
  }, 60_000);
  afterAll(() => sim.close());

  test('not one request reached the simulator', () => {
    expect(sim.requests).toEqual([]);
  });

  test('a privileged permission without allow-privileged-permissions', () => {
    const run = runs.get('privileged')!;
    expect(run.code).not.toBe(0);
    expect(run.summary).toMatch(/^## ❌ exo-automation failed: bad input\n/);
    expect(errorText(run)).toMatch(
      /graph-permissions: RoleManagement\.ReadWrite\.Directory: privileged .*refused unless allow-privileged-permissions is true/,
    );
  });

  test('a typo of a known value, with the closest real ones', () => {
    const run = runs.get('typo')!;
    expect(run.code).not.toBe(0);
    expect(errorText(run)).toMatch(
      /graph-permissions: "Mail\.Sendd" is not a Microsoft Graph application permission; did you mean Mail\.Send\? \(closest: Mail\.Send, /,
    );
  });
});

describe('graph-permissions, user-assigned identity', () => {
  beforeAll(async () => {
    sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
    token = await graphToken(sim, ['Application.Read.All']);
  });
  afterAll(() => sim.close());

  test('grants to its principal id, and the summary connects with -ClientId', async () => {
    const run = await act(sim, {
      ...WANTED,
      'identity-type': 'user-assigned',
      'identity-name': 'id-exo-automation',
      'allow-privileged-permissions': 'true',
    });
    expect(errorText(run)).toBe('');
    expect(run.code).toBe(0);
    const principalId = run.outputs['identity-principal-id'];
    const clientId = run.outputs['identity-client-id'];
    expect(await graphRolesOf(principalId)).toEqual([GROUP_READ_ALL, MAIL_SEND].sort());
    expect(run.summary).toContain(`Connect-MgGraph -Identity -ClientId ${clientId}`);
    // the opt-in without a privileged permission has no effect, and says so
    expect(run.summary).toContain('allow-privileged-permissions: no effect');
  });
});
