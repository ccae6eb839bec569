// The built action (dist/index.js) run as the runner runs it, against the simulator: outputs read
// from GITHUB_OUTPUT, the summary from GITHUB_STEP_SUMMARY.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, log, setPullRequestClaims, writesSince } from '../helpers/e2e.js';

describe('push: apply from empty, then again', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // No replication delay here: these runs follow each other within milliseconds, and a stale
    // list would make the next plan count a change twice (the fault suite covers the delay).
    sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
  });
  afterAll(() => sim.close());

  test('converges, and the second run makes zero writes and reports 0 changes', async () => {
    const first = await act(sim);
    expect(log(first)).not.toMatch(/^::error/m);
    expect(first.code).toBe(0);
    expect(Number(first.outputs.changes)).toBeGreaterThan(0);
    expect(first.outputs.drift).toBe('true');
    expect(first.outputs['principal-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.outputs['client-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.outputs['client-id']).not.toBe(first.outputs['principal-id']);
    // the new names and their deprecated aliases carry the same values
    expect(first.outputs['identity-principal-id']).toBe(first.outputs['principal-id']);
    expect(first.outputs['identity-client-id']).toBe(first.outputs['client-id']);
    const plan = JSON.parse(first.outputs.plan);
    expect(plan).toMatchObject({ version: 1, mode: 'apply' });
    expect(plan.counts.create).toBe(plan.changes.length);
    expect(first.summary).toContain('Apply complete');
    expect(first.outputs['smoke-test']).toBe('skipped');

    const mark = sim.requests.length;
    const second = await act(sim);
    expect(second.code).toBe(0);
    expect(second.outputs.changes).toBe('0');
    expect(second.outputs.drift).toBe('false');
    expect(writesSince(sim, mark)).toEqual([]);
    expect(second.summary).toContain('No changes.');
    expect(second.outputs['principal-id']).toBe(first.outputs['principal-id']);
  });

  test('a schedule run finds drift made by hand and corrects it', async () => {
    const principalId = sim.sim.state.graph.servicePrincipals.find((sp) => sp.displayName === 'aa-exo-automation')!.id;
    sim.sim.state.graph.roleAssignments = sim.sim.state.graph.roleAssignments.filter(
      (a) => a.principalId !== principalId,
    );
    const run = await act(sim, {}, { event: 'schedule' });
    expect(run.code).toBe(0);
    expect(run.outputs.drift).toBe('true');
    expect(run.outputs.changes).toBe('1');
    expect(JSON.parse(run.outputs.plan).changes[0]).toMatchObject({
      kind: 'directory-role-assignment',
      action: 'create',
    });
    expect(run.summary).toMatch(/[Dd]rift/);
    const assigned = sim.sim.state.graph.roleAssignments.filter((a) => a.principalId === principalId);
    expect(assigned.map((a) => a.roleDefinitionId)).toEqual(['29232cdf-9323-42fd-ade2-1d097af3e4de']);
  });

  test('fail-on-drift fails a plan that has changes, with the plan shown', async () => {
    const principalId = sim.sim.state.graph.servicePrincipals.find((sp) => sp.displayName === 'aa-exo-automation')!.id;
    sim.sim.state.graph.appRoleAssignments = sim.sim.state.graph.appRoleAssignments.filter(
      (a) => a.principalId !== principalId,
    );
    const mark = sim.requests.length;
    const run = await act(sim, { mode: 'plan', 'fail-on-drift': 'true' }, { event: 'schedule' });
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(/fail-on-drift/);
    expect(log(run)).toMatch(/\+ app-role-assignment Exchange\.ManageAsApp/);
    expect(run.outputs.changes).toBe('1');
    expect(writesSince(sim, mark)).toEqual([]);
    // and without fail-on-drift the same plan passes
    const ok = await act(sim, { mode: 'plan' }, { event: 'schedule' });
    expect(ok.code).toBe(0);
  });

  test('smoke test passes once the grants are in place, and reports the domains', async () => {
    const run = await act(sim, { 'smoke-test': 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs['smoke-test']).toBe('passed');
    expect(run.summary).toContain('contoso.com');
  });

  test('a failing API write fails the run with the service text and the hint', async () => {
    const principalId = sim.sim.state.graph.servicePrincipals.find((sp) => sp.displayName === 'aa-exo-automation')!.id;
    sim.sim.state.graph.appRoleAssignments = sim.sim.state.graph.appRoleAssignments.filter(
      (a) => a.principalId !== principalId,
    );
    sim.faults.add({
      method: 'POST',
      path: '/appRoleAssignments$',
      times: 0,
      status: 403,
      body: {
        error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
      },
    });
    try {
      const run = await act(sim);
      expect(run.code).not.toBe(0);
      expect(log(run)).toContain('Authorization_RequestDenied');
      expect(log(run)).toContain('Insufficient privileges to complete the operation.');
      expect(log(run)).toContain('Hint: The deploying app lacks Microsoft Graph application permissions');
      expect(run.summary).toContain('Insufficient privileges');
    } finally {
      sim.faults.clear();
    }
    expect((await act(sim)).code).toBe(0);
  });
});

describe('smoke test', () => {
  test('fails with the reason when Exchange has not picked up fresh grants yet, then passes', async () => {
    // Exchange caches an identity's permissions: grants made by this apply are not effective yet.
    const sim = await startTestSimulator({ config: { replicationDelayMs: 0, exchangePermissionDelayMs: 3_600_000 } });
    try {
      const run = await act(sim, { 'smoke-test': 'true' });
      expect(run.code).not.toBe(0);
      expect(run.outputs['smoke-test']).toBe('failed');
      expect(log(run)).toMatch(/Exchange\.ManageAsApp/);
      expect(run.summary).toMatch(/24 h/);
      expect(run.summary).toContain('UnAuthorized');
      // Azure and Entra did converge: only the effect is pending.
      expect(Number(run.outputs.changes)).toBeGreaterThan(0);
      sim.sim.state.config.exchangePermissionDelayMs = 0;
      const later = await act(sim, { 'smoke-test': 'true' });
      expect(later.code).toBe(0);
      expect(later.outputs['smoke-test']).toBe('passed');
      expect(later.outputs.changes).toBe('0');
    } finally {
      await sim.close();
    }
  });
});

describe('pull_request: plan only, one sticky comment', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
    setPullRequestClaims(sim);
  });
  afterAll(() => sim.close());
  const payload = { pull_request: { number: 7 }, repository: { full_name: 'octo-org/octo-repo' } };

  test('plans without writing to Azure, comments once, updates on the next run', async () => {
    const mark = sim.requests.length;
    const first = await act(sim, {}, { event: 'pull_request', payload });
    expect(log(first)).not.toMatch(/^::error/m);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.outputs.plan).mode).toBe('plan');
    expect(Number(first.outputs.changes)).toBeGreaterThan(0);
    const azureWrites = writesSince(sim, mark).filter((r) => r.service !== 'github');
    expect(azureWrites).toEqual([]);
    const comments = sim.sim.state.github.comments['octo-org/octo-repo#7'];
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('exo-automation:plan:');
    expect(comments[0].body).toContain('to add');

    const second = await act(sim, {}, { event: 'pull_request', payload });
    expect(second.code).toBe(0);
    const after = sim.sim.state.github.comments['octo-org/octo-repo#7'];
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(comments[0].id);
  });

  test('a fork pull request (no OIDC token) runs the offline checks and ends green with a notice', async () => {
    const mark = sim.requests.length;
    const run = await act(sim, {}, { event: 'pull_request', payload, oidc: false });
    expect(run.code).toBe(0);
    expect(log(run)).toMatch(/::notice::.*not read/);
    expect(run.summary).toMatch(/not read/);
    expect(sim.requests.slice(mark).filter((r) => r.service !== 'github')).toEqual([]);
  });

  test('apply without an OIDC token fails with the permission hint', async () => {
    const run = await act(sim, { mode: 'apply' }, { event: 'push', oidc: false });
    expect(run.code).not.toBe(0);
    expect(log(run)).toContain('id-token: write');
  });
});

describe('bad input', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  test('every bad input is listed, and no request is made', async () => {
    const run = await act(sim, {
      'tenant-id': 'not-a-guid',
      'identity-type': 'user',
      'runtime-versions': '7.2',
      roles: 'Exchange Admin',
      mode: 'yolo',
    });
    expect(run.code).not.toBe(0);
    const text = log(run);
    for (const name of ['tenant-id', 'identity-type', 'runtime-versions', 'roles', 'mode'])
      expect(text).toContain(name);
    expect(text).toContain('system-assigned, user-assigned');
    expect(sim.requests).toEqual([]);
  });
});
