// Access tokens for the contract tests, signed with the simulator's Entra key exactly as its
// token endpoint would sign them (the tests exercise ARM and Graph, not sign-in).
import type { Simulator } from '../../simulator/server.js';
import { entraIssuer, signJwt } from '../../simulator/tokens.js';

function base(sim: Simulator, aud: string, roles?: string[]) {
  const s = sim.sim.state;
  return signJwt(
    sim.sim.keys.entra,
    {
      iss: entraIssuer(s.tenant.id),
      aud,
      tid: s.tenant.id,
      appid: s.deployer.appId,
      azp: s.deployer.appId,
      oid: s.deployer.servicePrincipalId,
      sub: s.deployer.servicePrincipalId,
      idtyp: 'app',
      ver: '1.0',
      ...(roles ? { roles } : {}),
    },
    s.config.tokenLifetimeSeconds,
  );
}

export function armToken(sim: Simulator): Promise<string> {
  return base(sim, 'https://management.azure.com');
}

/** Graph token; roles default to the deploying app's granted application permissions. */
export function graphToken(sim: Simulator, roles?: string[]): Promise<string> {
  return base(sim, 'https://graph.microsoft.com', roles ?? sim.sim.state.deployer.graphPermissions);
}
