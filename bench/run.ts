// `npm run bench [-- --latency-ms 50 --repeat 3 --only noop]`: runs the built action against the
// simulator with injected latency and prints requests, critical-path depth, wall time, the lower
// bound (the critical path at latency per request plus the simulated durations it waited for)
// and the ratios for each scenario. See bench/README.md.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startSimulator, type Simulator } from '../simulator/server.js';
import { DIST, runAction, simulatorInputs } from '../scripts/run-action.js';
import { figures } from './critical-path.js';

const { values } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '50' },
    repeat: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const latency = Number(values['latency-ms']);
const repeat = Number(values.repeat);

function runbookText(i: number, variant = 0): string {
  return `# bench runbook ${i}\nConnect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\nGet-EXOMailbox -ResultSize ${10 + i + variant}\n`;
}

function workspaceWith(n: number): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-bench-'));
  mkdirSync(join(ws, 'runbooks'));
  for (let i = 0; i < n; i++)
    writeFileSync(join(ws, 'runbooks', `Bench-Runbook-${String(i).padStart(3, '0')}.ps1`), runbookText(i));
  return ws;
}

interface Row {
  scenario: string;
  requests: number;
  reads: number;
  writes: number;
  depth: number;
  /** process start to exit */
  wallMs: number;
  /** first request sent to last answer received: the part the bound describes */
  netMs: number;
  boundMs: number;
  firstRequestMs: number;
  exit: number | null;
}

async function measure(
  sim: Simulator,
  scenario: string,
  inputs: Record<string, string>,
  workspace: string,
  event = 'push',
): Promise<Row> {
  sim.requests.length = 0;
  const started = sim.elapsed();
  const t = performance.now();
  const run = await runAction(sim.readyInfo() as never, inputs, { workspace, event });
  const wallMs = performance.now() - t;
  const f = figures(sim.requests, latency, sim.sim.state.config);
  const firstStart = sim.requests.length ? Math.min(...sim.requests.map((r) => r.start)) : NaN;
  const lastEnd = sim.requests.length ? Math.max(...sim.requests.map((r) => r.end)) : NaN;
  if (run.code !== 0)
    console.error(`[${scenario}] exit ${run.code}\n${run.stdout.slice(-3000)}${run.stderr.slice(-2000)}`);
  return {
    scenario,
    requests: f.requests,
    reads: f.reads,
    writes: f.writes,
    depth: f.depth,
    wallMs,
    netMs: lastEnd - firstStart,
    boundMs: f.boundMs,
    firstRequestMs: firstStart - started,
    exit: run.code,
  };
}

function base(sim: Simulator, runbooks: number, extra: Record<string, string> = {}): Record<string, string> {
  return simulatorInputs(sim.readyInfo() as never, {
    'runtime-versions': '7.4',
    roles: 'Exchange Administrator',
    ...(runbooks > 0 ? { runbooks: 'runbooks/*.ps1' } : {}),
    ...extra,
  });
}

async function fresh(): Promise<Simulator> {
  const sim = await startSimulator({ latencyMs: latency });
  return sim;
}

const scenarios: Record<string, () => Promise<Row[]>> = {
  async converge() {
    const rows: Row[] = [];
    for (let i = 0; i < repeat; i++) {
      const sim = await fresh();
      const ws = workspaceWith(20);
      rows.push(
        await measure(
          sim,
          'converge from empty (2 runtimes, 3 roles, 20 runbooks)',
          base(sim, 20, {
            'runtime-versions': '5.1,7.4',
            roles: 'Exchange Administrator\nGlobal Reader\nSecurity Reader',
          }),
          ws,
        ),
      );
      await sim.close();
      rmSync(ws, { recursive: true, force: true });
    }
    return rows;
  },
  async noop() {
    const rows: Row[] = [];
    for (const n of [0, 50, 200, 800]) {
      const sim = await fresh();
      const ws = workspaceWith(n);
      sim.setLatency(0);
      await runAction(sim.readyInfo() as never, base(sim, n), { workspace: ws });
      sim.setLatency(latency);
      for (let i = 0; i < repeat; i++) rows.push(await measure(sim, `no-op, ${n} runbooks`, base(sim, n), ws));
      await sim.close();
      rmSync(ws, { recursive: true, force: true });
    }
    return rows;
  },
  async onechanged() {
    const rows: Row[] = [];
    const sim = await fresh();
    const ws = workspaceWith(200);
    sim.setLatency(0);
    await runAction(sim.readyInfo() as never, base(sim, 200), { workspace: ws });
    sim.setLatency(latency);
    for (let i = 0; i < repeat; i++) {
      writeFileSync(join(ws, 'runbooks', 'Bench-Runbook-007.ps1'), runbookText(7, i + 1));
      rows.push(await measure(sim, '1 of 200 runbooks changed', base(sim, 200), ws));
    }
    await sim.close();
    rmSync(ws, { recursive: true, force: true });
    return rows;
  },
  async plandrift() {
    const rows: Row[] = [];
    const sim = await fresh();
    const ws = workspaceWith(20);
    sim.setLatency(0);
    await runAction(sim.readyInfo() as never, base(sim, 20), { workspace: ws });
    sim.setLatency(latency);
    for (let i = 0; i < repeat; i++) {
      // Drift: the directory role assignment removed by hand, one runbook edited in the repository.
      sim.sim.state.graph.roleAssignments = [];
      writeFileSync(join(ws, 'runbooks', 'Bench-Runbook-003.ps1'), runbookText(3, i + 1));
      rows.push(await measure(sim, 'plan on a drifted account', base(sim, 20, { mode: 'plan' }), ws, 'pull_request'));
    }
    await sim.close();
    rmSync(ws, { recursive: true, force: true });
    return rows;
  },
};

const pad = (s: string | number, n: number) => String(s).padStart(n);
const selected = values.only ? values.only.split(',') : Object.keys(scenarios);
const all: Row[] = [];
for (const name of selected) {
  if (!scenarios[name]) throw new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  all.push(...(await scenarios[name]()));
}

console.log(
  `\nlatency ${latency} ms per request, ${repeat} runs each; dist/index.js ${(statSync(DIST).size / 1024).toFixed(0)} KiB\n`,
);
console.log(
  `${'scenario'.padEnd(58)} ${pad('reqs', 5)} ${pad('reads', 5)} ${pad('writes', 6)} ${pad('depth', 5)} ${pad('wall ms', 8)} ${pad('net ms', 7)} ${pad('bound ms', 8)} ${pad('net/bnd', 7)} ${pad('wall/bnd', 8)} ${pad('1st req ms', 10)} ${pad('exit', 4)}`,
);
for (const r of all) {
  console.log(
    `${r.scenario.padEnd(58)} ${pad(r.requests, 5)} ${pad(r.reads, 5)} ${pad(r.writes, 6)} ${pad(r.depth, 5)} ${pad(r.wallMs.toFixed(0), 8)} ${pad(r.netMs.toFixed(0), 7)} ${pad(r.boundMs.toFixed(0), 8)} ${pad((r.netMs / r.boundMs).toFixed(2), 7)} ${pad((r.wallMs / r.boundMs).toFixed(2), 8)} ${pad(r.firstRequestMs.toFixed(0), 10)} ${pad(String(r.exit), 4)}`,
  );
}
process.exit(all.some((r) => r.exit !== 0) ? 1 : 0);
