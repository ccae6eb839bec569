// The Automation account and its managed identity. The identity is always sent whole: a PATCH
// to "SystemAssigned" drops user-assigned identities, so identities the account already has
// (including ones this action does not manage) are kept.
import type { AccountIdentity, AccountRef, AutomationAccount } from '../clients/automation.js';
import { ConfigError } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { AUTOMATION_ACCOUNT, RESOURCE_GROUP, USER_ASSIGNED_IDENTITY, OBSERVED } from './names.js';
import { groupExists } from './resource-group.js';
import { holderNeeds } from './identity-needs.js';
import { createdHolderOutputs, hasSystem, holderOutputs, observeClientId } from './identity-holder.js';
import type { HolderOutputs } from './names.js';

export interface ObservedAccount {
  account?: AutomationAccount;
  /** a system-assigned identity's client id (read beside the observation) */
  clientId?: Promise<string | undefined>;
}

export interface IdentityBody {
  type: string;
  userAssignedIdentities?: Record<string, Record<string, never>>;
}

export function accountRef(desired: Desired): AccountRef {
  return { subscriptionId: desired.subscriptionId, resourceGroup: desired.resourceGroup, account: desired.accountName };
}

function userIds(identity: AccountIdentity | undefined): string[] {
  if (!/userassigned/i.test(identity?.type ?? '')) return [];
  return Object.keys(identity?.userAssignedIdentities ?? {});
}

/** Whether the account's identity already carries what the action wants. */
export function identitySatisfied(desired: Desired, identity: AccountIdentity | undefined): boolean {
  if (desired.identity.type === 'system-assigned') return hasSystem(identity);
  const want = desired.identity.resourceId.toLowerCase();
  return userIds(identity).some((id) => id.toLowerCase() === want);
}

/** Existing identities plus the wanted one, as one body. Pure. */
export function combinedIdentity(desired: Desired, existing: AccountIdentity | undefined): IdentityBody {
  const system = hasSystem(existing) || desired.identity.type === 'system-assigned';
  const ids = userIds(existing);
  if (desired.identity.type === 'user-assigned' && !identitySatisfied(desired, existing)) {
    ids.push(desired.identity.resourceId);
  }
  const types = [system ? 'SystemAssigned' : '', ids.length ? 'UserAssigned' : ''].filter(Boolean);
  const body: IdentityBody = { type: types.join(', ') || 'None' };
  if (ids.length) body.userAssignedIdentities = Object.fromEntries(ids.map((id) => [id, {}]));
  return body;
}

function describeIdentity(desired: Desired): string {
  return desired.identity.type === 'system-assigned'
    ? 'a system-assigned identity'
    : `user-assigned identity ${desired.identity.name}`;
}

/** What apply sends: the identity whole (and the location of a new account). */
interface AccountData {
  identity: IdentityBody;
  location?: string;
}

export function diffAccount(desired: Desired, observed: ObservedAccount): EngineChange<AccountData>[] {
  const { account } = observed;
  if (!account) {
    if (!desired.createMissing) {
      throw new ConfigError([
        `Automation account "${desired.accountName}" does not exist in resource group "${desired.resourceGroup}" and \`create-missing\` is false: create it, or set \`create-missing: true\` with a \`location\``,
      ]);
    }
    if (!desired.location) {
      throw new ConfigError([
        `Automation account "${desired.accountName}" must be created: set the \`location\` input (an Azure region such as westeurope)`,
      ]);
    }
    const identity = combinedIdentity(desired, undefined);
    return [
      {
        kind: AUTOMATION_ACCOUNT,
        name: desired.accountName,
        action: 'create',
        reason: `missing; with ${describeIdentity(desired)}`,
        after: { location: desired.location, identity },
        data: { location: desired.location, identity },
      },
    ];
  }
  if (identitySatisfied(desired, account.identity)) return [];
  const identity = combinedIdentity(desired, account.identity);
  const disabled = !account.identity || /^none$/i.test(account.identity.type ?? 'None');
  return [
    {
      kind: AUTOMATION_ACCOUNT,
      name: desired.accountName,
      action: 'update',
      reason:
        desired.identity.type === 'system-assigned'
          ? `system-assigned identity ${disabled ? 'is disabled' : 'is missing'}; enable it (identity ${identity.type})`
          : `attach user-assigned identity ${desired.identity.name} (identity ${identity.type})`,
      before: { identity: account.identity?.type ?? 'None' },
      after: { identity },
      data: { identity },
    },
  ];
}

export const automationAccountKind: ResourceKind<ObservedAccount, AccountData, HolderOutputs> = {
  kind: AUTOMATION_ACCOUNT,
  dependsOn: (d) => (d.identity.type === 'user-assigned' ? [RESOURCE_GROUP, USER_ASSIGNED_IDENTITY] : [RESOURCE_GROUP]),
  permissions: {
    armRead: (at) => [
      { scope: at.scopeOf(at.desired.resourceGroup), action: 'Microsoft.Automation/automationAccounts/read' },
    ],
    armWrite: (_c, at) => holderNeeds(at, 'Microsoft.Automation/automationAccounts/write'),
  },
  async observe(ctx) {
    // Read at once, not after the group: under a missing group ARM answers 404, which costs a
    // request but no round trip, while the common case (all exists) saves one.
    const [groups, account] = await Promise.all([
      ctx.get(OBSERVED.resourceGroups),
      ctx.clients.automation.getAccount(accountRef(ctx.desired)),
    ]);
    if (!groupExists(groups, ctx.desired.resourceGroup)) return {};
    return { account, clientId: observeClientId(ctx.clients.graph, ctx.desired, account?.identity) };
  },
  outputs: (observed, desired) => holderOutputs(observed.account, observed.clientId, desired),
  diff: diffAccount,
  async apply(change: EngineChange<AccountData>, ctx: ApplyContext) {
    const ref = accountRef(ctx.desired);
    const { identity, location } = change.data;
    const result =
      change.action === 'create'
        ? await ctx.clients.automation.putAccount(ref, {
            location,
            identity,
            properties: { sku: { name: 'Basic' } },
          })
        : await ctx.clients.automation.patchAccount(ref, { identity });
    return createdHolderOutputs(ctx, result?.location ?? location, result?.identity);
  },
};
