// The graph-permissions kind through the engine and the real Graph client over HTTPS: the preflight
// names what the deploying app needs for it, and a grant to an identity created moments before
// waits out Entra's replication as Exchange.ManageAsApp does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError } from '../../src/errors.js';
import { GRAPH_APP_ID } from '../../simulator/ids.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { kindsOf, lastSeq, replicated, resetState, run, writesSince } from './engine-helpers.js';

const MAIL_SEND = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const GROUP_READ_ALL = '5b567255-7703-4780-807c-7be8301ae99b';
const WANTED = { graphPermissions: ['Mail.Send', 'Group.Read.All'] };

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(() => resetState(sim));

function graphRolesOf(principalId: string): string[] {
  const g = sim.sim.state.graph;
  const graphSp = g.servicePrincipals.find((sp) => sp.appId === GRAPH_APP_ID)!;
  return g.appRoleAssignments
    .filter((a) => a.principalId === principalId && a.resourceId === graphSp.id)
    .map((a) => a.appRoleId)
    .sort();
}

describe('graph-permissions through the engine', () => {
  it('plans the grants, and the plan names the kind and permission', async () => {
    const mark = lastSeq(sim);
    const plan = await run(sim, 'plan', WANTED);
    expect(writesSince(sim, mark)).toEqual([]);
    expect(kindsOf(plan).filter((k) => k.includes('graph-permissions'))).toEqual([
      'create graph-permissions Mail.Send',
      'create graph-permissions Group.Read.All',
    ]);
    expect(plan.plan.changes.find((c) => c.name === 'Mail.Send')?.reason).toBe(
      'not granted: the identity does not exist yet',
    );
  });

  it('grants to an identity Entra is still replicating, retrying within the bound', async () => {
    // a replication window longer than the apply takes: the first grants are refused as not replicated
    sim.sim.state.config.replicationDelayMs = 1500;
    const applied = await run(sim, 'apply', WANTED);
    expect(applied.applied.filter((c) => c.kind === 'graph-permissions').map((c) => c.name)).toEqual([
      'Mail.Send',
      'Group.Read.All',
    ]);
    const refused = sim.requests.filter(
      (r) => r.method === 'POST' && /\/appRoleAssignments$/.test(r.path) && r.status === 400,
    );
    expect(refused.length).toBeGreaterThan(0);
    const principalId = applied.identity.principalId!;
    expect(graphRolesOf(principalId)).toEqual([GROUP_READ_ALL, MAIL_SEND].sort());
    await replicated(sim);
    const again = await run(sim, 'plan', WANTED);
    expect(again.plan.changes).toEqual([]);
  });

  it('the preflight names AppRoleAssignment.ReadWrite.All before any write when the deployer lacks it', async () => {
    await run(sim, 'apply', {});
    await replicated(sim);
    const deployer = sim.sim.state.deployer;
    deployer.graphPermissions = deployer.graphPermissions.filter((p) => p !== 'AppRoleAssignment.ReadWrite.All');
    const mark = lastSeq(sim);
    const attempt = run(sim, 'apply', WANTED);
    await expect(attempt).rejects.toBeInstanceOf(AuthError);
    await expect(attempt).rejects.toThrow(/AppRoleAssignment\.ReadWrite\.All/);
    expect(writesSince(sim, mark)).toEqual([]);
  });
});
