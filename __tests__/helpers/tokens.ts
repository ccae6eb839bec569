// Access tokens for tests, signed with the simulator's own Entra key (the same key its token
// endpoint uses), so ARM and Graph accept them without going through sign-in.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { Simulator } from '../../simulator/server.js';
import { entraIssuer, signJwt } from '../../simulator/entra/tokens.js';

export interface TokenOptions {
  /** object id of the caller (default: the deploying app's service principal) */
  oid?: string;
  appid?: string;
  lifetimeSeconds?: number;
}

async function token(
  sim: Simulator,
  aud: string,
  extra: Record<string, unknown>,
  o: TokenOptions = {},
): Promise<string> {
  const s = sim.sim.state;
  return signJwt(
    sim.sim.keys.entra,
    {
      iss: entraIssuer(s.tenant.id),
      aud,
      tid: s.tenant.id,
      appid: o.appid ?? s.deployer.appId,
      oid: o.oid ?? s.deployer.servicePrincipalId,
      sub: o.oid ?? s.deployer.servicePrincipalId,
      idtyp: 'app',
      ...extra,
    },
    o.lifetimeSeconds ?? 3600,
  );
}

/** A token for https://management.azure.com as the deploying app. */
export function armToken(sim: Simulator, o?: TokenOptions): Promise<string> {
  return token(sim, 'https://management.azure.com', {}, o);
}

/** A token for https://graph.microsoft.com with `roles` (default: the deployer's Graph permissions). */
export function graphToken(sim: Simulator, roles?: string[], o?: TokenOptions): Promise<string> {
  return token(sim, 'https://graph.microsoft.com', { roles: roles ?? sim.sim.state.deployer.graphPermissions }, o);
}

/** A TokenCredential for Azure SDK clients that returns `armToken`. */
export function armCredential(sim: Simulator, o?: TokenOptions): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token: await armToken(sim, o), expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}
