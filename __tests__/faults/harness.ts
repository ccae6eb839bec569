// One fault scenario, end to end through dist/index.js against a fresh simulator:
//   plan under the fault (no write may leave), apply under the fault, a recovery run when the
//   faulted apply failed, a hand-made runbook added, then a re-run that must report 0 changes and
//   make 0 writes. Every figure of the table comes from the simulator's own request log and state.
import { expect } from '@jest/globals';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator, SimulatorOptions } from '../../simulator/server.js';
import type { ActionRun, RunOptions } from '../../scripts/run-action.js';
import { startTestSimulator, writeRequests } from '../helpers/sim.js';
import { act, log } from '../helpers/e2e.js';
import { armFetch } from '../helpers/arm.js';
import { compare, picture, type Picture } from './state.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = readFileSync(join(HERE, '..', 'fixtures', 'runbooks', 'system-assigned-good.ps1'), 'utf8');

/** Two runbooks from the repository, synced with prune on (a hand-made runbook must survive). */
export const RUNBOOK_INPUTS = { runbooks: '*.ps1', 'prune-runbooks': 'true' };
export const HAND_MADE = 'Hand-Made-Report';
const HAND_MADE_SCRIPT = "Write-Output 'made by hand, not by exo-automation'\n";

export function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-faults-ws-'));
  writeFileSync(join(ws, 'Get-Domains.ps1'), FIXTURE);
  writeFileSync(join(ws, 'Get-Domains-Weekly.ps1'), FIXTURE.replace('Lists accepted', 'Weekly: lists accepted'));
  return ws;
}

export function faultHits(sim: Simulator, from = 0): number {
  return sim.requests.slice(from).filter((r) => r.fault).length;
}

/**
 * No stack frame of our code or node's in the user-facing log. Workflow commands encode line breaks
 * as %0A, so a stack inside an ::error:: or ::warning:: is decoded first; ::debug:: lines (shown
 * only to whoever turned debugging on) may hold one.
 */
export function hasStackTrace(text: string): boolean {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::debug::'))
    .flatMap((l) => l.split('%0A'))
    .some((l) => /^\s*at \S.*:\d+:\d+\)?$/.test(l));
}

/** A child that outlives this is killed: a hung run shows in the table instead of hanging jest. */
const SAFETY_KILL_MS = 90_000;
const runSafe = (sim: Simulator, inputs: Record<string, string>, opts: RunOptions = {}) =>
  act(sim, inputs, { ...opts, killAfterMs: opts.killAfterMs ?? SAFETY_KILL_MS });

export const ACCOUNT = 'aa-exo-automation';
export const RG = 'rg-exo-automation';

function accountPath(sim: Simulator): string {
  return `/subscriptions/${sim.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Automation/automationAccounts/${ACCOUNT}`;
}

/** A runbook made by hand in the portal: no ownership tag. Added through ARM like a user would. */
export async function addHandMadeRunbook(sim: Simulator): Promise<boolean> {
  const base = `${accountPath(sim)}/runbooks/${HAND_MADE}`;
  const put = await armFetch(sim, 'PUT', base, {
    apiVersion: '2024-10-23',
    body: { location: 'westeurope', properties: { runbookType: 'PowerShell', description: 'by hand' } },
  });
  if (put.status >= 300) return false;
  const draft = await armFetch(sim, 'PUT', `${base}/draft/content`, {
    apiVersion: '2024-10-23',
    body: HAND_MADE_SCRIPT,
    contentType: 'text/powershell',
  });
  expect(draft.status).toBe(202);
  await new Promise((r) => setTimeout(r, sim.sim.state.config.lroMs + 50));
  const publish = await armFetch(sim, 'POST', `${base}/publish`, { apiVersion: '2024-10-23' });
  expect(publish.status).toBe(202);
  // ARM settles time-driven changes on the next request: read until it says Published.
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, sim.sim.state.config.lroMs));
    const get = await armFetch(sim, 'GET', base, { apiVersion: '2024-10-23' });
    if (get.json?.properties?.state === 'Published') return true;
  }
  throw new Error('the hand-made runbook was not published');
}

function handMadeIntact(sim: Simulator): boolean {
  const r = Object.values(sim.sim.state.arm).find(
    (x) => x.type.toLowerCase().endsWith('/runbooks') && x.name === HAND_MADE,
  );
  return Boolean(r && r.sim?.publishedContent === HAND_MADE_SCRIPT && !r.tags?.['exo-automation:managed']);
}

export interface Row {
  scenario: string;
  /** how the faulted apply ended */
  outcome: 'ok' | 'failed cleanly' | 'killed';
  faultHits: number;
  /** ARM + Graph writes of the faulted apply and, after a failure, of the recovery run */
  writes: number;
  duplicates: number;
  lost: number;
  converged: boolean;
  wallMs: number;
  note?: string;
}

const rows: Row[] = [];
let reference: Picture | undefined;

/** The state a clean run leaves: what every scenario must end in (plus the hand-made runbook). */
export async function referencePicture(): Promise<Picture> {
  if (reference) return reference;
  const sim = await startTestSimulator();
  try {
    const ws = workspace();
    const run = await act(sim, RUNBOOK_INPUTS, { workspace: ws });
    expect(log(run)).not.toMatch(/^::error/m);
    expect(run.code).toBe(0);
    await addHandMadeRunbook(sim);
    reference = picture(sim);
    expect(reference.duplicates).toEqual([]);
    return reference;
  } finally {
    await sim.close();
  }
}

export interface Scenario {
  name: string;
  sim?: SimulatorOptions;
  /** state changes before any run (config, clock) */
  setup?: (sim: Simulator) => void | Promise<void>;
  /** fault rules; added before the plan run and again (fresh counters) before the faulted apply */
  faults?: (sim: Simulator) => void;
  /** extra inputs for every run */
  inputs?: Record<string, string>;
  /** extra runner options for the faulted runs (env, killAfterMs) */
  options?: RunOptions;
  /** the faulted apply: 'ok' must succeed, 'fail' must fail cleanly, 'any' either way */
  expect: 'ok' | 'fail' | 'any';
  /** replace the faulted apply (e.g. two runs at once); returns the runs */
  apply?: (sim: Simulator, ws: string, inputs: Record<string, string>) => Promise<ActionRun[]>;
  /** assertions on the faulted apply's runs and the request log since it started */
  check?: (runs: ActionRun[], sim: Simulator, from: number) => void | Promise<void>;
  /** skip the plan-under-fault step (e.g. the fault only makes sense once) */
  noPlan?: boolean;
  /** wait this long before the re-run (default: the replication delay + 200 ms, in real time) */
  rerunAfterMs?: number;
  /** undo state-level faults (not fault rules) before the recovery run */
  heal?: (sim: Simulator) => void;
}

function ended(run: ActionRun): 'ok' | 'failed cleanly' | 'killed' {
  if (run.signal) return 'killed';
  return run.code === 0 ? 'ok' : 'failed cleanly';
}

/** Waits (bounded) until every request the simulator received has been answered or dropped. */
async function settled(sim: Simulator, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (sim.requests.some((r) => r.end === 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

export async function runScenario(s: Scenario): Promise<Row> {
  const want = await referencePicture();
  const t0 = Date.now();
  const sim = await startTestSimulator(s.sim);
  try {
    await s.setup?.(sim);
    const ws = workspace();
    const inputs = { ...RUNBOOK_INPUTS, ...s.inputs };

    // 1. plan under the fault: never a write
    if (!s.noPlan) {
      s.faults?.(sim);
      const mark = sim.requests.length;
      const plan = await runSafe(
        sim,
        { ...inputs, mode: 'plan' },
        { ...s.options, workspace: ws, killAfterMs: undefined },
      );
      expect(writeRequests(sim, mark)).toEqual([]);
      if (plan.code === 0) expect(JSON.parse(plan.outputs.plan).mode).toBe('plan');
      sim.faults.clear();
    }

    // 2. the faulted apply
    s.faults?.(sim);
    const mark = sim.requests.length;
    const runs = s.apply
      ? await s.apply(sim, ws, inputs)
      : [await runSafe(sim, inputs, { ...s.options, workspace: ws })];
    // A killed run can leave a delayed request still inside the simulator: let it land before the
    // re-run, as it would long before a person re-runs the job (else it races the re-run's writes).
    await settled(sim);
    const hits = faultHits(sim, mark);
    // a rule that matches no request (a path typo, a renamed API) turns the scenario into the baseline
    if (s.faults) expect(hits).toBeGreaterThan(0);
    await s.check?.(runs, sim, mark);
    sim.faults.clear();
    s.heal?.(sim);
    const outcome = runs.map(ended).find((o) => o !== 'ok') ?? 'ok';
    if (s.expect === 'ok')
      for (const r of runs) expect({ code: r.code, log: r.code ? log(r) : '' }).toEqual({ code: 0, log: '' });
    if (s.expect === 'fail') expect(outcome).not.toBe('ok');
    for (const r of runs) if (!r.signal) expect(hasStackTrace(log(r))).toBe(false);

    // A run that reported success must have left nothing out (lost changes).
    let lost = 0;
    if (outcome === 'ok') lost += compare(withoutHandMade(want.items), picture(sim).items).missing.length;
    let writes = writeRequests(sim, mark).length;

    // 3. a hand-made runbook appears (needs the account; after a failed run it may not exist yet)
    let handMade = await addHandMadeRunbook(sim);

    // 4. after a failure, one plain re-run must converge
    if (outcome !== 'ok') {
      const m = sim.requests.length;
      const recovery = await runSafe(sim, inputs, { workspace: ws });
      expect({ code: recovery.code, log: recovery.code ? log(recovery) : '' }).toEqual({ code: 0, log: '' });
      writes += writeRequests(sim, m).length;
      if (!handMade) handMade = await addHandMadeRunbook(sim);
      lost += compare(want.items, picture(sim).items).missing.length;
    }
    expect(handMade).toBe(true);

    // 5. the re-run: 0 changes, 0 writes; the hand-made runbook survives prune
    // It starts after Graph's replication window (new assignments are invisible to reads for
    // replicationDelayMs), as a later scheduled run would; within it, a run re-POSTs and adopts.
    const wait = s.rerunAfterMs ?? sim.sim.state.config.replicationDelayMs + 200;
    await new Promise((r) => setTimeout(r, wait));
    const m = sim.requests.length;
    const again = await runSafe(sim, inputs, { workspace: ws });
    const rerunWrites = writeRequests(sim, m);
    const converged = again.code === 0 && again.outputs.changes === '0' && rerunWrites.length === 0;
    expect({ code: again.code, changes: again.outputs.changes, writes: rerunWrites }).toEqual({
      code: 0,
      changes: '0',
      writes: [],
    });
    expect(handMadeIntact(sim)).toBe(true);

    // 6. the final state is exactly the desired one, without duplicates
    const have = picture(sim);
    const diff = compare(want.items, have.items);
    lost += diff.missing.length;
    expect(diff).toEqual({ missing: [], extra: [] });
    expect(have.duplicates).toEqual([]);

    const row: Row = {
      scenario: s.name,
      outcome,
      faultHits: hits,
      writes,
      duplicates: have.duplicates.length,
      lost,
      converged,
      wallMs: Date.now() - t0,
    };
    rows.push(row);
    return row;
  } finally {
    await sim.close();
  }
}

function withoutHandMade(items: string[]): string[] {
  return items.filter((i) => !i.startsWith(`runbook ${HAND_MADE} `));
}

/** The table of figures, as markdown; printed and kept in RESULTS.md for the closing note. */
export function table(list: Row[] = rows): string {
  const head =
    '| scenario | faulted apply | fault hits | writes | duplicates | lost changes | re-run converged | wall |';
  const sep = '|---|---|---:|---:|---:|---:|---|---:|';
  const body = list.map(
    (r) =>
      `| ${r.scenario} | ${r.outcome} | ${r.faultHits} | ${r.writes} | ${r.duplicates} | ${r.lost} | ` +
      `${r.converged ? 'yes' : 'NO'} | ${(r.wallMs / 1000).toFixed(1)} s |`,
  );
  return [head, sep, ...body].join('\n');
}

/**
 * Prints the table and keeps a copy in last-run.log (git-ignored, so test runs leave the tree
 * clean); RESULTS.md is the committed snapshot for the closing note, refreshed by copying it.
 */
export function publishTable(title: string): void {
  if (!rows.length) return;
  const text = `# ${title}\n\nWritten by \`npm run test:faults\` (${new Date().toISOString()}); see README.md.\n\n${table()}\n`;
  process.stdout.write(`\n${text}\n`);
  writeFileSync(join(HERE, 'last-run.log'), text);
}
