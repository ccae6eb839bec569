// Phase 3: sign-in with GitHub OIDC and the run's clients, built once for reconcile, the apply
// lease and the smoke test. Without an OIDC token a plan stops after the offline checks.
import type { TokenCredential } from '@azure/core-auth';
import { createCredential, oidcAvailable, oidcUnavailableError } from '../auth/index.js';
import { createClientSet, type ClientSet } from '../clients/index.js';
import { log } from '../log/index.js';
import type { RunContext } from './context.js';

export interface Session {
  credential: TokenCredential;
  clients: ClientSet;
}

/** The session, or undefined when a plan cannot read Azure (no OIDC token: a fork's pull request). */
export function signIn({ inputs, mode }: RunContext): Session | undefined {
  if (!oidcAvailable()) {
    if (mode === 'plan') return undefined;
    throw oidcUnavailableError();
  }
  const credential = createCredential({
    tenantId: inputs.tenantId,
    clientId: inputs.clientId,
    audience: inputs.audience,
    authorityHost: inputs.endpoints.authorityHost,
    announce: (line) => log.info(line),
  });
  const clients = createClientSet({ endpoints: inputs.endpoints, subscriptionId: inputs.subscriptionId, credential });
  return { credential, clients };
}
