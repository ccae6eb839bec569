// No token, assertion or request token is ever printed (CONTRACT.md section 4): every log line,
// the summary, the outputs and the PR comment of several runs are scanned for every secret the
// simulator issued (sim.issuedSecrets: access tokens and GitHub OIDC tokens), the runner's
// ACTIONS_ID_TOKEN_REQUEST_TOKEN and the github-token input. Each issued token must also have been
// masked (::add-mask::) by the run that received it, as soon as it existed.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../simulator/server.js';
import type { ActionRun, RunOptions } from '../../scripts/run-action.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, setPullRequestClaims } from '../helpers/e2e.js';

const GITHUB_TOKEN = 'ghs_simulated_token';
const HERE = dirname(fileURLToPath(import.meta.url));
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-secrets-'));
  const script = readFileSync(join(HERE, '..', 'fixtures', 'runbooks', 'system-assigned-good.ps1'), 'utf8');
  writeFileSync(join(ws, 'Get-Domains.ps1'), script);
  return ws;
}

interface Scanned {
  run: ActionRun;
  /** secrets issued while this run ran */
  issued: string[];
  /** everything a person can read: log lines (mask commands excluded), summary, outputs, PR comments */
  visible: string;
  masked: Set<string>;
}

async function scanned(
  sim: Simulator,
  inputs: Record<string, string>,
  opts: RunOptions = {},
  prKey?: string,
): Promise<Scanned> {
  const before = sim.sim.issuedSecrets!.length;
  const run = await act(sim, inputs, opts);
  const issued = sim.sim.issuedSecrets!.slice(before);
  const lines = (run.stdout + '\n' + run.stderr).split('\n');
  const masked = new Set(lines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length)));
  const comments = prKey ? (sim.sim.state.github.comments[prKey] ?? []).map((c) => c.body) : [];
  const visible = [
    ...lines.filter((l) => !l.startsWith('::add-mask::')),
    run.summary,
    JSON.stringify(run.outputs),
    ...comments,
  ].join('\n');
  return { run, issued, visible, masked };
}

function expectNoSecret(sim: Simulator, s: Scanned): void {
  const secrets = [...sim.sim.issuedSecrets!, sim.oidcRequestToken, GITHUB_TOKEN];
  const leaked = secrets.filter((x) => s.visible.includes(x));
  expect(leaked).toEqual([]);
  // nor any piece of a JWT (a token cut by a line break or a truncation)
  expect(s.visible).not.toMatch(JWT);
  for (const x of sim.sim.issuedSecrets!) expect(s.visible).not.toContain(x.split('.')[2]);
  // every token this run received was masked by this run
  expect(s.issued.filter((x) => !s.masked.has(x))).toEqual([]);
  // the scan can fail: the raw output does hold the tokens, in the mask commands the runner consumes
  if (s.issued.length) expect(s.run.stdout).toContain(s.issued[0]);
}

describe('no secret is ever printed', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ config: { tokenLifetimeSeconds: 2, oidcTokenLifetimeSeconds: 5 } });
    sim.sim.issuedSecrets = [];
  });
  afterAll(() => sim.close());

  test('apply with runbooks and the smoke test (short-lived tokens: many are issued)', async () => {
    const s = await scanned(sim, { runbooks: '*.ps1', 'smoke-test': 'true' }, { workspace: workspace() });
    expect(s.run.code).toBe(0);
    expect(s.issued.length).toBeGreaterThan(4);
    expectNoSecret(sim, s);
  });

  test('apply with step debugging on (RUNNER_DEBUG=1)', async () => {
    const s = await scanned(sim, { runbooks: '*.ps1' }, { workspace: workspace(), env: { RUNNER_DEBUG: '1' } });
    expect(s.run.code).toBe(0);
    expect(s.run.stdout).toContain('::debug::');
    expectNoSecret(sim, s);
  });

  test('a service error, with and without debugging', async () => {
    const principalId = sim.sim.state.graph.servicePrincipals.find((sp) => sp.displayName === 'aa-exo-automation')!.id;
    sim.sim.state.graph.roleAssignments = sim.sim.state.graph.roleAssignments.filter(
      (a) => a.principalId !== principalId,
    );
    sim.faults.add({
      method: 'POST',
      path: '/roleAssignments$',
      times: 0,
      status: 403,
      body: {
        error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
      },
    });
    try {
      for (const env of [{}, { RUNNER_DEBUG: '1' }] as Record<string, string>[]) {
        const s = await scanned(sim, {}, { env });
        expect(s.run.code).not.toBe(0);
        expect(s.visible).toContain('Authorization_RequestDenied');
        expectNoSecret(sim, s);
      }
    } finally {
      sim.faults.clear();
    }
  });

  test('plan on a pull request, with the sticky comment', async () => {
    const pr = await startTestSimulator();
    pr.sim.issuedSecrets = [];
    setPullRequestClaims(pr);
    try {
      const payload = { pull_request: { number: 7 }, repository: { full_name: 'octo-org/octo-repo' } };
      const s = await scanned(pr, {}, { event: 'pull_request', payload }, 'octo-org/octo-repo#7');
      expect(s.run.code).toBe(0);
      expect(pr.sim.state.github.comments['octo-org/octo-repo#7']).toHaveLength(1);
      expectNoSecret(pr, s);
    } finally {
      await pr.close();
    }
  });

  test('a refused sign-in (no federated credential for this subject), with debugging', async () => {
    const bad = await startTestSimulator();
    bad.sim.issuedSecrets = [];
    bad.sim.state.github.claims.sub = 'repo:octo-org/octo-repo:environment:production';
    try {
      for (const env of [{}, { RUNNER_DEBUG: '1' }] as Record<string, string>[]) {
        const s = await scanned(bad, {}, { env });
        expect(s.run.code).not.toBe(0);
        expect(s.visible).toContain('AADSTS700213');
        expect(s.issued.length).toBeGreaterThan(0); // GitHub tokens were issued, and refused
        expectNoSecret(bad, s);
      }
    } finally {
      await bad.close();
    }
  });

  test('an expired GitHub token refused by Entra (AADSTS700024) prints no assertion', async () => {
    const old = await startTestSimulator();
    old.sim.issuedSecrets = [];
    // Every GitHub token the simulator issues expired 20 minutes ago (a badly skewed clock).
    old.sim.state.config.oidcTokenLifetimeSeconds = -1200;
    try {
      const s = await scanned(old, {});
      expect(s.run.code).not.toBe(0);
      expect(s.visible).toContain('AADSTS700024');
      expectNoSecret(old, s);
    } finally {
      await old.close();
    }
  });
});
