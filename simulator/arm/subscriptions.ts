// Microsoft.Resources subscriptions: `GET /subscriptions` and `GET /subscriptions/{id}`, which
// `az login` (and any client that lists subscriptions) calls first. Shape of the spec examples
// GetSubscriptions.json / GetSubscription.json (azure-rest-api-specs, resources
// Microsoft.Resources/stable/2022-12-01); `count` as ARM answers the list
// (goshlanguage/cerulean pkg/services/subscriptions/README.md, a recorded 2020-01-01 answer).
import { armError } from '../http-error.js';
import type { Router } from '../router.js';
import { verifyAccessToken } from '../entra/tokens.js';
import type { Sim, SimRequest } from '../types.js';
import { API_VERSIONS, arm, checkApiVersion, key } from './common.js';

/** The name the simulator gives its one subscription (constructed; Azure shows what its owner chose). */
export const SUBSCRIPTION_DISPLAY_NAME = 'exo-automation simulator';

function subscriptionBody(sim: Sim) {
  const id = sim.state.subscriptionId;
  return {
    id: `/subscriptions/${id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: id,
    tenantId: sim.state.tenant.id,
    displayName: SUBSCRIPTION_DISPLAY_NAME,
    state: 'Enabled',
    // A pay-as-you-go subscription's policies (the cerulean recording above).
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

/** ARM lists a subscription to a principal that holds a role anywhere in it (or above it). */
function canSee(sim: Sim): boolean {
  const sub = key(`/subscriptions/${sim.state.subscriptionId}`);
  const d = sim.state.deployer;
  return [...d.armReadScopes, ...d.armWriteScopes].some((s) => {
    const k = key(s);
    // '' is the root scope '/', above every subscription.
    return k === sub || k.startsWith(sub + '/') || sub.startsWith(k + '/') || k === '';
  });
}

async function authenticate(req: SimRequest, sim: Sim): Promise<void> {
  checkApiVersion(req, API_VERSIONS.resources, 'subscriptions');
  await verifyAccessToken(req, sim, 'arm');
}

export function registerSubscriptions(router: Router): void {
  router.add(
    'GET',
    '/subscriptions',
    arm(async (req, sim) => {
      await authenticate(req, sim);
      const value = canSee(sim) ? [subscriptionBody(sim)] : [];
      return { status: 200, body: { value, count: { type: 'Total', value: value.length } } };
    }),
  );

  router.add(
    'GET',
    '/subscriptions/:sub',
    arm(async (req, sim) => {
      await authenticate(req, sim);
      if (req.params.sub.toLowerCase() !== sim.state.subscriptionId.toLowerCase() || !canSee(sim)) {
        // The answer for a subscription that does not exist or that the caller cannot see is the same.
        throw armError(404, 'SubscriptionNotFound', `The subscription '${req.params.sub}' could not be found.`);
      }
      return { status: 200, body: subscriptionBody(sim) };
    }),
  );
}
