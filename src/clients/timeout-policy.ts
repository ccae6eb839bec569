// A bound on each HTTP attempt. Neither core-rest-pipeline nor fetch sets one, so a request the
// service accepts and never answers would hang the job until the runner's own timeout (6 h by
// default). A timed-out attempt is turned into a connection error, which the retry policies
// already retry with backoff; ARM PUTs are idempotent and Graph "already exists" answers are
// adopted, so a retried write neither duplicates nor loses anything.
import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';

/** Generous: ARM holds synchronous requests for up to about a minute before answering 202. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** env[name] as a positive number of seconds, in ms; undefined when unset or not a positive number. */
export function secondsFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const seconds = Number(env[name]);
  return env[name] && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * EXO_HTTP_TIMEOUT_SECONDS (optional, positive number) overrides the default. Not an input: it
 * exists so that tests (and users behind slow proxies) can change it.
 */
export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return secondsFromEnv('EXO_HTTP_TIMEOUT_SECONDS', env) ?? DEFAULT_REQUEST_TIMEOUT_MS;
}

/** Must run inside the retry loop (phase after 'Retry' / additionalPolicies 'perRetry'). */
export function timeoutPolicy(ms: number = requestTimeoutMs()): PipelinePolicy {
  return {
    name: 'exoRequestTimeout',
    async sendRequest(request, next) {
      if (!request.timeout) request.timeout = ms;
      try {
        return await next(request);
      } catch (e) {
        const callerAborted = request.abortSignal?.aborted === true;
        if ((e as { name?: string })?.name === 'AbortError' && !callerAborted) {
          throw new RestError(
            `No answer within ${Math.round(request.timeout / 1000)} s from ${hostPath(request.url)}`,
            {
              code: 'ETIMEDOUT',
              request,
            },
          );
        }
        throw e;
      }
    },
  };
}

function hostPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'the service';
  }
}
