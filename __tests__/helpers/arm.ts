// Plain-fetch access to the simulator's ARM, for assertions on status codes, headers and raw
// error bodies (the SDK clients hide those).
import type { Simulator } from '../../simulator/server.js';
import { armToken, type TokenOptions } from './tokens.js';

export interface ArmCall {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function armFetch(
  sim: Simulator,
  method: string,
  path: string,
  o: {
    body?: unknown;
    apiVersion?: string | null;
    contentType?: string;
    token?: string | null;
    tokenOptions?: TokenOptions;
  } = {},
): Promise<ArmCall> {
  const url = new URL(path.startsWith('http') ? path : sim.url + path);
  if (o.apiVersion !== null && !url.searchParams.has('api-version') && o.apiVersion !== undefined)
    url.searchParams.set('api-version', o.apiVersion);
  const headers: Record<string, string> = {};
  const token = o.token === undefined ? await armToken(sim, o.tokenOptions) : o.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    headers['content-type'] = o.contentType ?? 'application/json';
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** An ARM request that must succeed (seeding): the JSON answer, or an error naming the request and answer. */
export async function armOk(
  sim: Simulator,
  method: string,
  path: string,
  apiVersion: string,
  body?: unknown,
): Promise<any> {
  const r = await armFetch(sim, method, path, { apiVersion, body });
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

export function rgPath(sim: Simulator, rg: string): string {
  return `/subscriptions/${sim.subscriptionId}/resourceGroups/${rg}`;
}

export function aaPath(sim: Simulator, rg: string, account: string): string {
  return `${rgPath(sim, rg)}/providers/Microsoft.Automation/automationAccounts/${account}`;
}

export const RES = '2025-04-01';
export const MSI = '2024-11-30';
export const AUTO = '2024-10-23';

/** Polls a Location URL until it stops answering 202. */
export async function pollLocation(sim: Simulator, location: string, maxPolls = 200): Promise<ArmCall> {
  for (let i = 0; i < maxPolls; i++) {
    const r = await armFetch(sim, 'GET', location);
    if (r.status !== 202) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`operation at ${location} did not finish`);
}

/** GETs `path` until `done(body)` holds. */
export async function waitFor(
  sim: Simulator,
  path: string,
  apiVersion: string,
  done: (body: any) => boolean,
  maxPolls = 300,
): Promise<any> {
  for (let i = 0; i < maxPolls; i++) {
    const r = await armFetch(sim, 'GET', path, { apiVersion });
    if (r.status === 200 && done(r.json)) return r.json;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`${path} never reached the expected state`);
}
