// Shared pieces of the Microsoft.Automation routes: paths, the parent account, errors.
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { getResource, requireRg, resourceNotFound, storedRgName } from './common.js';

export const AA = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Automation/automationAccounts/:acc';
export const AA_TYPE = 'Microsoft.Automation/automationAccounts';

/** The account id as requested (authorization scope) and as stored (echoing stored casing). */
export function accountIds(req: SimRequest, sim: Sim): { requested: string; stored: string } {
  const requested = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/${AA_TYPE}/${req.params.acc}`;
  const existing = getResource(sim, requested);
  const rgName = storedRgName(sim, req.params.sub, req.params.rg);
  return {
    requested,
    stored:
      existing?.id ??
      `/subscriptions/${sim.state.subscriptionId}/resourceGroups/${rgName}/providers/${AA_TYPE}/${req.params.acc}`,
  };
}

/** The parent account or 404 ResourceNotFound (after the resource group check). */
export function requireAccount(req: SimRequest, sim: Sim): ArmResource {
  requireRg(sim, req.params.sub, req.params.rg);
  const a = getResource(sim, accountIds(req, sim).requested);
  if (!a) throw resourceNotFound(`${AA_TYPE}/${req.params.acc}`, req.params.rg);
  return a;
}

/** 404 for a child of an account, e.g. ('runbooks', name). */
export function childNotFound(req: SimRequest, path: string) {
  return resourceNotFound(`${AA_TYPE}/${req.params.acc}/${path}`, req.params.rg);
}

/** Requested child id (for authorization) below the account. */
export function childId(req: SimRequest, rest: string): string {
  return `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/${AA_TYPE}/${req.params.acc}/${rest}`;
}
