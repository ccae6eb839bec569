// ARM long-running operations. A 202 answer names a Location (or Azure-AsyncOperation) URL; the
// operation is stored under that path and answers per the ARM RPC (arm-lro-and-errors.facts.json):
// Location: 202 while running, then the operation's final answer; Azure-AsyncOperation: always
// 200 with an operation-status body whose status turns Succeeded.
import { randomUUID } from 'node:crypto';
import { armError } from '../http-error.js';
import type { Handler, Sim, SimRequest, SimResponse } from '../types.js';
import { API_VERSIONS, arm, armUrl, checkApiVersion, getResource, putResource } from './common.js';
import { verifyAccessToken } from '../entra/tokens.js';

export interface StoredOperation {
  mode: 'location' | 'async';
  doneAt: number;
  startedAt: number;
  /** final answer of a Location operation */
  final?: { status: number; body?: unknown; headers?: Record<string, string> };
  /** headers of the 202 answers while it runs (default: Location + Retry-After from config) */
  accepted?: Record<string, string>;
}

/** Records an operation at `path` (no query) and returns its absolute URL with api-version. */
export function createOperation(
  req: SimRequest,
  sim: Sim,
  path: string,
  apiVersion: string,
  op: Omit<StoredOperation, 'startedAt' | 'doneAt'> & { durationMs?: number },
): string {
  const now = sim.now();
  putResource(sim, {
    id: path,
    name: path.split('/').pop() ?? '',
    type: 'Simulator/operations',
    sim: {
      operation: {
        mode: op.mode,
        final: op.final,
        accepted: op.accepted,
        startedAt: now,
        doneAt: now + (op.durationMs ?? sim.state.config.lroMs),
      } satisfies StoredOperation,
    },
  });
  return armUrl(req, path, apiVersion);
}

export function newOperationId(): string {
  return randomUUID();
}

/** 202 headers for a Location-polled operation. */
export function acceptedHeaders(sim: Sim, location: string): Record<string, string> {
  return { Location: location, 'Retry-After': String(sim.state.config.retryAfterSeconds) };
}

const ALL_VERSIONS = [...new Set(Object.values(API_VERSIONS).flat())];

/** GET on any stored operation URL. */
export const pollOperation: Handler = arm(async (req, sim) => {
  checkApiVersion(req, ALL_VERSIONS, 'operationresults');
  await verifyAccessToken(req, sim, 'arm');
  const entry = getResource(sim, req.path);
  const op = entry?.sim?.operation as StoredOperation | undefined;
  if (!op) throw armError(404, 'OperationNotFound', `The operation '${req.path.split('/').pop()}' could not be found.`);
  return answer(req, sim, op);
});

function answer(req: SimRequest, sim: Sim, op: StoredOperation): SimResponse {
  const now = sim.now();
  const done = now >= op.doneAt;
  if (op.mode === 'async') {
    const name = req.path.split('/').pop();
    return {
      status: 200,
      headers: done ? {} : { 'Retry-After': String(sim.state.config.retryAfterSeconds) },
      body: {
        name,
        status: done ? 'Succeeded' : 'InProgress',
        startTime: new Date(op.startedAt).toISOString(),
        ...(done ? { endTime: new Date(op.doneAt).toISOString() } : {}),
      },
    };
  }
  if (!done) {
    const url = `${req.baseUrl}${req.path}?${req.query.toString()}`;
    return { status: 202, headers: { ...(op.accepted ?? acceptedHeaders(sim, url)), Location: url } };
  }
  return { status: op.final?.status ?? 200, headers: op.final?.headers, body: op.final?.body };
}
