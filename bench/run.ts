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
import type { SimConfig } from '../simulator/types.js';
import { profileConfig } from '../simulator/profiles.js';
import { DEFAULT_CONFIG } from '../simulator/state.js';
import { DIST, runAction, simulatorInputs } from '../scripts/run-action.js';
import { figures } from './critical-path.js';
import { inherentBound, type Shape } from './inherent-bound.js';
import { requiredPackages } from '../src/compat.js';
import { runtimeEnvironmentName } from '../src/kinds/runtime-environments.js';
import type { Runtime } from '../src/types.js';

const { values } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '50' },
    repeat: { type: 'string', default: '3' },
    only: { type: 'string' },
    // the azure profile's time scale (simulator/profiles.ts; bench/README.md)
    'time-scale': { type: 'string', default: '0.1' },
  },
});
const latency = Number(values['latency-ms']);
const repeat = Number(values.repeat);
const timeScale = Number(values['time-scale']);

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
  /** 429 answers the simulator gave */
  throttled: number;
  /** the inherent-graph bound (inherent-bound.ts), for the scenarios that state their shape */
  inherentMs?: number;
}

/** The desired state's shape for the inherent bound, from the same compatibility table src uses. */
function shapeOf(versions: Runtime[], roles: number, runbooks: number, accountExists = false, processes = 1): Shape {
  const runtimes = versions.map((runtime) => ({
    runtime,
    environment: runtimeEnvironmentName(runtime),
    packages: [
      ...requiredPackages(runtime).map((p) => ({ name: p.name, version: p.version, dependsOn: p.dependsOn })),
      { name: 'ExchangeOnlineManagement', version: 'resolved' },
    ],
  }));
  const role = { displayName: 'r', templateId: 'r' };
  return { desired: { runtimes, roles: Array(roles).fill(role) }, runbooks, accountExists, processes };
}

function inherentOf(sim: Simulator, shape: Shape): number {
  return inherentBound(shape, { latencyMs: latency, config: sim.sim.state.config }).boundMs;
}

/** BENCH_LOG=dir: each scenario's request log as JSON lines (start, end, method, status, path), for analysis. */
function dumpLog(sim: Simulator, scenario: string): void {
  const dir = process.env.BENCH_LOG;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.jsonl`);
  writeFileSync(file, sim.requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function measure(
  sim: Simulator,
  scenario: string,
  inputs: Record<string, string>,
  workspace: string,
  event = 'push',
  shape?: Shape,
): Promise<Row> {
  sim.requests.length = 0;
  const started = sim.elapsed();
  const t = performance.now();
  const run = await runAction(sim.readyInfo() as never, inputs, { workspace, event });
  const wallMs = performance.now() - t;
  dumpLog(sim, scenario);
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
    throttled: sim.requests.filter((r) => r.status === 429).length,
    ...(shape ? { inherentMs: inherentOf(sim, shape) } : {}),
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

async function fresh(config: Partial<SimConfig> = {}, azure = false): Promise<Simulator> {
  return startSimulator({
    latencyMs: latency,
    ...(azure ? { profile: { name: 'azure', timeScale } } : {}),
    config,
  });
}

const CONVERGE = {
  'runtime-versions': '5.1,7.4',
  roles: 'Exchange Administrator\nGlobal Reader\nSecurity Reader',
};

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
  /** converge from empty under the azure profile (bench/README.md, "The azure profile") */
  async azure() {
    const sim = await fresh({}, true);
    const ws = workspaceWith(20);
    const row = await measure(
      sim,
      `azure: converge from empty (5.1 + 7.4, 3 roles, 20 runbooks)`,
      base(sim, 20, CONVERGE),
      ws,
      'push',
      shapeOf(['5.1', '7.4'], 3, 20),
    );
    await sim.close();
    rmSync(ws, { recursive: true, force: true });
    return [row];
  },
  /** long imports and long replication, alone and together: do the two waits overlap? */
  async waits() {
    const rows: Row[] = [];
    const variants: [string, Partial<SimConfig>][] = [
      ['imports 6 s alone', { importMs: 6000, replicationDelayMs: 150 }],
      ['replication 6 s alone', { importMs: 150, replicationDelayMs: 6000 }],
      ['imports 6 s + replication 6 s', { importMs: 6000, replicationDelayMs: 6000 }],
    ];
    for (const [label, config] of variants) {
      const sim = await fresh(config);
      const ws = workspaceWith(0);
      rows.push(
        await measure(sim, `waits: ${label} (5.1 + 7.4, 3 roles)`, base(sim, 0, CONVERGE), ws, 'push', {
          ...shapeOf(['5.1', '7.4'], 3, 0),
        }),
      );
      await sim.close();
      rmSync(ws, { recursive: true, force: true });
    }
    return rows;
  },
  /** first sync of 800 runbooks (Automation's per-account limit) into an existing account, throttled */
  async sync800() {
    const sim = await fresh();
    const ws = workspaceWith(800);
    const inputs = base(sim, 800);
    sim.setLatency(0);
    await runAction(sim.readyInfo() as never, base(sim, 0), { workspace: workspaceWith(0) });
    sim.setLatency(latency);
    // as PUT /_sim/profile does
    sim.sim.state.config = { ...sim.sim.state.config, ...profileConfig('azure', timeScale, DEFAULT_CONFIG) };
    const row = await measure(
      sim,
      'azure: first sync of 800 runbooks',
      inputs,
      ws,
      'push',
      shapeOf(['7.4'], 1, 800, true),
    );
    await sim.close();
    rmSync(ws, { recursive: true, force: true });
    return [row];
  },
  /** 20 accounts in one subscription, applied by 20 processes at once (a workflow matrix) */
  async fleet() {
    const n = 20;
    const sim = await fresh({}, true);
    const ws = workspaceWith(10);
    sim.requests.length = 0;
    const t = performance.now();
    const runs = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const id = String(i + 1).padStart(2, '0');
        const inputs = base(sim, 10, { 'resource-group': `rg-exo-${id}`, 'automation-account': `aa-exo-${id}` });
        return runAction(sim.readyInfo() as never, inputs, { workspace: ws });
      }),
    );
    const wallMs = performance.now() - t;
    dumpLog(sim, 'fleet');
    const f = figures(sim.requests, latency, sim.sim.state.config);
    const failed = runs.filter((r) => r.code !== 0);
    for (const r of failed.slice(0, 2)) console.error(`[fleet] exit ${r.code}\n${r.stdout.slice(-2000)}`);
    const starts = sim.requests.map((r) => r.start);
    const ends = sim.requests.map((r) => r.end);
    await sim.close();
    rmSync(ws, { recursive: true, force: true });
    return [
      {
        scenario: `azure: fleet of ${n} accounts, ${n} processes, 10 runbooks each`,
        requests: f.requests,
        reads: f.reads,
        writes: f.writes,
        depth: f.depth,
        wallMs,
        netMs: Math.max(...ends) - Math.min(...starts),
        boundMs: f.boundMs,
        firstRequestMs: NaN,
        exit: failed.length ? (failed[0].code ?? 1) : 0,
        throttled: sim.requests.filter((r) => r.status === 429).length,
        inherentMs: inherentBound(shapeOf(['7.4'], 1, 10, false, n), {
          latencyMs: latency,
          config: sim.sim.state.config,
        }).boundMs,
      },
    ];
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
  try {
    all.push(...(await scenarios[name]()));
  } catch (e) {
    console.error(`[${name}] failed:`, e);
    process.exitCode = 1;
  }
}

console.log(
  `\nlatency ${latency} ms per request, ${repeat} runs each; dist/index.js ${(statSync(DIST).size / 1024).toFixed(0)} KiB\n`,
);
const cell = (v: number | undefined, digits = 0) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
console.log(
  `${'scenario'.padEnd(66)} ${pad('reqs', 5)} ${pad('writes', 6)} ${pad('429s', 5)} ${pad('depth', 5)} ${pad('wall ms', 8)} ${pad('net ms', 7)} ${pad('chain ms', 8)} ${pad('graph ms', 8)} ${pad('wall/gr', 7)} ${pad('net/ch', 6)} ${pad('1st req', 7)} ${pad('exit', 4)}`,
);
for (const r of all) {
  const ratio = r.inherentMs ? r.wallMs / r.inherentMs : undefined;
  console.log(
    `${r.scenario.padEnd(66)} ${pad(r.requests, 5)} ${pad(r.writes, 6)} ${pad(r.throttled, 5)} ${pad(r.depth, 5)} ${pad(cell(r.wallMs), 8)} ${pad(cell(r.netMs), 7)} ${pad(cell(r.boundMs), 8)} ${pad(cell(r.inherentMs), 8)} ${pad(cell(ratio, 2), 7)} ${pad(cell(r.netMs / r.boundMs, 2), 6)} ${pad(cell(r.firstRequestMs), 7)} ${pad(String(r.exit), 4)}`,
  );
}
process.exit(all.some((r) => r.exit !== 0) || process.exitCode ? 1 : 0);
