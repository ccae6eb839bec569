// Entra's token endpoint for the one flow the action uses: client_credentials with a federated
// client assertion (a GitHub OIDC token). The assertion is verified for real: signature against
// the simulated GitHub issuer's key, time range, and iss/sub/aud matched exactly (case-sensitive)
// against the deploying app's federated credentials. Checks run in the order Entra reports them.
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { aadsts, AADSTS } from './errors.js';
import { resolveTenant } from './metadata.js';
import { SimHttpError } from '../http-error.js';
import { header } from '../request-header.js';
import { ARM_AUDIENCES, entraIssuer, GITHUB_ISSUER, GRAPH_AUDIENCES, resourceOfScope, signJwt } from './tokens.js';
import type { Sim, SimRequest, SimResponse } from '../types.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Resources (App ID URIs) that exist in every tenant: ARM, Graph and Exchange, in each cloud. */
const SOVEREIGN_ARM = ['https://management.usgovcloudapi.net', 'https://management.chinacloudapi.cn'];
const SOVEREIGN_GRAPH = ['https://graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn'];
const EXCHANGE = [
  'https://outlook.office365.com',
  'https://outlook.office.com',
  '00000002-0000-0ff1-ce00-000000000000',
];
const GRAPH_RESOURCES = [...GRAPH_AUDIENCES, ...SOVEREIGN_GRAPH];
const KNOWN_RESOURCES = [...ARM_AUDIENCES, ...SOVEREIGN_ARM, ...GRAPH_RESOURCES, ...EXCHANGE];

const OIDC_SCOPES = ['openid', 'profile', 'offline_access', 'email'];

export async function tokenEndpoint(req: SimRequest, sim: Sim, version: 'v1' | 'v2'): Promise<SimResponse> {
  const now = sim.now();
  const correlation = header(req, 'client-request-id');
  const fail = (status: number, error: string, [code, text]: readonly [number, string]): SimHttpError =>
    aadsts(status, error, code, text, now, correlation);

  const segment = req.params.tenant;
  if (['common', 'organizations', 'consumers'].includes(segment.toLowerCase()))
    throw fail(400, 'invalid_request', AADSTS.noTenantInfo());
  const tenantId = resolveTenant(sim, segment);
  if (!tenantId) throw fail(400, 'invalid_tenant', AADSTS.tenantNotFound(segment));

  const form = new URLSearchParams(req.text());
  const grant = form.get('grant_type');
  if (!grant) throw fail(400, 'invalid_request', AADSTS.missingParameter('grant_type'));
  if (grant !== 'client_credentials') throw fail(400, 'unsupported_grant_type', AADSTS.unsupportedGrant(grant));
  const clientId = form.get('client_id');
  if (!clientId) throw fail(400, 'invalid_request', AADSTS.missingParameter('client_id'));
  const app = sim.state.deployer;
  if (clientId.toLowerCase() !== app.appId.toLowerCase())
    throw fail(400, 'unauthorized_client', AADSTS.appNotFound(clientId, tenantId));

  const resource =
    version === 'v2' ? resourceOfV2Scope(form.get('scope'), fail) : resourceOfV1(form.get('resource'), fail);
  if (!KNOWN_RESOURCES.includes(resource))
    throw fail(400, 'invalid_resource', AADSTS.resourceNotFound(resource, sim.state.tenant.organization));

  const assertion = form.get('client_assertion');
  // Entra reads client_assertion only together with the jwt-bearer assertion type.
  if (!assertion || form.get('client_assertion_type') !== JWT_BEARER)
    throw fail(401, 'invalid_client', AADSTS.missingCredential());

  let claims: JWTPayload;
  try {
    decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw fail(400, 'invalid_request', AADSTS.malformedJwt());
  }
  const iss = String(claims.iss ?? '');
  const sub = String(claims.sub ?? '');
  const auds = Array.isArray(claims.aud) ? claims.aud : [String(claims.aud ?? '')];
  const mismatch = ficMismatch(app.federatedCredentials, iss, sub, auds, sim.state.config.ficErrors);
  if (mismatch) throw fail(401, mismatch.error, mismatch.message);

  // Only the simulated GitHub issuer is known; its key signs every assertion Entra can accept.
  if (iss !== GITHUB_ISSUER) throw fail(401, 'invalid_client', AADSTS.badSignature());
  try {
    await jwtVerify(assertion, sim.keys.github.publicKey, { currentDate: new Date(now), clockTolerance: 0 });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (
      code === 'ERR_JWT_EXPIRED' ||
      (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (e as { claim?: string }).claim === 'nbf')
    )
      throw fail(401, 'invalid_client', AADSTS.notInTimeRange(now, claims.nbf, claims.exp));
    throw fail(401, 'invalid_client', AADSTS.badSignature());
  }

  const lifetime = sim.state.config.tokenLifetimeSeconds;
  const isGraph = GRAPH_RESOURCES.includes(resource);
  const accessToken = await signJwt(
    sim.keys.entra,
    {
      aud: resource,
      iss: entraIssuer(tenantId),
      idp: entraIssuer(tenantId),
      aio: randomUUID().replace(/-/g, ''),
      app_displayname: app.displayName,
      appid: app.appId,
      appidacr: '2',
      idtyp: 'app',
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      tid: tenantId,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ver: '1.0',
      ...(isGraph ? { roles: [...app.graphPermissions] } : {}),
    },
    lifetime,
  );
  sim.issuedSecrets?.push(accessToken);
  const body: Record<string, unknown> =
    version === 'v2'
      ? { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken }
      : {
          token_type: 'Bearer',
          expires_in: String(lifetime),
          ext_expires_in: String(lifetime),
          expires_on: String(Math.floor(now / 1000) + lifetime),
          not_before: String(Math.floor(now / 1000)),
          resource,
          access_token: accessToken,
        };
  return { status: 200, headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' }, body };
}

interface Fic {
  issuer: string;
  subject: string;
  audiences: string[];
}

/**
 * Why no federated credential matches, as Entra reports it: issuer first, then subject
 * (case-sensitive; a case-only difference has its own code), then audience; all HTTP 401
 * invalid_client. Pre-2023 tenants ('legacy') answered one code for all: unauthorized_client 70021.
 */
export function ficMismatch(
  fics: Fic[],
  iss: string,
  sub: string,
  auds: string[],
  style: 'current' | 'legacy' = 'current',
): { error: string; message: readonly [number, string] } | undefined {
  const full = fics.find((f) => f.issuer === iss && f.subject === sub && auds.some((a) => f.audiences.includes(a)));
  if (full) return undefined;
  if (style === 'legacy')
    return { error: 'unauthorized_client', message: AADSTS.noMatchingFic(iss, sub, auds.join(',')) };
  const byIssuer = fics.filter((f) => f.issuer === iss);
  if (byIssuer.length === 0) return { error: 'invalid_client', message: AADSTS.ficIssuer(iss) };
  const bySubject = byIssuer.filter((f) => f.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = byIssuer.some((f) => f.subject.toLowerCase() === sub.toLowerCase());
    return { error: 'invalid_client', message: caseOnly ? AADSTS.ficSubjectCase(sub) : AADSTS.ficSubject(sub) };
  }
  return { error: 'invalid_client', message: AADSTS.ficAudience(auds.join(',')) };
}

type Fail = (status: number, error: string, msg: readonly [number, string]) => SimHttpError;

/** The one resource of a v2 client-credentials scope: exactly one `<resource>/.default`. */
function resourceOfV2Scope(raw: string | null, fail: Fail): string {
  if (!raw || !raw.trim()) throw fail(400, 'invalid_request', AADSTS.missingParameter('scope'));
  const scopes = raw.split(/\s+/).filter((s) => s && !OIDC_SCOPES.includes(s));
  if (scopes.length !== 1) throw fail(400, 'invalid_scope', AADSTS.invalidScope(raw.trim()));
  if (!scopes[0].endsWith('/.default')) throw fail(400, 'invalid_scope', AADSTS.scopeNotDefault(scopes[0]));
  return resourceOfScope(scopes[0]);
}

function resourceOfV1(raw: string | null, fail: Fail): string {
  if (!raw) throw fail(400, 'invalid_request', AADSTS.missingParameter('resource'));
  return raw.replace(/\/$/, '');
}
