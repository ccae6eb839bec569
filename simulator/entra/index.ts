// Entra ID (login.microsoftonline.com) on the simulator's host: MSAL instance discovery, the
// tenant's OpenID configuration (v2.0 and v1) and keys, and the token endpoint (v2.0 and v1).
import { instanceDiscovery } from './discovery.js';
import { openIdConfiguration, signingKeys } from './metadata.js';
import { openIdConfigurationV1 } from './metadata-v1.js';
import { tokenEndpoint } from './token.js';
import type { Router } from '../router.js';

export function registerEntra(router: Router): void {
  router.add('GET', '/common/discovery/instance', instanceDiscovery);
  router.add('GET', '/:tenant/v2.0/.well-known/openid-configuration', openIdConfiguration);
  router.add('GET', '/:tenant/.well-known/openid-configuration', openIdConfigurationV1);
  router.add('GET', '/:tenant/discovery/v2.0/keys', signingKeys);
  router.add('GET', '/:tenant/discovery/keys', signingKeys);
  router.add('POST', '/:tenant/oauth2/v2.0/token', (req, sim) => tokenEndpoint(req, sim, 'v2'));
  router.add('POST', '/:tenant/oauth2/token', (req, sim) => tokenEndpoint(req, sim, 'v1'));
}
