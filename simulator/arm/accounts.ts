// Automation accounts (azure-specs README 2.3, createOrUpdateAutomationAccount.json) with the
// managed-identity behaviour of automation-account-identity.facts.json.
import type { Router } from '../router.js';
import type { ArmResource, SimRequest } from '../types.js';
import { AA, AA_TYPE, accountIds } from './automation-common.js';
import {
  API_VERSIONS,
  arm,
  automationTime,
  deleteResource,
  descendants,
  getResource,
  guard,
  locationRequired,
  putResource,
  requireObject,
  requireRg,
  resourceNotFound,
} from './common.js';
import { applyIdentity, releaseIdentity } from './identity-model.js';
import { accountView } from './automation-versions.js';
import { registerGroupChildReads } from './child-routes.js';

const TYPE = 'Microsoft.Automation/AutomationAccounts';
const opts = (id: string, verb: string) => ({
  versions: API_VERSIONS.automation,
  apiType: 'automationAccounts',
  id,
  action: `${AA_TYPE}/${verb}`,
});

function notFound(req: SimRequest) {
  return resourceNotFound(`${AA_TYPE}/${req.params.acc}`, req.params.rg);
}

export function registerAccounts(router: Router): void {
  router.add(
    'PUT',
    AA,
    arm(async (req, sim) => {
      const ids = accountIds(req, sim);
      const { claims, apiVersion } = await guard(req, sim, opts(ids.requested, 'write'));
      requireRg(sim, req.params.sub, req.params.rg);
      const body = requireObject(req.json(), 'parameters');
      if (!body.location) throw locationRequired();
      const existing = getResource(sim, ids.stored);
      const now = sim.now();
      const props = body.properties ?? {};
      const r: ArmResource = existing
        ? structuredClone(existing)
        : {
            id: ids.stored,
            name: req.params.acc,
            type: TYPE,
            location: body.location,
            tags: {},
            // Accounts carry "etag": null (recordings of azure-sdk-for-net, -python and the CLI).
            etag: null,
            properties: { creationTime: automationTime(now) },
            sim: { createdAt: now },
          };
      r.tags = body.tags ?? {};
      r.properties = {
        ...r.properties,
        sku: props.sku ?? r.properties?.sku ?? { name: 'Basic' },
        state: 'Ok',
        lastModifiedBy: claims.appid ?? claims.oid,
        lastModifiedTime: automationTime(now),
        ...(props.publicNetworkAccess !== undefined ? { publicNetworkAccess: props.publicNetworkAccess } : {}),
        ...(props.disableLocalAuth !== undefined ? { disableLocalAuth: props.disableLocalAuth } : {}),
      };
      // PUT replaces the identity when one is sent; without one the current identity is kept.
      if (body.identity) applyIdentity(sim, r, body.identity, 'put');
      putResource(sim, r);
      return { status: existing ? 200 : 201, body: accountView(r, apiVersion) };
    }),
  );

  router.add(
    'PATCH',
    AA,
    arm(async (req, sim) => {
      const ids = accountIds(req, sim);
      const { claims, apiVersion } = await guard(req, sim, opts(ids.requested, 'write'));
      const existing = getResource(sim, ids.stored);
      if (!existing) throw notFound(req);
      const body = requireObject(req.json(), 'parameters');
      const r = structuredClone(existing);
      if (body.tags) r.tags = body.tags;
      const props = body.properties ?? {};
      r.properties = {
        ...r.properties,
        ...(props.sku ? { sku: props.sku } : {}),
        ...(props.publicNetworkAccess !== undefined ? { publicNetworkAccess: props.publicNetworkAccess } : {}),
        ...(props.disableLocalAuth !== undefined ? { disableLocalAuth: props.disableLocalAuth } : {}),
        lastModifiedBy: claims.appid ?? claims.oid,
        lastModifiedTime: automationTime(sim.now()),
      };
      if (body.identity) applyIdentity(sim, r, body.identity, 'patch');
      putResource(sim, r);
      return { status: 200, body: accountView(r, apiVersion) };
    }),
  );

  registerGroupChildReads(router, {
    item: AA,
    pathType: AA_TYPE,
    type: TYPE,
    ids: accountIds,
    opts,
    notFound,
    beforeDelete: (sim, r) => {
      for (const c of descendants(sim, r.id)) deleteResource(sim, c.id);
      releaseIdentity(sim, r);
    },
    show: accountView,
  });
}
