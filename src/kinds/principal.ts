// The identity's service principal object id (principalId), from whichever resource owns it,
// and the bounded wait for Entra to replicate a new principal to Graph.
import { AzureError } from '../errors.js';
import { heartbeatState } from '../log/heartbeat.js';
import type { ApplyContext, Desired, ObserveContext } from '../engine/types.js';
import { hasSystem } from './identity-holder.js';
import type { ReadClients } from '../clients/index.js';
import { outputRef, type OutputRef } from '../engine/types.js';
import { AUTOMATION_ACCOUNT, USER_ASSIGNED_IDENTITY, VM, OBSERVED, type IdentityOutputs } from './names.js';

/** The kind whose observation yields the principal. */
export function identityKindOf(desired: Desired): string {
  if (desired.identity.type !== 'system-assigned') return USER_ASSIGNED_IDENTITY;
  return desired.resourceType === 'vm' ? VM : AUTOMATION_ACCOUNT;
}

/** The identity's outputs, from whichever kind holds it. */
export function identityOutputs(desired: Desired): OutputRef<IdentityOutputs> {
  return outputRef<IdentityOutputs>(identityKindOf(desired));
}

/**
 * A system-assigned identity's client id: the appId of its service principal. Started at once
 * (observation: the principal exists; a failure surfaces where the report awaits it).
 */
export function clientIdOf(graph: ReadClients['graph'], principalId: string): Promise<string | undefined> {
  const read = unlessNotReplicated(graph.getServicePrincipal(principalId), undefined).then((sp) => sp?.appId);
  read.catch(() => {}); // awaited by the report; never an unhandled rejection meanwhile
  return read;
}

/**
 * The client id of a system-assigned identity this run made: read once asked (by the report,
 * after the other changes), waiting within the replication bound for Entra to show it.
 */
export function clientIdOnceReplicated(ctx: ApplyContext, principalId: string): PromiseLike<string | undefined> {
  let read: Promise<string | undefined> | undefined;
  return {
    then(onFulfilled, onRejected) {
      read ??= withReplicationRetry(ctx, "read the new identity's client id", async () => {
        const sp = await ctx.clients.graph.getServicePrincipal(principalId);
        if (!sp) throw notYetVisible();
        return sp.appId;
      }).catch((e) => (isNotReplicated(e) ? undefined : Promise.reject(e)));
      return read.then(onFulfilled, onRejected);
    },
  };
}

/** Graph answers 404 for a principal it does not see yet (getServicePrincipal maps it to undefined). */
function notYetVisible(): AzureError {
  return new AzureError({
    service: 'Graph',
    status: 404,
    code: 'Request_ResourceNotFound',
    message: "The new identity's service principal is not visible in Microsoft Graph yet.",
  });
}

export async function observedPrincipalId(ctx: ObserveContext): Promise<string | undefined> {
  if (ctx.desired.identity.type === 'user-assigned') {
    const { identity } = await ctx.get(OBSERVED.userAssignedIdentity);
    return identity?.principalId;
  }
  const identity =
    ctx.desired.resourceType === 'vm'
      ? (await ctx.get(OBSERVED.vm)).vm?.identity
      : (await ctx.get(OBSERVED.account)).account?.identity;
  return hasSystem(identity) ? identity?.principalId : undefined;
}

/**
 * Graph's ways of saying "this principal does not exist (yet)". An app role grant to a managed
 * identity created moments before answers 400 Request_BadRequest "Not a valid reference update."
 * until Entra has replicated it (microsoftgraph/msgraph-bicep-types issue 193; Microsoft's own
 * setup scripts retry it: "Configuration changes haven't propagated").
 */
export function isNotReplicated(err: unknown): boolean {
  if (!(err instanceof AzureError)) return false;
  if (err.status === 404 || err.code === 'Request_ResourceNotFound') return true;
  // A principal or resource SP that has not replicated yet is "invalid" to Graph for a while
  // (an app role missing from the resource, "not found on application", is not replication).
  return (
    err.status === 400 &&
    /not a valid reference update|does not exist|not found(?! on application)|invalid principal|property '(principalId|resourceId)'/i.test(
      err.serviceMessage,
    )
  );
}

/** A Graph read about a principal, or `absent` while Graph does not see the principal yet. */
export async function unlessNotReplicated<T>(read: Promise<T>, absent: T): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (isNotReplicated(e)) return absent;
    throw e;
  }
}

/** Retry `fn` while Graph does not see a new principal yet, with bounded backoff. */
export async function withReplicationRetry<T>(ctx: ApplyContext, what: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ctx.options.replicationTimeoutMs;
  let delay = ctx.options.replicationInitialMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isNotReplicated(e) || Date.now() + delay > deadline) throw e;
      heartbeatState(`Entra has not replicated the new principal yet (attempt ${attempt})`);
      ctx.log.debug(`${what}: Graph does not see the principal yet; retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 8000);
    }
  }
}

export function requirePrincipal(ctx: ApplyContext): string {
  const id = ctx.output(identityOutputs(ctx.desired))?.principalId;
  if (!id) {
    throw new AzureError({
      service: 'ARM',
      status: 0,
      code: 'IdentityMissing',
      message: 'The managed identity has no principal id after it was created; re-run the workflow.',
    });
  }
  return id;
}
