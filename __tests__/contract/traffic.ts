// Which operations does the action really send? Runs the built action (dist/index.js, as the
// runner does) against a fresh simulator in the main scenarios, reads the simulator's request
// log, and maps every ARM and Graph request to a swagger operation (method + path template +
// api-version). The coverage check then requires a contract case for each one.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, runAction, simulatorInputs, type SimulatorInfo } from '../../scripts/run-action.js';
import { seedVm } from '../../simulator/arm/index.js';
import type { RequestLogEntry, Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { FAST_CONFIG } from './context.js';
import { graphKey } from './graph-cases.js';
import { operationKey } from './runner.js';
import { templateRegex, type SpecOperation } from './specs.js';

export interface Step {
  inputs: Record<string, string>;
  event?: string;
  payload?: Record<string, unknown>;
  /** simulator changes before this step (e.g. pull-request OIDC claims) */
  before?: (sim: Simulator) => void;
}

export interface Scenario {
  name: string;
  prepare?: (sim: Simulator) => void;
  /** runs of the action on the same simulator, in order */
  steps: Step[];
}

const RUNBOOK = [
  'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com',
  'Get-AcceptedDomain | Select-Object -ExpandProperty DomainName',
  '',
].join('\n');

const SYSTEM = {
  'runtime-versions': '5.1,7.4,7.6',
  runbooks: 'runbooks/*.ps1',
  'smoke-test': 'true',
  'header-check': 'warn',
};
const USER = {
  'identity-type': 'user-assigned',
  'identity-name': 'uami-exo',
  runbooks: 'runbooks/*.ps1',
  'prune-runbooks': 'true',
  'header-check': 'warn',
};
const pullRequest = (sim: Simulator) =>
  void Object.assign(sim.sim.state.github.claims, {
    sub: 'repo:octo-org/octo-repo:pull_request',
    ref: 'refs/pull/7/merge',
    event_name: 'pull_request',
  });

export const SCENARIOS: Scenario[] = [
  {
    name: 'system-assigned, three runtimes, runbooks, smoke test: apply, apply again (converged), plan on a pull request',
    steps: [
      { inputs: SYSTEM },
      { inputs: SYSTEM },
      {
        inputs: { ...SYSTEM, mode: 'plan' },
        event: 'pull_request',
        payload: { pull_request: { number: 7 }, number: 7 },
        before: pullRequest,
      },
    ],
  },
  {
    name: 'user-assigned identity, prune: apply, apply again (converged)',
    steps: [{ inputs: USER }, { inputs: USER }],
  },
  {
    name: 'VM with system-assigned identity, smoke test: apply',
    prepare: (sim) =>
      void seedVm(sim.sim, { rg: 'rg-exo-automation', name: 'vm-exo', os: 'Windows', location: 'westeurope' }),
    steps: [{ inputs: { 'resource-type': 'vm', 'vm-name': 'vm-exo', 'automation-account': '', 'smoke-test': 'true' } }],
  },
  {
    name: 'plan on a pull request, empty subscription',
    steps: [
      {
        inputs: { mode: 'plan' },
        event: 'pull_request',
        payload: { pull_request: { number: 7 }, number: 7 },
        before: pullRequest,
      },
    ],
  },
];

export interface ObservedRequest {
  scenario: string;
  method: string;
  path: string;
  query: string;
  apiVersion: string;
  status: number;
  service: string;
}

export interface Traffic {
  skipped?: string;
  requests: ObservedRequest[];
  /** scenario -> exit code and the last lines of its log when it failed */
  runs: { name: string; code: number | null; tail?: string }[];
}

export async function observeActionTraffic(): Promise<Traffic> {
  if (!existsSync(DIST)) return { skipped: `${DIST} is not built (npm run package)`, requests: [], runs: [] };
  const requests: ObservedRequest[] = [];
  const runs: Traffic['runs'] = [];
  for (const s of SCENARIOS) {
    const sim = await startTestSimulator({ config: FAST_CONFIG });
    try {
      s.prepare?.(sim);
      const workspace = mkdtempSync(join(tmpdir(), 'exo-contract-'));
      mkdirSync(join(workspace, 'runbooks'));
      writeFileSync(join(workspace, 'runbooks', 'Get-Domains.ps1'), RUNBOOK);
      const info = sim.readyInfo() as unknown as SimulatorInfo;
      for (const [n, step] of s.steps.entries()) {
        step.before?.(sim);
        const inputs = Object.fromEntries(
          Object.entries(simulatorInputs(info, step.inputs)).filter(([, v]) => v !== ''),
        );
        const from = sim.requests.length;
        const run = await runAction(info, inputs, {
          workspace,
          event: step.event,
          payload: step.payload,
          killAfterMs: 120_000,
        });
        const name = `${s.name} - run ${n + 1}`;
        runs.push({ name, code: run.code, tail: run.code === 0 ? undefined : redact(run.stdout + run.stderr) });
        for (const r of sim.requests.slice(from)) requests.push(toObserved(name, r));
      }
    } finally {
      await sim.close();
    }
  }
  return { requests: requests.filter((r) => r.service === 'arm' || r.service === 'graph'), runs };
}

/** The last log lines of a failed run, without masked values or anything token-like. */
function redact(log: string): string {
  return log
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::') && !l.startsWith('::debug::'))
    .map((l) => l.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '<jwt>'))
    .slice(-12)
    .join('\n');
}

function toObserved(scenario: string, r: RequestLogEntry): ObservedRequest {
  const apiVersion = new URLSearchParams(r.query).get('api-version') ?? '';
  return { scenario, method: r.method, path: r.path, query: r.query, apiVersion, status: r.status, service: r.service };
}

/** ARM polling URLs the simulator hands out in Location/Azure-AsyncOperation headers. */
const POLL = /\/(operationResults|operations)\/[^/]+$/i;

/** The contract operation a logged request belongs to, or a description of why there is none. */
export function classify(
  ops: SpecOperation[],
  r: ObservedRequest,
): { key: string; kind: 'operation' | 'poll' | 'graph' | 'unknown' } {
  if (r.service === 'graph')
    return { key: graphKey(r.method, r.query ? `${r.path}?${r.query}` : r.path), kind: 'graph' };
  if (POLL.test(r.path)) return { key: `GET {LRO polling URL} (${r.apiVersion})`, kind: 'poll' };
  const matches = ops.filter(
    (o) => o.method === r.method && o.apiVersion === r.apiVersion && templateRegex(o.path).test(r.path),
  );
  // The most specific template wins (fewest parameters), e.g. .../runbooks/{name}/draft over /{resourceUri}/...
  matches.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  if (matches[0]) return { key: operationKey(matches[0]), kind: 'operation' };
  // The system-assigned identity path as the SDKs spell it (azure-specs README 2.2).
  if (r.method === 'GET' && /\/providers\/Microsoft\.ManagedIdentity\/identities\/default$/i.test(r.path)) {
    const op = ops.find(
      (o) => o.operationId === 'SystemAssignedIdentities_GetByScope' && o.apiVersion === r.apiVersion,
    );
    if (op) return { key: operationKey(op), kind: 'operation' };
  }
  return { key: `${r.method} ${r.path} (${r.apiVersion || 'no api-version'})`, kind: 'unknown' };
}
