// Entra's discovery documents, as login.microsoftonline.com serves them, with this host in
// place of login.microsoftonline.com: MSAL instance discovery, the v2.0 OpenID configuration
// (MSAL reads it and checks that its issuer has the authority's origin) and the signing keys.
// The v1 document is in entra-metadata-v1.ts, instance discovery in entra-discovery.ts.
import { aadsts, AADSTS } from './errors.js';
import { header } from '../request-header.js';
import type { Sim, SimRequest, SimResponse } from '../types.js';

/** Tenant id for a tenant segment (id or verified domain, any case), or undefined. */
export function resolveTenant(sim: Sim, segment: string): string | undefined {
  const t = sim.state.tenant;
  const s = segment.toLowerCase();
  if (s === t.id.toLowerCase() || t.domains.some((d) => d.toLowerCase() === s)) return t.id;
  return undefined;
}

const MULTI_TENANT = ['common', 'organizations', 'consumers'];

/** The route's tenant: a multi-tenant alias (id '{tenantid}') or a known tenant; else invalid_tenant. */
export function tenantOf(req: SimRequest, sim: Sim): { segment: string; multi: boolean; tid: string } {
  const segment = req.params.tenant;
  const multi = MULTI_TENANT.includes(segment.toLowerCase());
  const tid = multi ? '{tenantid}' : resolveTenant(sim, segment);
  if (!tid) {
    const [code, text] = AADSTS.tenantNotFound(segment);
    throw aadsts(400, 'invalid_tenant', code, text, sim.now(), header(req, 'client-request-id'));
  }
  return { segment, multi, tid };
}

export function openIdConfiguration(req: SimRequest, sim: Sim): SimResponse {
  const { segment, multi, tid } = tenantOf(req, sim);
  const b = `${sim.baseUrl}/${multi ? segment : tid}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${b}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${b}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${sim.baseUrl}/${tid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${b}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${b}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${b}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${b}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    },
  };
}

/** The keys Entra signs access tokens with (v2.0 and v1 paths answer the same set). */
export function signingKeys(req: SimRequest, sim: Sim): SimResponse {
  const { tid } = tenantOf(req, sim);
  const { kty, n, e, kid } = sim.keys.entra.jwk;
  return {
    status: 200,
    body: { keys: [{ kty, use: 'sig', kid, n, e, issuer: `${sim.baseUrl}/${tid}/v2.0` }] },
  };
}
