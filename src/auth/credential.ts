// Sign-in with GitHub OIDC (workload identity federation): a ClientAssertionCredential whose
// callback hands MSAL a GitHub ID token that is valid for a while yet. MSAL runs the callback on
// every getToken, even when it answers from its own cache, so the GitHub token is reused until
// shortly before its `exp` and then fetched afresh (a long apply outlives one GitHub token, which
// lives about 5 minutes; an expired one would be refused with AADSTS700024). Concurrent getToken
// calls for the same scopes share one acquisition. Every token is masked as soon as it exists.
import * as core from '@actions/core';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { ClientAssertionCredential } from '@azure/identity';
import { timeoutPolicy } from '../clients/timeout-policy.js';
import { AuthError, extractAadstsCode, hintFor } from '../errors.js';
import { decodeJwtPayload, oidcClaims, type OidcClaims } from './jwt.js';
import { log } from '../log/index.js';

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/** Hosts of the public clouds' Entra authorities (instance discovery works only there). */
const PUBLIC_AUTHORITIES = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
];

export function isPublicAuthority(authorityHost: string): boolean {
  try {
    return PUBLIC_AUTHORITIES.includes(new URL(authorityHost).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** True when the job can get a GitHub OIDC token (permissions: id-token: write, not a fork PR). */
export function oidcAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

export function oidcUnavailableError(): AuthError {
  return new AuthError('No GitHub OIDC token is available to this job: ACTIONS_ID_TOKEN_REQUEST_URL is not set.', {
    hint:
      'Give the workflow (or the job) `permissions: id-token: write` (and `contents: read`). ' +
      'Pull requests from forks never receive an OIDC token, whatever the permissions say: ' +
      'plan those from a trusted event (pull_request_target with care, or a push/schedule run).',
  });
}

export interface CredentialOptions {
  tenantId: string;
  clientId: string;
  audience: string;
  authorityHost: string;
  /** default: core.getIDToken */
  getIdToken?: (audience: string) => Promise<string>;
  /** default: core.setSecret */
  setSecret?: (secret: string) => void;
  /** a GitHub token is reused until this long before its `exp` (default 60 s) */
  assertionMarginMs?: number;
  /** default Date.now */
  now?: () => number;
  /** told once, after the first token: who signed in (never the token), as azure/login prints it */
  announce?: (line: string) => void;
}

/** "Signed in as app <appid> in tenant <tid>, GitHub subject <sub>": claims of the issued token, never the token. */
export function signedInLine(accessToken: string, oidc: OidcClaims | undefined, fallbackClientId: string): string {
  const p = decodeJwtPayload(accessToken) ?? {};
  const app = (p.appid ?? p.azp ?? fallbackClientId) as string;
  const tenant = typeof p.tid === 'string' ? ` in tenant ${p.tid}` : '';
  const sub = oidc?.sub ? `, subject ${oidc.sub}` : '';
  return `Signed in as app ${app}${tenant}${sub} (GitHub OIDC, issuer ${oidc?.iss ?? GITHUB_OIDC_ISSUER}).`;
}

/** Seconds since the epoch at which a JWT expires, when it says. */
export function jwtExpiry(token: string): number | undefined {
  const exp = decodeJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
}

interface EntraErrorLike {
  name?: string;
  message?: string;
  statusCode?: number;
  errorResponse?: { error?: string; errorDescription?: string; errorCodes?: (string | number)[] };
}

/** The exact fix for a refused assertion, naming the federated credential to add. */
export function describeRefusal(err: unknown, claims: OidcClaims | undefined, clientId: string): AuthError {
  const e = err as EntraErrorLike;
  const description = e.errorResponse?.errorDescription ?? e.message ?? String(err);
  const code =
    extractAadstsCode(description) ??
    (e.errorResponse?.errorCodes?.[0] !== undefined ? `AADSTS${e.errorResponse.errorCodes[0]}` : undefined);
  const firstLine = description.split(/\r?\n/)[0];
  const lines = [`Entra ID refused the GitHub OIDC token for app ${clientId}: ${firstLine}`];
  if (claims) {
    lines.push(`GitHub token claims: iss=${claims.iss ?? '?'} sub=${claims.sub ?? '?'} aud=${claims.aud ?? '?'}`);
  }
  let hint = code ? hintFor(code) : undefined;
  if (code === 'AADSTS700211' && claims?.iss) {
    hint =
      `No federated credential on app ${clientId} has the issuer of this token, ${claims.iss}. Set the credential's ` +
      'issuer to exactly that value (a trailing slash or another host differs), or, with GitHub Enterprise Server or ' +
      'a customised issuer, to the issuer your enterprise publishes.';
  } else if (code === 'AADSTS700212' && claims?.aud) {
    hint =
      `No federated credential on app ${clientId} lists the token audience ${claims.aud}. Add ${claims.aud} to the ` +
      "credential's audiences, or set the `audience` input to the value the credential lists.";
  } else if (code && ['AADSTS70021', 'AADSTS700213', 'AADSTS7002138'].includes(code) && claims?.sub) {
    const iss = claims.iss ?? GITHUB_OIDC_ISSUER;
    const aud = claims.aud ?? 'api://AzureADTokenExchange';
    hint =
      `Add a federated credential to app ${clientId} with issuer ${iss}, subject ${claims.sub} and audience ${aud} ` +
      `(az ad app federated-credential create --id ${clientId} --parameters ` +
      `'{"name":"github","issuer":"${iss}","subject":"${claims.sub}","audiences":["${aud}"]}'). ` +
      (code === 'AADSTS7002138' ? 'Subjects compare case-sensitively: match the letter case exactly. ' : '') +
      'A credential created a moment ago can take a minute to apply.';
  }
  return new AuthError(lines.join('\n'), { code, hint, cause: err });
}

/**
 * A TokenCredential for ARM and Graph. The GitHub token is fetched when there is none or the one
 * held expires within the margin (never sent expired); tokens are masked with core.setSecret;
 * Entra refusals become AuthErrors with iss/sub/aud and the fix.
 */
export function createCredential(opts: CredentialOptions): TokenCredential {
  const getIdToken = opts.getIdToken ?? ((aud: string) => core.getIDToken(aud));
  const setSecret = opts.setSecret ?? ((s: string) => log.setSecret(s));
  const now = opts.now ?? Date.now;
  const margin = opts.assertionMarginMs ?? 60_000;
  let lastClaims: OidcClaims | undefined;
  let announced = !opts.announce;
  let held: { token: string; validUntil: number } | undefined;
  let fetching: Promise<string> | undefined;
  const fetchIdToken = async (): Promise<string> => {
    let token: string;
    try {
      token = await getIdToken(opts.audience);
    } catch (e) {
      if (!oidcAvailable() && !opts.getIdToken) throw oidcUnavailableError();
      throw new AuthError(`Could not get a GitHub OIDC token: ${(e as Error).message}`, { cause: e });
    }
    setSecret(token);
    lastClaims = oidcClaims(token);
    const exp = jwtExpiry(token);
    // Without a readable exp the token is used once, as before.
    held = exp !== undefined ? { token, validUntil: exp * 1000 - margin } : undefined;
    return token;
  };
  const assertion = async (): Promise<string> => {
    if (held && now() < held.validUntil) return held.token;
    fetching ??= fetchIdToken().finally(() => (fetching = undefined));
    return fetching;
  };
  const inFlight = new Map<string, Promise<AccessToken | null>>();
  const inner = new ClientAssertionCredential(opts.tenantId, opts.clientId, assertion, {
    authorityHost: opts.authorityHost,
    disableInstanceDiscovery: !isPublicAuthority(opts.authorityHost),
    // a token endpoint that never answers must not hang the job either
    additionalPolicies: [{ policy: timeoutPolicy(), position: 'perRetry' }],
  });
  return {
    getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      // Callers that start at once (a burst of reads) share one acquisition; MSAL's cache serves the rest.
      // (CAE tokens come from MSAL's other application and cache: a key of their own.)
      const key = `${[scopes].flat().join(' ')}${options?.enableCae ? ' cae' : ''}`;
      if (options?.claims || options?.tenantId) return acquire(scopes, options);
      let p = inFlight.get(key);
      if (!p) {
        p = acquire(scopes, options).finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
      return p;
    },
  };
  async function acquire(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    if (!opts.getIdToken && !oidcAvailable()) throw oidcUnavailableError();
    let token: AccessToken | null;
    try {
      token = await inner.getToken(scopes, options);
    } catch (e) {
      held = undefined; // a refused assertion is never offered again
      if (e instanceof AuthError) throw e;
      const cause = (e as { cause?: unknown }).cause;
      if (cause instanceof AuthError) throw cause;
      throw describeRefusal(e, lastClaims, opts.clientId);
    }
    if (token?.token) {
      setSecret(token.token);
      if (!announced) {
        announced = true;
        opts.announce!(signedInLine(token.token, lastClaims, opts.clientId));
      }
    }
    return token;
  }
}
