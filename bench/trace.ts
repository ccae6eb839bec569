// `npx tsx bench/trace.ts [converge|noop|onechanged] [--latency-ms 50] [--runbooks N]`: one run of
// the built action against the simulator, printing each request with its start, end and
// critical-path depth: the tool that shows where a scenario's time goes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator/server.js';
import { runAction, simulatorInputs } from '../scripts/run-action.js';
import { chainOf, figures } from './critical-path.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'latency-ms': { type: 'string', default: '50' }, runbooks: { type: 'string', default: '0' } },
});
const scenario = positionals[0] ?? 'noop';
const latency = Number(values['latency-ms']);
const n = Number(values.runbooks);

const sim = await startSimulator({ latencyMs: latency });
const ws = mkdtempSync(join(tmpdir(), 'exo-trace-'));
mkdirSync(join(ws, 'runbooks'));
const text = (i: number, v = 0) =>
  `# bench runbook ${i}\nConnect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\nGet-EXOMailbox -ResultSize ${10 + i + v}\n`;
for (let i = 0; i < n; i++)
  writeFileSync(join(ws, 'runbooks', `Bench-Runbook-${String(i).padStart(3, '0')}.ps1`), text(i));
const extra: Record<string, string> =
  scenario === 'converge'
    ? { 'runtime-versions': '5.1,7.4', roles: 'Exchange Administrator\nGlobal Reader\nSecurity Reader' }
    : { 'runtime-versions': '7.4', roles: 'Exchange Administrator' };
if (n > 0) extra.runbooks = 'runbooks/*.ps1';
const inputs = simulatorInputs(sim.readyInfo() as never, extra);
if (scenario !== 'converge') {
  sim.setLatency(0);
  await runAction(sim.readyInfo() as never, inputs, { workspace: ws });
  sim.setLatency(latency);
  if (scenario === 'onechanged') writeFileSync(join(ws, 'runbooks', 'Bench-Runbook-000.ps1'), text(0, 1));
}
sim.requests.length = 0;
const t0 = sim.elapsed();
const run = await runAction(sim.readyInfo() as never, inputs, {
  workspace: ws,
  // e.g. TRACE_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the action's process
  env: process.env.TRACE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.TRACE_NODE_OPTIONS } : {},
});
const t1 = sim.elapsed();
const f = figures(sim.requests, latency, sim.sim.state.config);
const onChain = new Set(chainOf(sim.requests, latency, sim.sim.state.config));
for (const r of sim.requests) {
  console.log(
    `${onChain.has(r) ? '*' : ' '} ${String(Math.round(r.start - t0)).padStart(6)} ${String(Math.round(r.end - t0)).padStart(6)} ${r.method.padEnd(6)} ${r.status} ${r.path}${r.query ? `?${r.query}`.slice(0, 60) : ''}`,
  );
}
console.log(JSON.stringify({ exit: run.code, wall: Math.round(t1 - t0), ...f }));
if (run.code !== 0) console.log(run.stdout.slice(-3000), run.stderr.slice(-2000));
await sim.close();
