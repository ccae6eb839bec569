// Issue 18's scenario through the built action (node dist/index.js) against the simulator: the
// runbooks get what they need beyond Exchange in one step. From empty, `graph-permissions` and
// `modules` converge together (app roles on the identity's principal id, read back over Graph;
// the Graph SDK module after its declared dependency, read back over ARM); a second apply makes 0
// writes; and the smoke test's job connects with `Connect-MgGraph -Identity` and runs a Graph
// cmdlet once the permission and the module exist.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { GRAPH_APP_ID } from '../../simulator/ids.js';
import type { Simulator } from '../../simulator/server.js';
import { send } from '../contract/http.js';
import { aaPath, armOk, AUTO } from '../helpers/arm.js';
import { act, log, writesSince } from '../helpers/e2e.js';
import { startTestSimulator } from '../helpers/sim.js';
import { graphToken } from '../helpers/tokens.js';

// Graph's app role ids (azure-specs/graph/microsoft-graph-app-roles.facts.json)
const MAIL_SEND = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const GROUP_READ_ALL = '5b567255-7703-4780-807c-7be8301ae99b';
const RG = 'rg-exo-automation';
const AA = 'aa-exo-automation';
const ENV = 'exo-pwsh-7-4';

let sim: Simulator;
let token: string;

async function graphRolesOf(principalId: string): Promise<string[]> {
  const sps = await send(sim, {
    method: 'GET',
    url: `/v1.0/servicePrincipals?$filter=appId eq '${GRAPH_APP_ID}'`,
    token,
  });
  const graphSp = (sps.json as { value: { id: string }[] }).value[0].id;
  const r = await send(sim, { method: 'GET', url: `/v1.0/servicePrincipals/${principalId}/appRoleAssignments`, token });
  expect(r.status).toBe(200);
  return (r.json as { value: { appRoleId: string; principalId: string; resourceId: string }[] }).value
    .filter((a) => a.resourceId === graphSp && a.principalId === principalId)
    .map((a) => a.appRoleId)
    .sort();
}

async function packages(): Promise<Record<string, { properties: { provisioningState: string; version: string } }>> {
  const list = (await armOk(sim, 'GET', `${aaPath(sim, RG, AA)}/runtimeEnvironments/${ENV}/packages`, AUTO)).value as {
    name: string;
    properties: { provisioningState: string; version: string };
  }[];
  return Object.fromEntries(list.map((p) => [p.name, p]));
}

beforeAll(async () => {
  sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
  token = await graphToken(sim, ['Application.Read.All', 'AppRoleAssignment.ReadWrite.All']);
});
afterAll(() => sim.close());

describe('graph-permissions and modules together', () => {
  const inputs = {
    'graph-permissions': 'Mail.Send, Group.Read.All',
    modules: 'Microsoft.Graph.Groups@2.17.0',
  };

  test('converge from empty: both app roles on the principal id, the module after its dependency; then 0 writes', async () => {
    const first = await act(sim, inputs);
    expect(log(first)).not.toMatch(/^::error/m);
    expect(first.code).toBe(0);
    const principalId = first.outputs['identity-principal-id'];
    const clientId = first.outputs['identity-client-id'];
    expect(principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientId).not.toBe(principalId);
    // read back over Graph: granted to the principal (object) id, never the client id
    expect(await graphRolesOf(principalId)).toEqual([MAIL_SEND, GROUP_READ_ALL].sort());
    const byClient = await send(sim, {
      method: 'GET',
      url: `/v1.0/servicePrincipals/${clientId}/appRoleAssignments`,
      token,
    });
    expect(byClient.status).toBe(404);
    // read back over ARM: the declared dependency imported first, both Succeeded
    const pk = await packages();
    expect(pk['Microsoft.Graph.Authentication'].properties).toMatchObject({
      provisioningState: 'Succeeded',
      version: '2.17.0',
    });
    expect(pk['Microsoft.Graph.Groups'].properties).toMatchObject({
      provisioningState: 'Succeeded',
      version: '2.17.0',
    });
    const puts = sim.requests.filter((r) => r.method === 'PUT' && /\/packages\/Microsoft\.Graph\./.test(r.path));
    expect(puts.map((r) => r.path.split('/').pop())).toEqual([
      'Microsoft.Graph.Authentication',
      'Microsoft.Graph.Groups',
    ]);
    // the summary shows how a runbook connects to Graph with this identity
    expect(first.summary).toContain('Connect-MgGraph -Identity');

    const from = sim.requests.length;
    const again = await act(sim, inputs);
    expect(again.code).toBe(0);
    expect(again.outputs.changes).toBe('0');
    expect(writesSince(sim, from)).toEqual([]);
  }, 240_000);

  test('the smoke test connects with Connect-MgGraph -Identity and runs Get-MgGroup', async () => {
    const run = await act(sim, { ...inputs, 'smoke-test': 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs['smoke-test']).toBe('passed');
    expect(log(run)).toMatch(/Connect-MgGraph -Identity/);
    expect(log(run)).toMatch(/Get-MgGroup/);
  }, 240_000);
});
