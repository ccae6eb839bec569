// The local, stateful simulator of the services the action uses (CONTRACT.md section 5):
// one HTTPS host serving ARM, Graph, Entra, GitHub and the PowerShell Gallery at their real paths.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { advanceClock, triggerSchedule } from './arm/clock.js';
import { FaultTable, type FaultRule } from './faults.js';
import { armError, SimHttpError } from './http-error.js';
import { profileConfig } from './profiles.js';
import { Router } from './router.js';
import { registerRoutes } from './routes.js';
import { defaultState, DEFAULT_CONFIG } from './state.js';
import { makeKeys, type SimKeys } from './entra/tokens.js';
import { makeTlsMaterial } from './tls.js';
import type { Sim, SimConfig, SimRequest, SimResponse, SimState } from './types.js';

export interface SimulatorOptions {
  port?: number;
  /** added to every answer (not to /_sim/ admin calls) */
  latencyMs?: number;
  /** load the state from this file when it exists, and save it after every change */
  stateFile?: string;
  state?: SimState;
  config?: Partial<SimConfig>;
  /** a timing profile (simulator/profiles.ts), applied before `config` */
  profile?: { name: string; timeScale?: number };
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
  /** ISO time the request arrived */
  time: string;
  /** ms since the simulator started, when the request arrived and when it was answered */
  start: number;
  end: number;
  service: 'arm' | 'graph' | 'entra' | 'github' | 'gallery' | 'other';
  fault?: string;
}

export interface Simulator {
  url: string;
  caCertPath: string;
  caCert: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  oidcRequestUrl: string;
  oidcRequestToken: string;
  sim: Sim;
  requests: RequestLogEntry[];
  faults: FaultTable;
  setLatency(ms: number): void;
  /** ms since the simulator started, in the time base of the request log */
  elapsed(): number;
  /** the JSON ready line's object */
  readyInfo(): Record<string, string>;
  close(): Promise<void>;
}

export const OIDC_PATH = '/_apis/distributedtask/idtoken';

export function serviceOf(path: string): RequestLogEntry['service'] {
  const p = path.toLowerCase();
  if (p.startsWith('/subscriptions') || p.startsWith('/providers/')) return 'arm';
  if (p.startsWith('/v1.0/') || p.startsWith('/beta/')) return 'graph';
  if (p.startsWith('/api/v2')) return 'gallery';
  if (p.startsWith('/repos/') || p === '/user' || p.startsWith('/_apis/') || p.startsWith('/_github/')) return 'github';
  if (/^\/[^/]+\/(oauth2|v2\.0|discovery|\.well-known)\b/.test(p) || p.startsWith('/common/')) return 'entra';
  return 'other';
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const tls = makeTlsMaterial();
  const dir = mkdtempSync(join(tmpdir(), 'exo-sim-'));
  const caCertPath = join(dir, 'ca.pem');
  writeFileSync(caCertPath, tls.caCertPem);
  const keys: SimKeys = await makeKeys();

  let state: SimState = opts.state ?? defaultState();
  if (opts.stateFile && existsSync(opts.stateFile))
    state = JSON.parse(readFileSync(opts.stateFile, 'utf8')) as SimState;
  state.config = {
    ...DEFAULT_CONFIG,
    ...state.config,
    ...(opts.profile ? profileConfig(opts.profile.name, opts.profile.timeScale ?? 1, DEFAULT_CONFIG) : {}),
    ...opts.config,
  };

  let latencyMs = opts.latencyMs ?? 0;
  const t0 = performance.now();
  const requests: RequestLogEntry[] = [];
  let seq = 0;
  const faults = new FaultTable();
  const router = new Router();

  const sim: Sim = {
    state,
    baseUrl: '',
    now: () => Date.now() + (sim.state.clockOffsetMs ?? 0),
    save: () => {
      if (opts.stateFile) writeFileSync(opts.stateFile, JSON.stringify(sim.state, null, 1));
    },
    keys,
  };
  registerRoutes(router);

  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', sim.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;

    if (path.startsWith('/_sim/')) {
      send(res, admin(method, path, body));
      return;
    }

    const entry: RequestLogEntry = {
      seq: ++seq,
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      status: 0,
      time: new Date().toISOString(),
      start: performance.now() - t0,
      end: 0,
      service: serviceOf(path),
    };
    requests.push(entry);
    const finish = (status: number) => {
      entry.status = status;
      entry.end = performance.now() - t0;
    };

    if (latencyMs > 0) await sleep(latencyMs);
    const fault = faults.take(method, path, entry.query);
    if (fault) entry.fault = fault.id;
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === 'before') {
      finish(0);
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const r: SimResponse = { status: fault.status, headers: fault.headers, body: fault.body };
      finish(r.status);
      send(res, r);
      return;
    }

    const simReq: SimRequest = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      params: {},
      baseUrl: sim.baseUrl,
      text: () => body.toString('utf8'),
      json: () => {
        try {
          return body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch {
          throw armError(
            400,
            'InvalidRequestContent',
            'The request content was invalid and could not be deserialized.',
          );
        }
      },
    };
    let response: SimResponse;
    try {
      const m = router.match(method, path);
      if (m === undefined) response = notFound(path);
      else if (m === 'method')
        response = {
          status: 405,
          body: {
            error: { code: 'MethodNotAllowed', message: `The requested method ${method} is not allowed for ${path}.` },
          },
        };
      else {
        simReq.params = m.params;
        response = await m.handler(simReq, sim);
      }
    } catch (e) {
      response = e instanceof SimHttpError ? e.toResponse() : internalError(e);
    }
    if (method !== 'GET' && method !== 'HEAD' && response.status < 400) sim.save();
    if (fault?.drop === 'after') {
      finish(0);
      req.socket.destroy();
      return;
    }
    finish(response.status);
    send(res, response, method === 'HEAD');
  }

  function setProfile(name: string, timeScale: number): void {
    const values = profileConfig(name, timeScale, DEFAULT_CONFIG);
    const next: Record<string, unknown> = { ...sim.state.config, ...values };
    for (const [k, v] of Object.entries(values)) if (v === undefined) delete next[k];
    sim.state.config = next as unknown as SimConfig;
  }

  function admin(method: string, path: string, body: Buffer): SimResponse {
    const parse = () => (body.length ? JSON.parse(body.toString('utf8')) : {});
    try {
      switch (`${method} ${path.replace(/\/$/, '')}`) {
        case 'GET /_sim/requests':
          return { status: 200, body: requests };
        case 'DELETE /_sim/requests':
          requests.length = 0;
          return { status: 204 };
        case 'GET /_sim/state':
          return { status: 200, body: sim.state };
        case 'PUT /_sim/state': {
          const next = parse() as SimState;
          next.config = { ...DEFAULT_CONFIG, ...next.config };
          sim.state = next;
          sim.save();
          return { status: 200, body: sim.state };
        }
        case 'GET /_sim/faults':
          return { status: 200, body: faults.list() };
        case 'POST /_sim/faults':
          return { status: 201, body: faults.add(parse() as Partial<FaultRule>) };
        case 'DELETE /_sim/faults':
          faults.clear();
          return { status: 204 };
        case 'PUT /_sim/profile': {
          // {"name": "azure" | "default", "timeScale"?: number in (0, 1]}
          const { name, timeScale } = parse() as { name?: string; timeScale?: number };
          setProfile(String(name ?? ''), timeScale ?? 1);
          return { status: 200, body: sim.state.config };
        }
        case 'POST /_sim/clock':
          return advanceClock(sim, parse());
        case 'POST /_sim/schedules/trigger':
          return triggerSchedule(sim, parse());
        case 'PUT /_sim/latency':
          latencyMs = Number(parse().ms ?? 0);
          return { status: 200, body: { ms: latencyMs } };
        default:
          return { status: 404, body: { error: { code: 'NotFound', message: `No admin route ${method} ${path}` } } };
      }
    } catch (e) {
      return { status: 400, body: { error: { code: 'BadRequest', message: (e as Error).message } } };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the admin API has no authentication.
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  sim.baseUrl = `https://127.0.0.1:${port}`;
  const url = sim.baseUrl;
  const oidcRequestUrl = `${url}${OIDC_PATH}?api-version=2.0`;

  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const handle_: Simulator = {
    url,
    caCertPath,
    caCert: tls.caCertPem,
    get tenantId() {
      return sim.state.tenant.id;
    },
    get subscriptionId() {
      return sim.state.subscriptionId;
    },
    get clientId() {
      return sim.state.deployer.appId;
    },
    oidcRequestUrl,
    get oidcRequestToken() {
      return sim.state.github.requestToken;
    },
    sim,
    requests,
    faults,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    elapsed: () => performance.now() - t0,
    readyInfo: () => ({
      url,
      caCertPath,
      tenantId: sim.state.tenant.id,
      subscriptionId: sim.state.subscriptionId,
      clientId: sim.state.deployer.appId,
      oidcRequestUrl,
      oidcRequestToken: sim.state.github.requestToken,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return handle_;
}

function send(res: ServerResponse, r: SimResponse, headOnly = false): void {
  const headers: Record<string, string> = { 'x-ms-request-id': randomUUID(), ...r.headers };
  let payload: Buffer | undefined;
  if (r.body !== undefined && r.body !== null) {
    if (Buffer.isBuffer(r.body)) payload = r.body;
    else if (typeof r.body === 'string') {
      payload = Buffer.from(r.body, 'utf8');
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = Buffer.from(JSON.stringify(r.body), 'utf8');
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (!lower['content-type'] && payload) lower['content-type'] = 'application/octet-stream';
  lower['content-length'] = String(payload?.length ?? 0);
  res.writeHead(r.status, lower);
  res.end(headOnly ? undefined : payload);
}

function notFound(path: string): SimResponse {
  const service = serviceOf(path);
  if (service === 'graph')
    return {
      status: 400,
      body: {
        error: { code: 'BadRequest', message: `Resource not found for the segment '${path.split('/').pop()}'.` },
      },
    };
  if (service === 'arm')
    return {
      status: 404,
      body: {
        error: { code: 'InvalidResourceType', message: `The resource type could not be found for path '${path}'.` },
      },
    };
  return { status: 404, body: { error: { code: 'NotFound', message: `No route for ${path}` } } };
}

function internalError(e: unknown): SimResponse {
  console.error('[simulator] handler error:', e);
  return {
    status: 500,
    body: {
      error: {
        code: 'InternalServerError',
        message: 'The simulator failed to handle the request: ' + (e as Error).message,
      },
    },
  };
}

/** At least `ms` on the request log's clock: a timer may fire a fraction of a millisecond early. */
async function sleep(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until)
    await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(until - performance.now()))));
}
