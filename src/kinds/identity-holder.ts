// What the account and the VM (the kinds that can hold a system-assigned identity) produce for
// their dependants: the identity's ids and the location their children take.
import type { AccountIdentity } from '../clients/automation.js';
import type { ReadClients } from '../clients/index.js';
import type { ApplyContext, Desired } from '../engine/types.js';
import type { HolderOutputs } from './names.js';
import { clientIdOf, clientIdOnceReplicated } from './principal.js';

/** Whether an account's or VM's identity includes the system-assigned one. */
export function hasSystem(identity: AccountIdentity | undefined): boolean {
  return /systemassigned/i.test(identity?.type ?? '');
}

/** The system identity's client id read beside the observation (undefined: nothing to read). */
export function observeClientId(
  graph: ReadClients['graph'],
  desired: Desired,
  identity: AccountIdentity | undefined,
): Promise<string | undefined> | undefined {
  if (desired.identity.type !== 'system-assigned' || !hasSystem(identity) || !identity?.principalId) return undefined;
  return clientIdOf(graph, identity.principalId);
}

/** As observed. For user-assigned the identity's ids come from the identity resource itself. */
export function holderOutputs(
  holder: { location?: string; identity?: AccountIdentity } | undefined,
  clientId: Promise<string | undefined> | undefined,
  desired: Desired,
): HolderOutputs {
  if (!holder) return {};
  if (desired.identity.type !== 'system-assigned' || !hasSystem(holder.identity)) return { location: holder.location };
  return { location: holder.location, principalId: holder.identity?.principalId, clientId };
}

/** What a PUT or PATCH of the holder made: a new system identity has new ids (its client id once Entra shows it). */
export function createdHolderOutputs(
  ctx: ApplyContext,
  location: string | undefined,
  identity: AccountIdentity | undefined,
): HolderOutputs {
  const out: HolderOutputs = location ? { location } : {};
  if (ctx.desired.identity.type !== 'system-assigned') return out;
  const principalId = identity?.principalId;
  return { ...out, principalId, clientId: principalId ? clientIdOnceReplicated(ctx, principalId) : undefined };
}
