// Entra's v1 OpenID configuration, `/{tenant}/.well-known/openid-configuration`, the document
// instance discovery names for a v1 authority. Fields and order as login.microsoftonline.com
// answers /common/.well-known/openid-configuration (recorded in AzureAD/MSIdentityTools,
// tests/Get-MsIdOpenIdProviderConfiguration.tests.ps1); a tenant's document carries the tenant id
// in its endpoints and issuer (shawntabrizi.com, "Get the Tenant ID for a Specific Azure
// Subscription ID", the microsoft.com tenant's v1 document), with this host in place of
// login.microsoftonline.com. The issuer is sts.windows.net, as in v1 access tokens.
import { tenantOf } from './metadata.js';
import { entraIssuer } from './tokens.js';
import type { Sim, SimRequest, SimResponse } from '../types.js';

const CLAIMS = [
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
  'amr',
  'nonce',
  'email',
  'given_name',
  'family_name',
  'nickname',
];

export function openIdConfigurationV1(req: SimRequest, sim: Sim): SimResponse {
  const { segment, multi, tid } = tenantOf(req, sim);
  const b = `${sim.baseUrl}/${multi ? segment : tid}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${b}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      // Always the common key set, for a tenant too (both sources above).
      jwks_uri: `${sim.baseUrl}/common/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid'],
      issuer: entraIssuer(tid),
      microsoft_multi_refresh_token: true,
      authorization_endpoint: `${b}/oauth2/authorize`,
      device_authorization_endpoint: `${b}/oauth2/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${b}/oauth2/logout`,
      claims_supported: CLAIMS,
      check_session_iframe: `${b}/oauth2/checksession`,
      userinfo_endpoint: `${b}/openid/userinfo`,
      kerberos_endpoint: `${b}/kerberos`,
      // null for the multi-tenant document; a tenant's region scope otherwise (the simulator's tenant is in NA).
      tenant_region_scope: multi ? null : 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    },
  };
}
