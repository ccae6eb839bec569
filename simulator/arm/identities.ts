// Microsoft.ManagedIdentity (2024-11-30 and the older versions of API_VERSIONS.msi): user-assigned identities and a resource's system
// identity (azure-specs README 2.2; ManagedIdentity.json and its examples).
import { createManagedIdentityPrincipal, deleteServicePrincipal } from '../entra/directory.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import {
  API_VERSIONS,
  arm,
  getResource,
  guard,
  locationRequired,
  page,
  putResource,
  requireObject,
  requireRg,
  resourceNotFound,
  storedRgName,
} from './common.js';
import { systemClientId, type StoredIdentity } from './identity-model.js';
import { registerGroupChildReads } from './child-routes.js';
import { identityView } from './identity-versions.js';

const TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const BASE = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities';

function target(req: SimRequest, sim: Sim) {
  // The RP spells the segment 'resourcegroups' in ids it returns (IdentityCreate.json).
  const rgName = storedRgName(sim, req.params.sub, req.params.rg);
  return {
    id: `/subscriptions/${sim.state.subscriptionId}/resourcegroups/${rgName}/providers/${TYPE}/${req.params.name}`,
    requested:
      `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/${TYPE}/${req.params.name ?? ''}`.replace(
        /\/$/,
        '',
      ),
  };
}

const opts = (id: string, verb: string) => ({
  versions: API_VERSIONS.msi,
  apiType: 'userAssignedIdentities',
  id,
  action: `${TYPE}/${verb}`,
});

function notFound(req: SimRequest) {
  return resourceNotFound(`${TYPE}/${req.params.name}`, req.params.rg);
}

export function registerIdentities(router: Router): void {
  router.add(
    'PUT',
    `${BASE}/:name`,
    arm(async (req, sim) => {
      const t = target(req, sim);
      const { apiVersion } = await guard(req, sim, opts(t.requested, 'write'));
      const rg = requireRg(sim, req.params.sub, req.params.rg);
      const body = requireObject(req.json(), 'parameters');
      if (!body.location) throw locationRequired();
      const existing = getResource(sim, t.id);
      let r: ArmResource;
      if (existing) {
        r = existing;
        r.tags = body.tags ?? {};
        if (body.properties?.isolationScope)
          r.properties = { ...r.properties, isolationScope: body.properties.isolationScope };
      } else {
        const id = t.id.replace(/resourcegroups\/[^/]+/, `resourcegroups/${rg.name}`);
        const { principalId, clientId } = createManagedIdentityPrincipal(sim, req.params.name, id);
        r = {
          id,
          name: req.params.name,
          type: TYPE,
          location: body.location,
          tags: body.tags ?? {},
          properties: {
            tenantId: sim.state.tenant.id,
            principalId,
            clientId,
            isolationScope: body.properties?.isolationScope ?? 'None',
          },
        };
        putResource(sim, r);
      }
      return { status: existing ? 200 : 201, body: identityView(r, apiVersion) };
    }),
  );

  router.add(
    'PATCH',
    `${BASE}/:name`,
    arm(async (req, sim) => {
      const t = target(req, sim);
      const { apiVersion } = await guard(req, sim, opts(t.requested, 'write'));
      const r = getResource(sim, t.id);
      if (!r) throw notFound(req);
      const body = requireObject(req.json(), 'parameters');
      if (body.tags) r.tags = body.tags;
      if (body.properties?.isolationScope)
        r.properties = { ...r.properties, isolationScope: body.properties.isolationScope };
      return { status: 200, body: identityView(r, apiVersion) };
    }),
  );

  registerGroupChildReads(router, {
    item: `${BASE}/:name`,
    pathType: TYPE,
    type: TYPE,
    ids: (req, sim) => {
      const t = target(req, sim);
      return { requested: t.requested, stored: t.id };
    },
    opts,
    notFound,
    beforeDelete: (sim, r) => {
      if (r.properties?.principalId) deleteServicePrincipal(sim, r.properties.principalId);
    },
    show: identityView,
  });

  router.add(
    'GET',
    `/subscriptions/:sub/providers/${TYPE}`,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, opts(`/subscriptions/${req.params.sub}`, 'read'));
      const items = Object.values(sim.state.arm).filter((r) => r.type === TYPE);
      return {
        status: 200,
        body: page(
          req,
          sim,
          items.map((r) => identityView(r, apiVersion)),
        ),
      };
    }),
  );

  // The system-assigned identity of a resource: GET {scope}/providers/Microsoft.ManagedIdentity/identities/default
  router.add(
    'GET',
    '/subscriptions/:sub/resourceGroups/:rg/providers/:ns/:type/:name/providers/Microsoft.ManagedIdentity/identities/default',
    arm(async (req, sim) => {
      const scope = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/${req.params.ns}/${req.params.type}/${req.params.name}`;
      await guard(req, sim, {
        versions: API_VERSIONS.msi,
        apiType: 'identities',
        id: scope,
        action: 'Microsoft.ManagedIdentity/identities/read',
      });
      const r = getResource(sim, scope);
      const identity = r?.identity as StoredIdentity | undefined;
      if (!r || !identity?.principalId)
        throw resourceNotFound(
          `${req.params.ns}/${req.params.type}/${req.params.name}/providers/Microsoft.ManagedIdentity/identities/default`,
          req.params.rg,
        );
      const id = `${r.id}/providers/Microsoft.ManagedIdentity/identities/default`;
      const clientId = systemClientId(sim, identity.principalId);
      return {
        status: 200,
        body: {
          id,
          name: r.name,
          type: 'Microsoft.ManagedIdentity/identities',
          location: r.location,
          properties: {
            tenantId: identity.tenantId,
            principalId: identity.principalId,
            clientId,
            clientSecretUrl: `https://control-${String(r.location ?? 'eastus')
              .replace(/\s+/g, '')
              .toLowerCase()}.identity.azure.net${id}/credentials?tid=${identity.tenantId}&oid=${identity.principalId}&aid=${clientId}`,
          },
        },
      };
    }),
  );
}
