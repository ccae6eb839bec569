// The simulator as a process and its admin API: the JSON ready line of `npm run simulator`,
// --state and --latency-ms, shutdown on SIGTERM/SIGINT; request log, state, faults and latency.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSimulator } from '../helpers/sim.js';
import type { RequestLogEntry, Simulator } from '../../simulator/server.js';
import type { SimState } from '../../simulator/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const READY_KEYS = [
  'caCertPath',
  'clientId',
  'oidcRequestToken',
  'oidcRequestUrl',
  'subscriptionId',
  'tenantId',
  'url',
];

interface Started {
  child: ChildProcess;
  ready: Record<string, string>;
  stdout: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

/** Starts a command and resolves with the parsed JSON ready line, or rejects after `deadlineMs`. */
function startProcess(cmd: string, args: string[], deadlineMs: number): Promise<Started> {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  const stdout: string[] = [];
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${deadlineMs} ms; stdout: ${stdout.join('\n')}; stderr: ${err}`)),
      deadlineMs,
    );
    let buffer = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        if (line.startsWith('{')) {
          clearTimeout(timer);
          resolve({ child, ready: JSON.parse(line) as Record<string, string>, stdout, stderr: () => err, exited });
        }
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before the ready line: ${err}`));
    });
  });
}

/** HTTPS to a simulator in another process, trusting its CA for this call only. */
function call(
  ready: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const ca = readFileSync(ready.caCertPath, 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      `${ready.url}${path}`,
      { method, ca, headers: { authorization: 'token ghs_x', 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

afterEach(() => {
  // never leave a simulator behind when a test fails half-way (signals our own process groups only)
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
});

describe('npm run simulator', () => {
  // The bound is a hang guard, not a speed claim: start-up time belongs to the bench (a 2 s
  // bound here failed on a loaded 2-core machine while the simulator was fine).
  it('prints the JSON ready line and stops with its process group on SIGTERM', async () => {
    const s = await startProcess('npm', ['run', 'simulator', '--', '--port', '0'], 20000);
    expect(Object.keys(s.ready).sort()).toEqual(READY_KEYS);
    expect(s.ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.ready.oidcRequestUrl).toBe(`${s.ready.url}/_apis/distributedtask/idtoken?api-version=2.0`);
    expect(existsSync(s.ready.caCertPath)).toBe(true);
    expect(s.stdout.filter((l) => l.startsWith('{'))).toHaveLength(1);
    const { status } = await call(s.ready, 'GET', '/_sim/requests');
    expect(status).toBe(200);

    process.kill(-s.child.pid!, 'SIGTERM'); // as a terminal or CI stops the job: the whole process group
    await s.exited;
    expect(s.stderr()).toBe('');
    await expect(call(s.ready, 'GET', '/_sim/requests')).rejects.toThrow();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'the simulator process exits 0 on %s, saving state to --state and adding --latency-ms',
    async (signal) => {
      const stateFile = join(mkdtempSync(join(tmpdir(), 'exo-sim-test-')), 'state.json');
      const s = await startProcess(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['simulator/main.ts', '--port', '0', '--state', stateFile, '--latency-ms', '40'],
        20000,
      );
      const created = await call(s.ready, 'POST', '/repos/octo-org/octo-repo/issues/5/comments', { body: 'kept' });
      expect(created.status).toBe(201);
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as SimState;
      expect(saved.github.comments['octo-org/octo-repo#5'].map((c) => c.body)).toEqual(['kept']);
      const log = (await call(s.ready, 'GET', '/_sim/requests')).json as RequestLogEntry[];
      expect(log).toHaveLength(1);
      expect(log[0].end - log[0].start).toBeGreaterThanOrEqual(40);

      s.child.kill(signal);
      expect(await s.exited).toEqual({ code: 0, signal: null });
      expect(s.stderr()).toBe('');
    },
  );

  it('refuses a bad option with a clear error', async () => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['simulator/main.ts', '--port', 'abc'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be a whole number >= 0, got "abc"');
  });
});

describe('admin API', () => {
  let sim: Simulator;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const jwks = () => fetch(`${sim.url}/_github/.well-known/jwks`);

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });
  afterEach(async () => {
    await admin('DELETE', '/_sim/faults');
    await admin('PUT', '/_sim/latency', { ms: 0 });
  });

  it('logs requests (not admin calls) with method, path, query, status, time and service; DELETE clears', async () => {
    await admin('DELETE', '/_sim/requests');
    await fetch(`${sim.url}/api/v2/FindPackagesById()?id='PowerShellGet'`);
    await fetch(`${sim.url}/repos/o/r/issues/1/comments`);
    const log = (await admin('GET', '/_sim/requests')).json as RequestLogEntry[];
    expect(log.map((e) => [e.method, e.path, e.query, e.status, e.service])).toEqual([
      // the query as sent: fetch percent-encodes the quotes
      ['GET', '/api/v2/FindPackagesById()', 'id=%27PowerShellGet%27', 200, 'gallery'],
      ['GET', '/repos/o/r/issues/1/comments', '', 401, 'github'],
    ]);
    expect(new Date(log[0].time).toISOString()).toBe(log[0].time);
    expect((await admin('DELETE', '/_sim/requests')).status).toBe(204);
    expect((await admin('GET', '/_sim/requests')).json).toEqual([]);
  });

  it('reads and replaces the state', async () => {
    const state = (await admin('GET', '/_sim/state')).json as SimState;
    expect(state.tenant.id).toBe(sim.tenantId);
    state.github.claims.sub = 'repo:octo-org/octo-repo:environment:prod';
    expect((await admin('PUT', '/_sim/state', state)).status).toBe(200);
    expect(sim.sim.state.github.claims.sub).toBe('repo:octo-org/octo-repo:environment:prod');
    expect(sim.sim.state.config.pageSize).toBeGreaterThan(0); // config defaults kept
  });

  it('answers a fault rule instead of the handler for the next N matches, then the real answer', async () => {
    const [rule] = (
      await admin('POST', '/_sim/faults', {
        method: 'GET',
        path: '/_github/\\.well-known/jwks$',
        times: 2,
        status: 503,
        headers: { 'retry-after': '1' },
        body: { error: 'busy' },
      })
    ).json;
    expect(rule.id).toEqual(expect.any(String));
    for (let i = 0; i < 2; i++) {
      const res = await jwks();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toEqual({ error: 'busy' });
    }
    expect((await jwks()).status).toBe(200);
    const [listed] = (await admin('GET', '/_sim/faults')).json;
    expect(listed).toMatchObject({ seen: 3, fired: 2 });
    const entries = sim.requests.filter((r) => r.path === '/_github/.well-known/jwks').slice(-3);
    expect(entries.map((e) => [e.status, e.fault])).toEqual([
      [503, rule.id],
      [503, rule.id],
      [200, undefined],
    ]);
  });

  it('skips matches, matches methods and queries', async () => {
    await admin('POST', '/_sim/faults', {
      path: 'FindPackagesById\\(\\)\\?id=%27PowerShellGet%27',
      matchQuery: true,
      skip: 1,
      status: 500,
    });
    const url = `${sim.url}/api/v2/FindPackagesById()?id='PowerShellGet'`;
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${sim.url}/api/v2/FindPackagesById()?id='PackageManagement'`)).status).toBe(200);
    expect((await fetch(url)).status).toBe(500);
    expect((await fetch(url)).status).toBe(200);
  });

  it('drops the connection before handling, or after handling (the change is made)', async () => {
    await admin('POST', '/_sim/faults', { path: '/_github/', drop: 'before' });
    await expect(jwks()).rejects.toThrow();

    await admin('POST', '/_sim/faults', { method: 'POST', path: '/issues/9/comments$', drop: 'after' });
    const post = () =>
      fetch(`${sim.url}/repos/octo-org/octo-repo/issues/9/comments`, {
        method: 'POST',
        headers: { authorization: 'token t' },
        body: JSON.stringify({ body: 'once' }),
      });
    await expect(post()).rejects.toThrow();
    expect(sim.sim.state.github.comments['octo-org/octo-repo#9'].map((c) => c.body)).toEqual(['once']);
    expect((await post()).status).toBe(201);
  });

  it('delays matching requests and adds global latency (not to admin calls)', async () => {
    await admin('POST', '/_sim/faults', { path: '/_github/', delayMs: 60 });
    await jwks();
    let last = sim.requests.at(-1)!;
    expect(last.status).toBe(200);
    expect(last.end - last.start).toBeGreaterThanOrEqual(60);

    expect((await admin('PUT', '/_sim/latency', { ms: 30 })).json).toEqual({ ms: 30 });
    await jwks();
    last = sim.requests.at(-1)!;
    expect(last.end - last.start).toBeGreaterThanOrEqual(30);
  });

  it('rejects a fault rule without a path and unknown admin routes', async () => {
    expect((await admin('POST', '/_sim/faults', { status: 500 })).status).toBe(400);
    expect((await admin('POST', '/_sim/faults', { path: '(' })).status).toBe(400);
    expect((await admin('GET', '/_sim/nothing')).status).toBe(404);
  });
});
