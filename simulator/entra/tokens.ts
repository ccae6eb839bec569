// Signing keys and JWTs of the simulated GitHub OIDC issuer and Entra. Access tokens are real
// signed JWTs; ARM and Graph verify signature, audience, expiry and (Graph) the roles claim.
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { armError, graphError, SimHttpError } from '../http-error.js';
import type { Sim, SimRequest } from '../types.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export interface SimKeys {
  github: KeyPair;
  entra: KeyPair;
}

async function makeKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID().replace(/-/g, '');
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicKey, jwk };
}

export async function makeKeys(): Promise<SimKeys> {
  const [github, entra] = await Promise.all([makeKeyPair(), makeKeyPair()]);
  return { github, entra };
}

export async function signJwt(key: KeyPair, payload: JWTPayload, lifetimeSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** The resource (audience) of a token scope: 'https://management.azure.com/.default' -> 'https://management.azure.com'. */
export function resourceOfScope(scope: string): string {
  return scope.replace(/\/\.default$/, '').replace(/\/$/, '');
}

export const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

export interface AccessClaims extends JWTPayload {
  tid: string;
  appid: string;
  oid: string;
  roles?: string[];
}

/**
 * Checks the bearer token of an ARM or Graph request. Answers as the service does: ARM with
 * 401 InvalidAuthenticationToken*, Graph with 401 InvalidAuthenticationToken.
 */
export async function verifyAccessToken(req: SimRequest, sim: Sim, service: 'arm' | 'graph'): Promise<AccessClaims> {
  const fail = (code: string, message: string): SimHttpError =>
    service === 'arm'
      ? armError(401, code, message, {
          'WWW-Authenticate': `Bearer authorization_uri="${sim.baseUrl}/${sim.state.tenant.id}", error="invalid_token", error_description="${message}"`,
        })
      : graphError(401, 'InvalidAuthenticationToken', message);
  const header = req.headers.authorization;
  if (!header || !/^Bearer\s+/i.test(header)) {
    throw service === 'arm'
      ? fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.")
      : fail('InvalidAuthenticationToken', 'Access token is empty.');
  }
  const token = header.replace(/^Bearer\s+/i, '');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, sim.keys.entra.publicKey, { issuer: entraIssuer(sim.state.tenant.id) }));
  } catch (e) {
    const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
    if (service === 'arm') {
      throw expired
        ? fail('ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.')
        : fail('InvalidAuthenticationTokenTenant', 'The access token is invalid.');
    }
    throw fail(
      'InvalidAuthenticationToken',
      expired
        ? 'Lifetime validation failed, the token is expired.'
        : 'Access token validation failure. Invalid signature.',
    );
  }
  const aud = String(payload.aud ?? '').replace(/\/$/, '');
  const wanted = service === 'arm' ? ARM_AUDIENCES : GRAPH_AUDIENCES;
  if (!wanted.includes(aud)) {
    throw service === 'arm'
      ? fail(
          'InvalidAuthenticationTokenAudience',
          "The access token has been obtained for wrong audience or resource '" +
            aud +
            "'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
        )
      : fail('InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  }
  return payload as AccessClaims;
}

export function entraIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}
