// Phase 1: the reads the desired state needs (gallery versions for 'latest'), the Graph token's
// permissions and the ARM token, all at once; then the desired state.
import type { TokenCredential } from '@azure/core-auth';
import type { ReadClients } from '../../clients/index.js';
import { AuthError } from '../../errors.js';
import { addModules } from '../../modules/desired.js';
import { cachedLookup } from '../../modules/lookup.js';
import type { DiscoveredRunbook } from '../../kinds/runbook/discover.js';
import type { Inputs } from '../../types.js';
import { buildDesired } from '../desire.js';
import { EXO_MODULE } from '../desired.js';
import { graphRoles, missingGraphPermissions } from '../preflight.js';
import type { Desired } from '../types.js';

export interface Prepared {
  desired: Desired;
  /** the deploying app's Graph roles; undefined when the preflight is skipped */
  roles: Awaited<ReturnType<typeof graphRoles>> | undefined;
  /** warnings of the desired state (known module conflicts) */
  warnings: string[];
}

export async function prepare(
  inputs: Inputs,
  readers: ReadClients,
  credential: TokenCredential,
  opts: { skipPreflight?: boolean; runbooks?: DiscoveredRunbook[] },
): Promise<Prepared> {
  const [gallery, roles] = await Promise.all([
    inputs.moduleVersion === 'latest' ? readers.gallery.versions(EXO_MODULE) : Promise.resolve(undefined),
    opts.skipPreflight ? Promise.resolve(undefined) : graphRoles(credential, inputs.endpoints.graphScope),
    // as the ARM pipeline's bearer policy asks for it (CAE), so that its first request finds it cached
    credential.getToken(inputs.endpoints.armScope, { enableCae: true }),
  ]);
  const desired: Desired = buildDesired(inputs, gallery, opts.runbooks);
  // gallery reads for `modules` only when it lists some (reads only; every problem before any write)
  const warnings = desired.vm ? [] : await addModules(desired, inputs.modules, cachedLookup(readers.gallery));
  if (roles) {
    const missingReads = missingGraphPermissions(roles, [], false);
    if (missingReads.length) {
      throw new AuthError(
        `The deploying app ${inputs.clientId} cannot read what the plan needs in Microsoft Graph:\n` +
          missingReads
            .map((p) => `  - grant ${p} (Microsoft Graph application permission) and admin-consent it`)
            .join('\n'),
        { code: 'Authorization_RequestDenied' },
      );
    }
  }
  return { desired, roles, warnings };
}
