// The "Office 365 Exchange Online" service principal (appId 00000002-0000-0ff1-ce00-000000000000):
// the resource of the Exchange.ManageAsApp app role. Created in the tenant when missing.
import { isAlreadyExists } from '../clients/errors.js';
import { EXCHANGE_APP_ID, type GraphServicePrincipal } from '../clients/graph.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { EXCHANGE_SERVICE_PRINCIPAL, type ExchangeSpOutputs } from './names.js';
import { GRAPH_NEEDS } from '../engine/graph-needs.js';

export interface ObservedExchangeSp {
  sp?: GraphServicePrincipal;
}

export function diffExchangeSp(_desired: Desired, observed: ObservedExchangeSp): EngineChange[] {
  if (observed.sp) return [];
  return [
    {
      kind: EXCHANGE_SERVICE_PRINCIPAL,
      name: 'Office 365 Exchange Online',
      action: 'create',
      reason: `no service principal for appId ${EXCHANGE_APP_ID} in the tenant`,
      after: { appId: EXCHANGE_APP_ID },
    },
  ];
}

/** What the app role grant needs of the service principal. */
function spOutputs(sp: GraphServicePrincipal | undefined): ExchangeSpOutputs {
  return sp
    ? { sp: { id: sp.id, appRoles: (sp.appRoles ?? []).map((r) => ({ id: r.id, value: r.value ?? '' })) } }
    : {};
}

export const exchangeSpKind: ResourceKind<ObservedExchangeSp, unknown, ExchangeSpOutputs> = {
  kind: EXCHANGE_SERVICE_PRINCIPAL,
  dependsOn: () => [],
  permissions: { graphRead: [GRAPH_NEEDS.readServicePrincipals], graphWrite: [GRAPH_NEEDS.createServicePrincipal] },
  async observe(ctx) {
    return { sp: await ctx.clients.graph.findServicePrincipalByAppId(EXCHANGE_APP_ID) };
  },
  outputs: (observed) => spOutputs(observed.sp),
  diff: diffExchangeSp,
  async apply(_change: EngineChange, ctx: ApplyContext) {
    let sp: GraphServicePrincipal | undefined;
    try {
      sp = await ctx.clients.graph.createServicePrincipal(EXCHANGE_APP_ID);
    } catch (e) {
      // Created meanwhile (by hand or a concurrent run): adopt it.
      if (!isAlreadyExists(e)) throw e;
      sp = await ctx.clients.graph.findServicePrincipalByAppId(EXCHANGE_APP_ID);
    }
    return spOutputs(sp);
  },
};
