// Automation accounts (azure-specs README 2.3, createOrUpdateAutomationAccount.json) with the
// managed-identity behaviour of automation-account-identity.facts.json.
import { randomUUID } from 'node:crypto';
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

/**
 * The sku as the RP answers it: `{name, family: null, capacity: null}`, and a requested "Free"
 * answered as "Basic" (both SDK recordings send Free and receive Basic).
 */
function sku(requested: { name?: string } | undefined): Record<string, unknown> {
  const name = !requested?.name || /^free$/i.test(requested.name) ? 'Basic' : requested.name;
  return { name, family: null, capacity: null };
}

/** Region codes of the agent service host names seen in recordings; others are CONSTRUCTED. */
const REGION_CODES: Record<string, string> = { eastus2: 'eus2', westus2: 'wus2' };

/**
 * What the RP adds to every account answer (azure-sdk-for-net ReplaceContentRunbookDraft().json,
 * azure-cli-extensions test_automation_runtime_environment.yaml): registration and hybrid-worker
 * URLs built from the account's own id, the encryption settings and the built-in Az versions.
 */
function serviceProperties(r: ArmResource, location: string): Record<string, unknown> {
  const agent = (r.sim!.agentId ??= randomUUID()) as string;
  const key = location.toLowerCase().replace(/\s+/g, '');
  const region = REGION_CODES[key] ?? key;
  return {
    RegistrationUrl: `https://${agent}.agentsvc.${region}.azure-automation.net/accounts/${agent}`,
    automationHybridServiceUrl: `https://${agent}.jrds.${region}.azure-automation.net/automationAccounts/${agent}`,
    encryption: r.properties?.encryption ?? {
      keySource: 'Microsoft.Automation',
      identity: { userAssignedIdentity: null },
    },
    RuntimeConfiguration: {
      powershell: { builtinModules: { Az: '8.0.0' } },
      powershell7: { builtinModules: { Az: '8.0.0' } },
      powershell72: { builtinModules: { Az: '8.3.0' } },
    },
  };
}

function notFound(req: SimRequest) {
  return resourceNotFound(`${AA_TYPE}/${req.params.acc}`, req.params.rg);
}

export function registerAccounts(router: Router): void {
  router.add(
    'PUT',
    AA,
    arm(async (req, sim) => {
      const ids = accountIds(req, sim);
      const { apiVersion } = await guard(req, sim, opts(ids.requested, 'write'));
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
        ...serviceProperties(r, body.location),
        sku: sku(props.sku ?? r.properties?.sku),
        state: 'Ok',
        lastModifiedBy: null,
        lastModifiedTime: automationTime(now),
        disableLocalAuth: props.disableLocalAuth ?? r.properties?.disableLocalAuth ?? false,
        ...(props.publicNetworkAccess !== undefined ? { publicNetworkAccess: props.publicNetworkAccess } : {}),
      };
      r.systemData = {
        createdAt: automationTime(r.sim?.createdAt ?? now),
        lastModifiedAt: automationTime(now),
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
      const { apiVersion } = await guard(req, sim, opts(ids.requested, 'write'));
      const existing = getResource(sim, ids.stored);
      if (!existing) throw notFound(req);
      const body = requireObject(req.json(), 'parameters');
      const r = structuredClone(existing);
      if (body.tags) r.tags = body.tags;
      const props = body.properties ?? {};
      r.properties = {
        ...r.properties,
        ...(props.sku ? { sku: sku(props.sku) } : {}),
        ...(props.publicNetworkAccess !== undefined ? { publicNetworkAccess: props.publicNetworkAccess } : {}),
        ...(props.disableLocalAuth !== undefined ? { disableLocalAuth: props.disableLocalAuth } : {}),
        lastModifiedBy: null,
        lastModifiedTime: automationTime(sim.now()),
      };
      r.systemData = { ...r.systemData, lastModifiedAt: automationTime(sim.now()) };
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
