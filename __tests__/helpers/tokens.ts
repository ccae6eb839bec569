// Access tokens for tests that call ARM or Graph on the simulator directly, signed with the
// simulated Entra's key, with the claims Entra puts in app-only tokens (tid, appid, oid, roles).
import type { Simulator } from '../../simulator/server.js';
import { entraIssuer, signJwt } from '../../simulator/tokens.js';

function claims(sim: Simulator, aud: string, roles?: string[]) {
  const s = sim.sim.state;
  return {
    iss: entraIssuer(s.tenant.id),
    aud,
    tid: s.tenant.id,
    appid: s.deployer.appId,
    azp: s.deployer.appId,
    oid: s.deployer.servicePrincipalId,
    sub: s.deployer.servicePrincipalId,
    idtyp: 'app',
    ...(roles ? { roles } : {}),
  };
}

/** A token for https://management.azure.com as the deploying app. */
export function armToken(sim: Simulator): Promise<string> {
  return signJwt(sim.sim.keys.entra, claims(sim, 'https://management.azure.com'), 3600);
}

/**
 * A token for https://graph.microsoft.com as the deploying app; `roles` defaults to its granted
 * Graph application permissions (state.deployer.graphPermissions). Pass [] for a token without roles.
 */
export function graphToken(sim: Simulator, roles?: string[]): Promise<string> {
  const r = roles ?? sim.sim.state.deployer.graphPermissions;
  return signJwt(sim.sim.keys.entra, claims(sim, 'https://graph.microsoft.com', r.length ? r : undefined), 3600);
}
