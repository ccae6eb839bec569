// The independent clients (Debian packages azure-cli and python3-azure): whether they are
// installed, and running them with every call bounded in time. Missing clients are never a silent
// pass: locally the suite says it did not run and why; in CI (CI=true) it fails.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from '@jest/globals';

/** Debian's python3-azure lives in /usr/lib/python3/dist-packages: the system python, not a pyenv one. */
export const PYTHON =
  process.env.EXO_CLIENTS_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const INSTALL = 'apt-get install -y azure-cli python3-azure jq curl (.ci/run does it)';

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, cmd)));
}

/** The interpreter of the `az` script (its shebang line), to read the CLI's version without `az version`. */
export function cliPython(): string {
  const az = (process.env.PATH ?? '')
    .split(delimiter)
    .map((d) => join(d, 'az'))
    .find((p) => existsSync(p));
  const first = az ? readFileSync(az, 'utf8').split('\n', 1)[0] : '';
  return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : PYTHON;
}

/** Why the Azure CLI cannot run here, or undefined when it can. */
export function azureCliMissing(): string | undefined {
  if (!onPath('az')) return `the Azure CLI (az) is not on PATH; install it with ${INSTALL}`;
  // The README walk-through the suite runs uses them too.
  const tools = ['jq', 'curl'].filter((t) => !onPath(t));
  return tools.length ? `${tools.join(' and ')} not on PATH (apt-get install -y ${tools.join(' ')})` : undefined;
}

/** Why the Python SDK cannot run here, or undefined when it can. */
export function pythonSdkMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import azure.identity, azure.mgmt.resource, azure.mgmt.msi, azure.mgmt.automation'], {
      stdio: 'pipe',
      timeout: 30_000,
    });
    return undefined;
  } catch (e) {
    const detail = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)
      .trim()
      .split('\n')
      .pop();
    return `${PYTHON} cannot import the Azure SDK (${detail}); install it with ${INSTALL}`;
  }
}

/**
 * Registers `suite` when the client is there. Otherwise one test that fails in CI and, elsewhere,
 * one skipped test whose name says the suite did not run and why (plus a warning on stderr).
 */
export function whenInstalled(client: string, missing: string | undefined, suite: () => void): void {
  if (!missing) return suite();
  if (process.env.CI === 'true') {
    test(`${client} is installed (CI requires it)`, () => {
      throw new Error(missing);
    });
    return;
  }
  console.warn(`[clients] ${client} tests NOT RUN: ${missing}`);
  test.skip(`NOT RUN: ${client} tests (${missing})`, () => {});
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client command, asynchronously (the simulator serves in this process), killed after `timeoutMs`. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const killed = error && (error as { killed?: boolean }).killed ? `\n[killed after ${timeoutMs} ms]` : '';
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + killed });
    });
  });
}

/**
 * Runs a bash script in its own process group (set -euo pipefail), bounded by `timeoutMs`; the
 * whole group is killed at the end, so a background process the script started (a simulator)
 * cannot outlive it, even when the script fails half-way.
 */
export function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      killGroup();
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup();
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** The first ```sh block after `heading` in a markdown text. */
export function shellBlockAfter(markdown: string, heading: string): string {
  const at = markdown.indexOf(heading);
  if (at < 0) throw new Error(`no "${heading}" in the README`);
  const m = /```sh\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!m) throw new Error(`no sh block after "${heading}"`);
  return m[1];
}
