// The GitHub Actions OIDC token service (what core.getIDToken calls) and the issuer's discovery
// documents. Tokens carry state.github.claims plus iss/aud/iat/nbf/exp/jti, signed with the
// simulated issuer's key (the one Entra verifies assertions with).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { GITHUB_ISSUER } from '../entra/tokens.js';
import type { Sim, SimRequest, SimResponse } from '../types.js';

/** GitHub's documented example has nbf ten minutes before iat (facts: entra/github-actions-oidc.json). */
const NBF_BEFORE_IAT_SECONDS = 600;

export async function issueIdToken(req: SimRequest, sim: Sim): Promise<SimResponse> {
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  // The real service's 401 body is not documented; @actions/core only reports status and message.
  if (!token || token !== sim.state.github.requestToken)
    return { status: 401, body: { message: 'Unauthorized: the request token is missing or not valid for this job.' } };

  const claims = sim.state.github.claims;
  const owner = String(claims.repository_owner ?? String(claims.repository ?? '').split('/')[0] ?? '');
  const audience = req.query.get('audience') || `https://github.com/${owner}`;
  const value = await signGithubToken(sim, audience);
  sim.issuedSecrets?.push(value);
  return { status: 200, body: { value } };
}

/** A GitHub OIDC token for `audience` with the state's claims (lifetime config.oidcTokenLifetimeSeconds). */
export async function signGithubToken(sim: Sim, audience: string): Promise<string> {
  const now = Math.floor(sim.now() / 1000);
  const key = sim.keys.github;
  return new SignJWT({ ...sim.state.github.claims, jti: randomUUID() })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid })
    .setIssuer(GITHUB_ISSUER)
    .setAudience(audience)
    .setIssuedAt(now)
    .setNotBefore(now - NBF_BEFORE_IAT_SECONDS)
    .setExpirationTime(now + sim.state.config.oidcTokenLifetimeSeconds)
    .sign(key.privateKey);
}

/** GITHUB_ISSUER/.well-known/openid-configuration, served at /_github/... (jwks_uri points here too). */
export function githubOpenIdConfiguration(_req: SimRequest, sim: Sim): SimResponse {
  return {
    status: 200,
    body: {
      issuer: GITHUB_ISSUER,
      jwks_uri: `${sim.baseUrl}/_github/.well-known/jwks`,
      subject_types_supported: ['public', 'pairwise'],
      response_types_supported: ['id_token'],
      claims_supported: [
        'sub',
        'aud',
        'exp',
        'iat',
        'iss',
        'jti',
        'nbf',
        'ref',
        'sha',
        'repository',
        'repository_id',
        'repository_owner',
        'repository_owner_id',
        'enterprise',
        'enterprise_id',
        'run_id',
        'run_number',
        'run_attempt',
        'actor',
        'actor_id',
        'workflow',
        'workflow_ref',
        'workflow_sha',
        'head_ref',
        'base_ref',
        'event_name',
        'ref_type',
        'environment',
        'job_workflow_ref',
        'job_workflow_sha',
        'repository_visibility',
        'runner_environment',
      ],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid'],
    },
  };
}

export function githubJwks(_req: SimRequest, sim: Sim): SimResponse {
  const { kty, n, e, kid, alg, use } = sim.keys.github.jwk;
  return { status: 200, body: { keys: [{ kty, alg, use, kid, n, e }] } };
}
