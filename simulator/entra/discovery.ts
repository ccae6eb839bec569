// MSAL instance discovery, `GET /common/discovery/instance?authorization_endpoint=...`, as
// login.microsoftonline.com answers it (Azure/azure-sdk-for-js recording
// sdk/resources/arm-resources/recordings/node/resources_test/recording_resourcegroups_list_test.js):
// the tenant's discovery document and the cloud alias groups. Known instances are Entra's own
// hosts and this simulator's host; any other answers invalid_instance (AADSTS50049).
import { aadsts, AADSTS } from './errors.js';
import { header } from '../request-header.js';
import type { Sim, SimRequest, SimResponse } from '../types.js';

/** Entra's clouds and their aliases, as recorded. */
const CLOUD_METADATA = [
  {
    preferred_network: 'login.microsoftonline.com',
    preferred_cache: 'login.windows.net',
    aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
  },
  {
    preferred_network: 'login.partner.microsoftonline.cn',
    preferred_cache: 'login.partner.microsoftonline.cn',
    aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
  },
  {
    preferred_network: 'login.microsoftonline.de',
    preferred_cache: 'login.microsoftonline.de',
    aliases: ['login.microsoftonline.de'],
  },
  {
    preferred_network: 'login.microsoftonline.us',
    preferred_cache: 'login.microsoftonline.us',
    aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
  },
  {
    preferred_network: 'login-us.microsoftonline.com',
    preferred_cache: 'login-us.microsoftonline.com',
    aliases: ['login-us.microsoftonline.com'],
  },
];

/** The origin of the discovery documents for `authz`'s host, or undefined when the instance is unknown. */
function instanceOrigin(sim: Sim, url: URL): string | undefined {
  // Instances are known by host name: MSAL Python sends the authority's host without its port
  // (msal/authority.py builds "https://{instance}{path}/oauth2/v2.0/authorize").
  if (url.hostname === new URL(sim.baseUrl).hostname) return sim.baseUrl;
  if (CLOUD_METADATA.some((c) => c.aliases.includes(url.hostname.toLowerCase()))) return `https://${url.hostname}`;
  return undefined;
}

export function instanceDiscovery(req: SimRequest, sim: Sim): SimResponse {
  const host = new URL(sim.baseUrl).host;
  const authz = req.query.get('authorization_endpoint');
  let origin = sim.baseUrl;
  let tenant = 'common';
  let v2 = true;
  if (authz) {
    let url: URL | undefined;
    try {
      url = new URL(authz);
    } catch {
      url = undefined;
    }
    const known = url && instanceOrigin(sim, url);
    if (!url || !known) {
      const [code, text] = AADSTS.unknownInstance();
      throw aadsts(400, 'invalid_instance', code, text, sim.now(), header(req, 'client-request-id'));
    }
    origin = known;
    tenant = url.pathname.split('/').filter(Boolean)[0] ?? 'common';
    // A v1 authorize endpoint (/oauth2/authorize) discovers the v1 document, a v2.0 one the v2.0
    // document: MSAL Python asks with .../oauth2/v2.0/authorize, its alias lookup with
    // https://login.microsoftonline.com/common/oauth2/authorize (msal/application.py 1.21).
    v2 = /\/oauth2\/v2\.0\//i.test(url.pathname);
  }
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${origin}/${tenant}${v2 ? '/v2.0' : ''}/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }, ...CLOUD_METADATA],
    },
  };
}
