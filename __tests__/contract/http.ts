// A minimal HTTPS client for replaying example requests against the simulator, plus ARM
// long-running-operation and state-machine polling. Raw node:https so that the exact status,
// headers and body bytes the simulator sent are what the checks see.
import { request as httpsRequest } from 'node:https';
import type { Simulator } from '../../simulator/server.js';

export interface HttpResult {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  text: string;
  /** parsed JSON when the body is JSON, else undefined */
  json: unknown;
}

export interface HttpRequest {
  method: string;
  /** absolute URL or a path on the simulator */
  url: string;
  token?: string;
  body?: unknown;
  /** default application/json for non-string bodies */
  contentType?: string;
  headers?: Record<string, string>;
}

export async function send(sim: Simulator, req: HttpRequest): Promise<HttpResult> {
  const url = new URL(req.url, sim.url);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let payload: Buffer | undefined;
  if (req.body !== undefined) {
    const isText = typeof req.body === 'string';
    payload = Buffer.from(isText ? (req.body as string) : JSON.stringify(req.body), 'utf8');
    headers['content-type'] = req.contentType ?? (isText ? 'text/plain' : 'application/json');
  }
  if (payload || ['PUT', 'POST', 'PATCH'].includes(req.method))
    headers['content-length'] = String(payload?.length ?? 0);
  return new Promise((resolve, reject) => {
    const r = httpsRequest(url, { method: req.method, headers, ca: sim.caCert }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        let json: unknown;
        if (text && /json/i.test(h['content-type'] ?? '')) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        resolve({ method: req.method, url: url.toString(), status: res.statusCode ?? 0, headers: h, text, json });
      });
    });
    r.on('error', reject);
    if (payload) r.write(payload);
    r.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls are bounded so a stuck operation fails the test instead of hanging it. */
const MAX_POLLS = 200;
const POLL_MS = 40;

/**
 * Follows an ARM LRO answered with 202: polls Azure-AsyncOperation (until a terminal status)
 * and/or Location (until it stops answering 202). Returns every poll answer, last = final.
 */
export async function followLro(sim: Simulator, first: HttpResult, token: string): Promise<HttpResult[]> {
  const polls: HttpResult[] = [];
  const asyncUrl = first.headers['azure-asyncoperation'];
  const location = first.headers['location'];
  if (asyncUrl) {
    for (let i = 0; i < MAX_POLLS; i++) {
      const r = await send(sim, { method: 'GET', url: asyncUrl, token });
      polls.push(r);
      const status = (r.json as any)?.status;
      if (r.status !== 200 || ['Succeeded', 'Failed', 'Canceled'].includes(status)) break;
      await sleep(POLL_MS);
    }
  }
  if (location) {
    for (let i = 0; i < MAX_POLLS; i++) {
      const r = await send(sim, { method: 'GET', url: location, token });
      polls.push(r);
      if (r.status !== 202) return polls;
      await sleep(POLL_MS);
    }
    throw new Error(`LRO did not finish after ${MAX_POLLS} polls of ${location}`);
  }
  return polls;
}

/** GETs `url` until `done(body)`; returns the last answer. */
export async function pollUntil(
  sim: Simulator,
  url: string,
  token: string,
  done: (body: any) => boolean,
  what: string,
): Promise<HttpResult> {
  let last: HttpResult | undefined;
  for (let i = 0; i < MAX_POLLS; i++) {
    last = await send(sim, { method: 'GET', url, token });
    if (last.status !== 200 || done(last.json)) return last;
    await sleep(POLL_MS);
  }
  throw new Error(
    `${what} did not reach a terminal state after ${MAX_POLLS} polls; last body: ${last?.text.slice(0, 300)}`,
  );
}

export const TERMINAL_PROVISIONING = ['Succeeded', 'Failed', 'Cancelled', 'Canceled'];
export const TERMINAL_JOB = ['Completed', 'Failed', 'Stopped', 'Suspended'];
