// Sign-in with GitHub OIDC (workload identity federation): a ClientAssertionCredential whose
// callback asks GitHub for a fresh ID token on every token request (a long apply outlives one
// GitHub token, which lives about 5 minutes). Every token is masked as soon as it exists.
import * as core from '@actions/core';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { ClientAssertionCredential } from '@azure/identity';
import { AuthError, extractAadstsCode, hintFor } from '../errors.js';
import { oidcClaims, type OidcClaims } from './jwt.js';

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
  if (code && ['AADSTS70021', 'AADSTS700213', 'AADSTS7002138'].includes(code) && claims?.sub) {
    hint =
      `Add a federated credential to app ${clientId} with issuer ${claims.iss ?? GITHUB_OIDC_ISSUER}, ` +
      `subject ${claims.sub} and audience ${claims.aud ?? 'api://AzureADTokenExchange'} ` +
      `(az ad app federated-credential create --id ${clientId} --parameters ` +
      `'{"name":"github","issuer":"${claims.iss ?? GITHUB_OIDC_ISSUER}","subject":"${claims.sub}","audiences":["${claims.aud ?? 'api://AzureADTokenExchange'}"]}'). ` +
      (code === 'AADSTS7002138' ? 'Subjects compare case-sensitively: match the letter case exactly. ' : '') +
      'A credential created a moment ago can take a minute to apply.';
  }
  return new AuthError(lines.join('\n'), { code, hint, cause: err });
}

/**
 * A TokenCredential for ARM and Graph. getIdToken runs on every token request; tokens are
 * masked with core.setSecret; Entra refusals become AuthErrors with iss/sub/aud and the fix.
 */
export function createCredential(opts: CredentialOptions): TokenCredential {
  const getIdToken = opts.getIdToken ?? ((aud: string) => core.getIDToken(aud));
  const setSecret = opts.setSecret ?? ((s: string) => core.setSecret(s));
  let lastClaims: OidcClaims | undefined;
  const assertion = async (): Promise<string> => {
    let token: string;
    try {
      token = await getIdToken(opts.audience);
    } catch (e) {
      if (!oidcAvailable() && !opts.getIdToken) throw oidcUnavailableError();
      throw new AuthError(`Could not get a GitHub OIDC token: ${(e as Error).message}`, { cause: e });
    }
    setSecret(token);
    lastClaims = oidcClaims(token);
    return token;
  };
  const inner = new ClientAssertionCredential(opts.tenantId, opts.clientId, assertion, {
    authorityHost: opts.authorityHost,
    disableInstanceDiscovery: !isPublicAuthority(opts.authorityHost),
  });
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      if (!opts.getIdToken && !oidcAvailable()) throw oidcUnavailableError();
      let token: AccessToken | null;
      try {
        token = await inner.getToken(scopes, options);
      } catch (e) {
        if (e instanceof AuthError) throw e;
        const cause = (e as { cause?: unknown }).cause;
        if (cause instanceof AuthError) throw cause;
        throw describeRefusal(e, lastClaims, opts.clientId);
      }
      if (token?.token) setSecret(token.token);
      return token;
    },
  };
}
