// Renders the job summaries and PR comments of representative runs in headless Chromium, to be
// looked at: `npx tsx scripts/render-check.ts [outdir]` (needs `chromium`; not part of CI). Each run
// is dist/index.js against a fresh simulator, as the runner runs it; each summary and comment is
// written as HTML (GitHub's CSS) and as a PNG screenshot.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator, type Simulator } from '../simulator/server.js';
import { markdownPage } from './render-html.js';
import { ROOT, runAction, simulatorInputs, type ActionRun, type RunOptions } from './run-action.js';

const out = resolve(process.argv[2] ?? join(tmpdir(), 'exo-render-check'));
mkdirSync(out, { recursive: true });
const RUNBOOK = join(ROOT, '__tests__', 'fixtures', 'runbooks', 'system-assigned-good.ps1');
const PR = { pull_request: { number: 7, head: { sha: '4c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d' } } };

function prClaims(sim: Simulator): void {
  Object.assign(sim.sim.state.github.claims, {
    sub: 'repo:octo-org/octo-repo:pull_request',
    ref: 'refs/pull/7/merge',
    event_name: 'pull_request',
  });
}

function workspace(runbooks: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'exo-render-ws-'));
  mkdirSync(join(dir, 'runbooks'));
  for (let i = 0; i < runbooks; i++)
    copyFileSync(RUNBOOK, join(dir, 'runbooks', `Report-${String(i).padStart(3, '0')}.ps1`));
  return dir;
}

async function act(sim: Simulator, extra: Record<string, string>, opts: RunOptions = {}): Promise<ActionRun> {
  const info = sim.readyInfo() as never;
  return runAction(info, simulatorInputs(info, extra), opts);
}

interface Scenario {
  name: string;
  run: (sim: Simulator) => Promise<ActionRun>;
}

const ws = workspace(2);
const scenarios: Scenario[] = [
  { name: 'success', run: (sim) => act(sim, { runbooks: 'runbooks/*.ps1' }, { workspace: ws }) },
  {
    name: 'plan',
    run: (sim) => (
      prClaims(sim),
      act(sim, { runbooks: 'runbooks/*.ps1' }, { event: 'pull_request', payload: PR, workspace: ws })
    ),
  },
  {
    name: 'drift',
    run: async (sim) => {
      await act(sim, {}, { workspace: ws });
      const sp = sim.sim.state.graph.servicePrincipals.find((s) => s.displayName === 'aa-exo-automation')!;
      sim.sim.state.graph.roleAssignments = sim.sim.state.graph.roleAssignments.filter((a) => a.principalId !== sp.id);
      return act(sim, { mode: 'plan', 'fail-on-drift': 'true' }, { event: 'schedule', workspace: ws });
    },
  },
  {
    name: 'fork',
    run: (sim) =>
      act(sim, { runbooks: 'runbooks/*.ps1' }, { event: 'pull_request', payload: PR, workspace: ws, oidc: false }),
  },
  { name: 'bad-input', run: (sim) => act(sim, { 'tenant-id': 'not-a-guid', 'runtime-versions': '7.2' }) },
  {
    name: 'azure-error',
    run: (sim) => {
      sim.faults.add({
        method: 'PUT',
        path: '/providers/Microsoft.Automation/automationAccounts/[^/]+$',
        times: 0,
        status: 403,
        body: {
          error: {
            code: 'AuthorizationFailed',
            message:
              "The client '00000000-0000-0000-0000-000000000000' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action 'Microsoft.Automation/automationAccounts/write' over scope '/subscriptions/x/resourceGroups/rg-exo-automation/providers/Microsoft.Automation/automationAccounts/aa-exo-automation' or the scope is invalid. If access was recently granted, please refresh your credentials.",
          },
        },
      });
      return act(sim, { runbooks: 'runbooks/*.ps1' }, { workspace: ws });
    },
  },
  {
    name: 'import-failure',
    run: async (sim) => {
      await act(sim, {}, { workspace: ws });
      const account = Object.values(sim.sim.state.arm).find((r) => /automationAccounts\/[^/]+$/i.test(r.id))!;
      account.sim = { ...account.sim, importFaults: { '*': { mode: 'fail' } } };
      return act(sim, { 'runtime-versions': '7.4, 5.1' }, { workspace: ws });
    },
  },
  {
    name: 'smoke-failure',
    run: (sim) => {
      sim.sim.state.config.exchangePermissionDelayMs = 3_600_000;
      return act(sim, { 'smoke-test': 'true' }, { workspace: ws });
    },
  },
  {
    name: '250-runbooks',
    run: (sim) => (
      prClaims(sim),
      act(sim, { runbooks: 'runbooks/*.ps1' }, { event: 'pull_request', payload: PR, workspace: workspace(250) })
    ),
  },
];

function screenshot(html: string, png: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'exo-chromium-'));
  // prettier-ignore
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`,
    '--hide-scrollbars', '--window-size=1100,2600', `--screenshot=${png}`, `file://${html}`], { stdio: 'ignore' });
}

for (const s of scenarios.filter((x) => process.argv.length < 4 || process.argv.slice(3).includes(x.name))) {
  const sim = await startSimulator({ config: { replicationDelayMs: 0, importMs: 300, jobMs: 300 } });
  try {
    const run = await s.run(sim);
    const pages: [string, string][] = [[`${s.name}-summary`, run.summary || '*(no job summary)*']];
    const comment = sim.sim.state.github.comments['octo-org/octo-repo#7']?.find((c) => c.user.type === 'Bot')?.body;
    if (comment) pages.push([`${s.name}-comment`, comment]);
    for (const [name, md] of pages) {
      const html = join(out, `${name}.html`);
      writeFileSync(join(out, `${name}.md`), md);
      writeFileSync(html, markdownPage(name, md));
      screenshot(html, join(out, `${name}.png`));
    }
    writeFileSync(join(out, `${s.name}.log`), run.stdout + run.stderr);
    console.log(`${s.name}: exit ${run.code}; ${pages.map((p) => `${p[0]}.png`).join(', ')}`);
  } finally {
    await sim.close();
  }
}
console.log(`written to ${out}`);
