// Azure Resource Manager over the Azure SDK's own pipeline: its retry policies handle 429
// Retry-After, 5xx and connection resets; core-lro polls long-running operations.
import type { TokenCredential } from '@azure/core-auth';
import { createHttpPoller, type OperationResponse, type RunningOperation } from '@azure/core-lro';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  exponentialRetryPolicy,
  systemErrorRetryPolicy,
  throttlingRetryPolicy,
  type HttpClient,
  type Pipeline,
  type PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import { pacingPolicy, type Pacer } from './pacing-policy.js';
import { readOnlyPolicy } from './readonly-policy.js';
import { timeoutPolicy } from './timeout-policy.js';
import { toAzureError } from './errors.js';

export interface ArmClientOptions {
  endpoint: string;
  scope: string;
  credential: TokenCredential;
  readOnly: boolean;
  retryOptions?: PipelineRetryOptions;
  /** first wait of an LRO poll when the service sends no Retry-After; doubles up to lroMaxIntervalMs */
  lroIntervalMs?: number;
  lroMaxIntervalMs?: number;
  /** the subscription's throttling budget, shared by the run's clients */
  pacer?: Pacer;
}

/**
 * Throttled answers retried by the SDK's own throttlingRetryPolicy (it waits each Retry-After):
 * 7 retries, 8 attempts in all. The SDK's default retry policy also retries 429s (3 times), which
 * would multiply the two counts (4 x 8); it is replaced below by its 5xx and connection-error
 * parts. Eight waits of Retry-After let a request through a shared budget (the pacer keeps a
 * fleet within it), and a subscription throttled for good still fails with ARM's text in
 * seconds, not after minutes of silent retries (the fault suite bounds it at 8 attempts).
 */
export const THROTTLE_RETRIES = 7;

/** The SDK's default retry policy without its 429 strategy (429s get THROTTLE_RETRIES of their own). */
function withoutDefaultThrottleRetries(pipeline: Pipeline, retryOptions?: PipelineRetryOptions): void {
  if (pipeline.removePolicy({ name: 'defaultRetryPolicy' }).length !== 1)
    throw new Error('internal: the Azure SDK pipeline has no defaultRetryPolicy to replace');
  pipeline.addPolicy(exponentialRetryPolicy(retryOptions), { phase: 'Retry' });
  pipeline.addPolicy(systemErrorRetryPolicy(retryOptions), { phase: 'Retry' });
}

/** Retry-After in ms (ARM sends whole seconds); 0 when absent or zero. */
export function retryAfterMs(headers: Record<string, string> | undefined): number {
  const v = headers?.['retry-after'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) * 1000 : 0;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** Reads only: what observe steps receive. */
export interface ArmReader {
  readonly endpoint: string;
  /** GET; undefined on 404 */
  get<T>(path: string, apiVersion: string): Promise<T | undefined>;
  /** GET a list, following nextLink; [] on 404 */
  list<T>(path: string, apiVersion: string): Promise<T[]>;
  /** GET a text body (runbook content is text/powershell); undefined on 404 */
  getText(path: string, apiVersion: string): Promise<string | undefined>;
}

export interface ArmWriter extends ArmReader {
  put<T>(path: string, apiVersion: string, body: unknown): Promise<T>;
  patch<T>(path: string, apiVersion: string, body: unknown): Promise<T>;
  /** DELETE; true when something was deleted, false when it was already absent */
  delete(path: string, apiVersion: string): Promise<boolean>;
  /** a long-running operation (202 + Location/Azure-AsyncOperation), polled to its end */
  lro(
    method: 'PUT' | 'POST' | 'DELETE' | 'PATCH',
    path: string,
    apiVersion: string,
    body?: string,
    contentType?: string,
  ): Promise<ArmResponse>;
}

export class ArmClient implements ArmWriter {
  readonly endpoint: string;
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;
  private readonly lroIntervalMs: number;
  private readonly lroMaxIntervalMs: number;

  constructor(opts: ArmClientOptions) {
    this.endpoint = opts.endpoint.replace(/\/+$/, '');
    this.pipeline = createPipelineFromOptions({
      retryOptions: opts.retryOptions,
      userAgentOptions: { userAgentPrefix: 'exo-automation' },
    });
    withoutDefaultThrottleRetries(this.pipeline, opts.retryOptions);
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: opts.credential, scopes: opts.scope }));
    // Before retries and sign-in: a refused write never asks for a token.
    if (opts.readOnly) this.pipeline.addPolicy(readOnlyPolicy(), { phase: 'Serialize' });
    // Inside the general retry policy: 429s first meet the throttling retries.
    this.pipeline.addPolicy(throttlingRetryPolicy({ maxRetries: THROTTLE_RETRIES }), { phase: 'Retry' });
    // Inside the retry loop: each attempt is paced and bounded, a timed-out attempt is retried.
    if (opts.pacer) this.pipeline.addPolicy(pacingPolicy(opts.pacer), { afterPhase: 'Retry' });
    this.pipeline.addPolicy(timeoutPolicy(), { afterPhase: 'Retry' });
    this.httpClient = createDefaultHttpClient();
    this.lroIntervalMs = opts.lroIntervalMs ?? 100;
    this.lroMaxIntervalMs = Math.max(this.lroIntervalMs, opts.lroMaxIntervalMs ?? 10_000);
  }

  url(path: string, apiVersion?: string): string {
    const full = /^https:\/\//i.test(path) ? path : `${this.endpoint}${path.startsWith('/') ? '' : '/'}${path}`;
    if (!apiVersion || /[?&]api-version=/i.test(full)) return full;
    return `${full}${full.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(apiVersion)}`;
  }

  /** One request through the pipeline; no status handling. */
  async send(method: string, url: string, body?: string, contentType = 'application/json'): Promise<ArmResponse> {
    const headers = createHttpHeaders({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', contentType);
    const request = createPipelineRequest({ url, method: method as 'GET', headers, body });
    const res = await this.pipeline.sendRequest(this.httpClient, request);
    return { status: res.status, headers: res.headers.toJSON(), body: res.bodyAsText ?? undefined };
  }

  private async json<T>(method: string, path: string, apiVersion: string, body?: unknown): Promise<T> {
    const url = this.url(path, apiVersion);
    const res = await this.send(method, url, body === undefined ? undefined : JSON.stringify(body));
    if (res.status >= 400) throw this.error(res);
    return (res.body ? JSON.parse(res.body) : undefined) as T;
  }

  private error(res: ArmResponse) {
    return toAzureError('ARM', res.status, res.body, res.headers['x-ms-request-id']);
  }

  /** GET; undefined on 404, the service's error otherwise. */
  private async read(url: string): Promise<ArmResponse | undefined> {
    const res = await this.send('GET', url);
    if (res.status === 404) return undefined;
    if (res.status >= 400) throw this.error(res);
    return res;
  }

  async get<T>(path: string, apiVersion: string): Promise<T | undefined> {
    const res = await this.read(this.url(path, apiVersion));
    return (res?.body ? JSON.parse(res.body) : undefined) as T | undefined;
  }

  async getText(path: string, apiVersion: string): Promise<string | undefined> {
    const res = await this.read(this.url(path, apiVersion));
    return res && (res.body ?? '');
  }

  async list<T>(path: string, apiVersion: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = this.url(path, apiVersion);
    while (url) {
      const res = await this.read(url);
      if (!res) return items;
      const page = JSON.parse(res.body ?? '{}') as { value?: T[]; nextLink?: string };
      items.push(...(page.value ?? []));
      url = page.nextLink || undefined;
    }
    return items;
  }

  put<T>(path: string, apiVersion: string, body: unknown): Promise<T> {
    return this.json<T>('PUT', path, apiVersion, body);
  }

  patch<T>(path: string, apiVersion: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', path, apiVersion, body);
  }

  async delete(path: string, apiVersion: string): Promise<boolean> {
    const res = await this.lro('DELETE', path, apiVersion).catch((e: unknown) => {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    });
    return res !== undefined && res.status !== 204;
  }

  async lro(
    method: 'PUT' | 'POST' | 'DELETE' | 'PATCH',
    path: string,
    apiVersion: string,
    body?: string,
    contentType?: string,
  ): Promise<ArmResponse> {
    const url = this.url(path, apiVersion);
    const toOperation = (res: ArmResponse, reqMethod: string, reqUrl: string): OperationResponse<unknown> => {
      if (res.status >= 400) throw this.error(res);
      let parsed: unknown = undefined;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return {
        flatResponse: res,
        rawResponse: {
          statusCode: res.status,
          headers: res.headers,
          body: parsed,
          request: { method: reqMethod, url: reqUrl },
        },
      };
    };
    let initial: ArmResponse | undefined;
    let last: ArmResponse | undefined;
    // Polling: wait what Retry-After says when the service says it; otherwise back off from
    // lroIntervalMs, x1.5 each time (doubling overshot a 5 s operation by a quarter), so that a
    // short operation is seen done soon after it ends and a long one is not polled needlessly often. core-lro itself waits a positive Retry-After
    // before every poll but the first (which it sends at once) and, with intervalInMs 0, nothing
    // else: the waits it does not make are made here.
    let polls = 0;
    let backoff = this.lroIntervalMs;
    const operation: RunningOperation<unknown> = {
      sendInitialRequest: async () => {
        initial = await this.send(method, url, body, contentType);
        last = initial;
        return toOperation(initial, method, url);
      },
      sendPollRequest: async (pollPath: string) => {
        const asked = retryAfterMs(last?.headers);
        let wait = 0;
        if (asked > 0) wait = polls === 0 ? asked : 0;
        else {
          wait = backoff;
          backoff = Math.min(backoff * 1.5, this.lroMaxIntervalMs);
        }
        polls++;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        last = await this.send('GET', pollPath);
        return toOperation(last, 'GET', pollPath);
      },
    };
    const poller = createHttpPoller<
      unknown,
      { status: 'running' | 'succeeded' | 'failed' | 'canceled' | 'notStarted'; result?: unknown }
    >(operation, { intervalInMs: 0, resourceLocationConfig: 'location', skipFinalGet: true });
    await poller.pollUntilDone();
    return last ?? initial!;
  }
}
