// Microsoft Graph v1.0 through @microsoft/microsoft-graph-client: its RetryHandler covers 429
// (Retry-After), 503 and 504; a small middleware adds retries of dropped connections, which the
// client does not retry. Every call uses the service principal *object id* (principalId).
import type { TokenCredential } from '@azure/core-auth';
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { AzureError } from '../errors.js';
import { assertReadOnly } from './readonly-policy.js';
import { requestTimeoutMs } from './timeout-policy.js';

export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName?: string;
  servicePrincipalType?: string;
  appRoles?: { id: string; value: string | null; isEnabled?: boolean; allowedMemberTypes?: string[] }[];
}

export interface GraphAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
  resourceDisplayName?: string;
}

export interface GraphRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

export interface GraphClientOptions {
  endpoint: string;
  scope: string;
  credential: TokenCredential;
  readOnly: boolean;
  /** RetryHandler base delay in seconds and attempts */
  retryDelaySeconds?: number;
  maxRetries?: number;
}

class ReadOnlyMiddleware implements Middleware {
  private next!: Middleware;
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    assertReadOnly(context.options?.method ?? 'GET', url);
    return this.next.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Retries a request whose connection dropped (fetch throws) or that Graph answered 500/502 (the
 * RetryHandler only covers 429, 503 and 504), with a short backoff. A write retried after it took
 * effect is answered "already exists", which the callers adopt.
 */
class ConnectionRetryMiddleware implements Middleware {
  private next!: Middleware;
  constructor(private readonly attempts: number) {}
  async execute(context: Context): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.next.execute(context);
        const status = context.response?.status;
        if (attempt >= this.attempts || (status !== 500 && status !== 502)) return;
      } catch (e) {
        if (e instanceof GraphError || attempt >= this.attempts || !isNetworkError(e)) throw e;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Bounds each attempt (fetch sets no timeout); a timed-out attempt counts as a dropped connection. */
class TimeoutMiddleware implements Middleware {
  private next!: Middleware;
  constructor(private readonly ms: number) {}
  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const caller = options.signal ?? undefined;
    const timeout = AbortSignal.timeout(this.ms);
    options.signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
    try {
      return await this.next.execute(context);
    } finally {
      options.signal = caller;
    }
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

function isNetworkError(e: unknown): boolean {
  const err = e as { name?: string; message?: string; cause?: { code?: string } };
  return (
    err?.name === 'TypeError' ||
    err?.name === 'TimeoutError' ||
    /ECONNRESET|socket hang up|fetch failed|other side closed/i.test(`${err?.message} ${err?.cause?.code}`)
  );
}

function toError(e: unknown): unknown {
  if (e instanceof GraphError) {
    let code = e.code ?? `HTTP${e.statusCode}`;
    let message = e.message;
    const body = e.body as unknown;
    if (typeof body === 'string') {
      try {
        const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        /* keep the client's text */
      }
    }
    return new AzureError({
      service: 'Graph',
      status: e.statusCode,
      code,
      message,
      requestId: e.requestId ?? undefined,
    });
  }
  return e;
}

export class GraphClient {
  private readonly client: Client;

  constructor(opts: GraphClientOptions) {
    const authProvider = {
      getAccessToken: async () => (await opts.credential.getToken(opts.scope))?.token ?? '',
    };
    const chain: Middleware[] = [];
    if (opts.readOnly) chain.push(new ReadOnlyMiddleware());
    chain.push(
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions(opts.retryDelaySeconds ?? 3, opts.maxRetries ?? 3)),
      new ConnectionRetryMiddleware(3),
      new TimeoutMiddleware(requestTimeoutMs()),
      new RedirectHandler(),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    );
    for (let i = 0; i < chain.length - 1; i++) chain[i].setNext!(chain[i + 1]);
    const endpoint = opts.endpoint.replace(/\/+$/, '');
    this.client = Client.initWithMiddleware({
      middleware: chain[0],
      baseUrl: endpoint,
      defaultVersion: 'v1.0',
      customHosts: new Set([new URL(endpoint).hostname]),
    });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toError(e);
    }
  }

  private async list<T>(path: string, filter?: string): Promise<T[]> {
    return this.call(async () => {
      const items: T[] = [];
      let req = this.client.api(path);
      if (filter) req = req.filter(filter);
      let page = (await req.get()) as { value?: T[]; '@odata.nextLink'?: string };
      items.push(...(page.value ?? []));
      while (page['@odata.nextLink']) {
        page = (await this.client.api(page['@odata.nextLink']).get()) as typeof page;
        items.push(...(page.value ?? []));
      }
      return items;
    });
  }

  async findServicePrincipalByAppId(appId: string): Promise<GraphServicePrincipal | undefined> {
    const found = await this.list<GraphServicePrincipal>('/servicePrincipals', `appId eq '${appId}'`);
    return found[0];
  }

  /** undefined when Graph does not (yet) see it */
  async getServicePrincipal(id: string): Promise<GraphServicePrincipal | undefined> {
    try {
      return await this.call(() => this.client.api(`/servicePrincipals/${id}`).get() as Promise<GraphServicePrincipal>);
    } catch (e) {
      if (e instanceof AzureError && e.status === 404) return undefined;
      throw e;
    }
  }

  listAppRoleAssignments(principalId: string): Promise<GraphAppRoleAssignment[]> {
    return this.list<GraphAppRoleAssignment>(`/servicePrincipals/${principalId}/appRoleAssignments`);
  }

  listRoleAssignments(principalId: string): Promise<GraphRoleAssignment[]> {
    return this.list<GraphRoleAssignment>(
      '/roleManagement/directory/roleAssignments',
      `principalId eq '${principalId}'`,
    );
  }

  // ---- writes ----

  createServicePrincipal(appId: string): Promise<GraphServicePrincipal> {
    return this.call(() => this.client.api('/servicePrincipals').post({ appId }) as Promise<GraphServicePrincipal>);
  }

  addAppRoleAssignment(principalId: string, resourceId: string, appRoleId: string): Promise<GraphAppRoleAssignment> {
    return this.call(
      () =>
        this.client
          .api(`/servicePrincipals/${principalId}/appRoleAssignments`)
          .post({ principalId, resourceId, appRoleId }) as Promise<GraphAppRoleAssignment>,
    );
  }

  /** DELETE /servicePrincipals/{principalId}/appRoleAssignments/{id} */
  deleteAppRoleAssignment(principalId: string, id: string): Promise<void> {
    return this.call(
      () => this.client.api(`/servicePrincipals/${principalId}/appRoleAssignments/${id}`).delete() as Promise<void>,
    );
  }

  addRoleAssignment(
    principalId: string,
    roleDefinitionId: string,
    directoryScopeId = '/',
  ): Promise<GraphRoleAssignment> {
    return this.call(
      () =>
        this.client.api('/roleManagement/directory/roleAssignments').post({
          '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
          roleDefinitionId,
          principalId,
          directoryScopeId,
        }) as Promise<GraphRoleAssignment>,
    );
  }

  deleteRoleAssignment(id: string): Promise<void> {
    return this.call(
      () => this.client.api(`/roleManagement/directory/roleAssignments/${id}`).delete() as Promise<void>,
    );
  }
}

export type GraphReader = Pick<
  GraphClient,
  'findServicePrincipalByAppId' | 'getServicePrincipal' | 'listAppRoleAssignments' | 'listRoleAssignments'
>;
