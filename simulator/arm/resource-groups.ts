// Microsoft.Resources resource groups (azure-specs README 2.1; CreateResourceGroup.json).
import { armError } from '../http-error.js';
import type { ArmResource } from '../types.js';
import type { Router as SimRouter } from '../router.js';
import {
  API_VERSIONS,
  arm,
  descendants,
  deleteResource,
  getResource,
  guard,
  locationRequired,
  page,
  putResource,
  requireObject,
  resourceGroupBeingDeleted,
  resourceGroupNotFound,
  view,
} from './common.js';
import { releaseIdentity } from './identity-model.js';
import { acceptedHeaders, createOperation, newOperationId } from './operations.js';

const RG = '/subscriptions/:sub/resourcegroups/:rg';
const opts = (id: string, verb: string) => ({
  versions: API_VERSIONS.resources,
  apiType: 'resourceGroups',
  id,
  action: `Microsoft.Resources/subscriptions/resourceGroups/${verb}`,
  requireResourceGroup: false,
});

function rgView(r: ArmResource) {
  const body = view(r);
  return body;
}

export function registerResourceGroups(router: SimRouter): void {
  router.add(
    'HEAD',
    RG,
    arm(async (req, sim) => {
      const id = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}`;
      await guard(req, sim, opts(id, 'read'));
      return { status: getResource(sim, id) ? 204 : 404 };
    }),
  );

  router.add(
    'GET',
    RG,
    arm(async (req, sim) => {
      const id = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}`;
      await guard(req, sim, opts(id, 'read'));
      const r = getResource(sim, id);
      if (!r) throw resourceGroupNotFound(req.params.rg);
      return { status: 200, body: rgView(r) };
    }),
  );

  router.add(
    'PUT',
    RG,
    arm(async (req, sim) => {
      const id = `/subscriptions/${sim.state.subscriptionId}/resourceGroups/${req.params.rg}`;
      await guard(req, sim, opts(`/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}`, 'write'));
      const body = requireObject(req.json(), 'parameters');
      if (!body.location) throw locationRequired();
      const existing = getResource(sim, id);
      if (existing?.sim?.deletingUntil !== undefined) throw resourceGroupBeingDeleted(existing.name);
      if (existing && norm(existing.location) !== norm(body.location)) {
        throw armError(
          409,
          'InvalidResourceGroupLocation',
          `Invalid resource group location '${body.location}'. The Resource group already exists in location '${existing.location}'.`,
        );
      }
      const r: ArmResource = {
        id: existing?.id ?? id,
        name: existing?.name ?? req.params.rg,
        type: 'Microsoft.Resources/resourceGroups',
        location: existing?.location ?? body.location,
        ...(body.tags ? { tags: body.tags } : {}),
        ...(body.managedBy ? { managedBy: body.managedBy } : {}),
        properties: { provisioningState: 'Succeeded' },
        sim: existing?.sim ?? {},
      };
      putResource(sim, r);
      return { status: existing ? 200 : 201, body: rgView(r) };
    }),
  );

  router.add(
    'PATCH',
    RG,
    arm(async (req, sim) => {
      const id = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}`;
      await guard(req, sim, opts(id, 'write'));
      const r = getResource(sim, id);
      if (!r) throw resourceGroupNotFound(req.params.rg);
      const body = requireObject(req.json(), 'parameters');
      if (body.tags) r.tags = body.tags;
      return { status: 200, body: rgView(r) };
    }),
  );

  router.add(
    'DELETE',
    RG,
    arm(async (req, sim) => {
      const id = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}`;
      const { apiVersion } = await guard(req, sim, opts(id, 'delete'));
      const r = getResource(sim, id);
      if (!r) throw resourceGroupNotFound(req.params.rg);
      // Children go at once (their identities' service principals with them); the group itself
      // reports Deleting until the operation ends.
      for (const child of descendants(sim, r.id)) {
        releaseIdentity(sim, child);
        deleteResource(sim, child.id);
      }
      const done = sim.now() + sim.state.config.lroMs;
      r.sim = { ...r.sim, deletingUntil: done };
      r.properties = { ...r.properties, provisioningState: 'Deleting' };
      const location = createOperation(
        req,
        sim,
        `/subscriptions/${sim.state.subscriptionId}/operationresults/${newOperationId()}`,
        apiVersion,
        {
          mode: 'location',
          final: { status: 200 },
        },
      );
      return { status: 202, headers: acceptedHeaders(sim, location) };
    }),
  );

  router.add(
    'GET',
    '/subscriptions/:sub/resourcegroups',
    arm(async (req, sim) => {
      const sub = `/subscriptions/${req.params.sub}`;
      await guard(req, sim, { ...opts(sub, 'read'), action: 'Microsoft.Resources/subscriptions/resourceGroups/read' });
      const all = Object.values(sim.state.arm).filter((r) => r.type === 'Microsoft.Resources/resourceGroups');
      return { status: 200, body: page(req, sim, all.map(rgView)) };
    }),
  );
}

function norm(location: unknown): string {
  return String(location ?? '')
    .toLowerCase()
    .replace(/\s+/g, '');
}
