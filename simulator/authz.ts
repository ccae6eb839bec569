// Microsoft.Authorization "permissions" (Permissions_ListForResourceGroup / the subscription
// form, api-version 2022-04-01): the caller's effective actions at a scope, as
// {value:[{actions, notActions, dataActions, notDataActions}]}. Derived from
// state.deployer.armWriteScopes (Contributor: actions "*" minus its notActions) and
// armReadScopes (Reader: "*/read"), counting only grants at or above the scope, as ARM does.
import { covers, getResource, MISSING_API_VERSION, requireSubscription, resourceGroupNotFound } from './arm/common.js';
import { armError } from './http-error.js';
import type { Router } from './router.js';
import { verifyAccessToken } from './entra/tokens.js';
import type { Sim, SimRequest, SimResponse } from './types.js';

export const AUTHORIZATION_API_VERSIONS = ['2022-04-01', '2018-07-01', '2018-01-01-preview', '2015-07-01'];

/** notActions of the built-in Contributor role. */
const CONTRIBUTOR_NOT_ACTIONS = [
  'Microsoft.Authorization/*/Delete',
  'Microsoft.Authorization/*/Write',
  'Microsoft.Authorization/elevateAccess/Action',
  'Microsoft.Blueprint/blueprintAssignments/write',
  'Microsoft.Blueprint/blueprintAssignments/delete',
  'Microsoft.Compute/galleries/share/action',
  'Microsoft.Purview/consents/write',
  'Microsoft.Purview/consents/delete',
  'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
  'Microsoft.Subscription/cancel/action',
  'Microsoft.Subscription/enable/action',
];

export function permissionsAt(sim: Sim, scope: string) {
  const d = sim.state.deployer;
  const value: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[] = [];
  if (d.armWriteScopes.some((g) => covers(g, scope))) {
    value.push({ actions: ['*'], notActions: [...CONTRIBUTOR_NOT_ACTIONS], dataActions: [], notDataActions: [] });
  }
  if (d.armReadScopes.some((g) => covers(g, scope))) {
    value.push({ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] });
  }
  return value;
}

async function list(req: SimRequest, sim: Sim): Promise<SimResponse> {
  const v = req.query.get('api-version');
  if (!v) throw armError(400, 'MissingApiVersionParameter', MISSING_API_VERSION);
  if (!AUTHORIZATION_API_VERSIONS.includes(v)) {
    throw armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${v}' for type 'permissions'. The supported api-versions are '${AUTHORIZATION_API_VERSIONS.join(', ')}'.`,
    );
  }
  await verifyAccessToken(req, sim, 'arm');
  const { sub, rg } = req.params;
  requireSubscription(sim, sub);
  let scope = `/subscriptions/${sub}`;
  if (rg !== undefined) {
    scope = `${scope}/resourceGroups/${rg}`;
    if (!getResource(sim, scope)) throw resourceGroupNotFound(rg);
  }
  return { status: 200, body: { value: permissionsAt(sim, scope) } };
}

export function registerAuthorization(router: Router): void {
  router.add('GET', '/subscriptions/:sub/providers/Microsoft.Authorization/permissions', list);
  router.add('GET', '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Authorization/permissions', list);
}
