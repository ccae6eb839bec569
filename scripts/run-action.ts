// Runs the built action (dist/index.js) exactly as the GitHub runner does: INPUT_* variables,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH, the OIDC request URL and token, and
// NODE_EXTRA_CA_CERTS for the simulator's CA. Shared by the demo, the end-to-end tests and the bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist', 'index.js');

export interface SimulatorInfo {
  url: string;
  caCertPath: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  oidcRequestUrl: string;
  oidcRequestToken: string;
}

export interface RunOptions {
  /** GITHUB_EVENT_NAME; default push */
  event?: string;
  /** the event payload written to GITHUB_EVENT_PATH */
  payload?: Record<string, unknown>;
  /** GITHUB_WORKSPACE; default a fresh temp folder */
  workspace?: string;
  /** false: no ACTIONS_ID_TOKEN_REQUEST_* variables (a fork pull request) */
  oidc?: boolean;
  env?: Record<string, string>;
  /** kill the process after this many ms (simulates a cancelled or killed runner) */
  killAfterMs?: number;
  /** kill the process as soon as this holds (polled every 20 ms): a kill tied to an event, not to the host's speed */
  killWhen?: () => boolean;
}

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** The inputs that point the action at the simulator, with the contract's defaults otherwise. */
export function simulatorInputs(sim: SimulatorInfo, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'tenant-id': sim.tenantId,
    'client-id': sim.clientId,
    'subscription-id': sim.subscriptionId,
    organization: 'contoso.onmicrosoft.com',
    'resource-group': 'rg-exo-automation',
    location: 'westeurope',
    'automation-account': 'aa-exo-automation',
    'arm-endpoint': sim.url,
    'graph-endpoint': sim.url,
    'authority-host': sim.url,
    'gallery-endpoint': `${sim.url}/api/v2`,
    'github-token': 'ghs_simulated_token',
    ...extra,
  };
}

/** Parses the runner's GITHUB_OUTPUT file (name=value and name<<DELIMITER blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** Attempts of run 1 so far in this process (see GITHUB_RUN_ATTEMPT below). */
let attempts = 0;

export async function runAction(
  sim: SimulatorInfo,
  inputs: Record<string, string>,
  opts: RunOptions = {},
): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), 'exo-run-'));
  const workspace = opts.workspace ?? join(temp, 'workspace');
  if (!existsSync(workspace)) mkdirSync(workspace, { recursive: true });
  const outputPath = join(temp, 'output');
  const summaryPath = join(temp, 'summary.md');
  const eventPath = join(temp, 'event.json');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  writeFileSync(eventPath, JSON.stringify(opts.payload ?? {}));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: opts.event ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_RUN_ID: '1',
    // each run of run 1 its own attempt, as GitHub's re-runs are: a killed run's apply lease does
    // not block the next. A caller that names its run (GITHUB_RUN_ID) gets attempt 1 of it.
    GITHUB_RUN_ATTEMPT: opts.env?.GITHUB_RUN_ID ? '1' : String(++attempts),
    GITHUB_WORKFLOW: 'exo-automation',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: sim.url,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: temp,
    NODE_EXTRA_CA_CERTS: sim.caCertPath,
    ...(opts.oidc === false
      ? {}
      : { ACTIONS_ID_TOKEN_REQUEST_URL: sim.oidcRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: sim.oidcRequestToken }),
    ...opts.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [DIST], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = opts.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
    const watch = opts.killWhen
      ? setInterval(() => {
          if (opts.killWhen!()) child.kill('SIGKILL');
        }, 20)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (watch) clearInterval(watch);
      resolvePromise({
        code,
        signal,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
        summary: readFileSync(summaryPath, 'utf8'),
        workspace,
      });
    });
  });
}
