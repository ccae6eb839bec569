// Automation variables (variable.json 2024-10-23): PUT 201/200, PATCH (value, description), GET,
// DELETE (200 only), list. `value` is a JSON-serialised string (the examples send and return
// "\"ComputerName.domain.com\""): stored and returned byte for byte. An encrypted variable's value
// is kept in the private `sim` field and never returned: GET, list and the PUT/PATCH answers
// leave `value` out (the swagger marks it optional; Azure hides encrypted values).
import { automationError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { AA, AA_TYPE, childId, requireAccount } from './automation-common.js';
import { API_VERSIONS, arm, automationTime, getResource, guard, putResource, requireObject } from './common.js';
import { registerChildReads, requireChild, type ChildKind } from './child-routes.js';

/**
 * Type as the other Automation children spell it (".../AutomationAccounts/Runbooks"); the
 * variable examples show no `type` at all (DERIVED by analogy with the recorded schedule type).
 */
const TYPE = 'Microsoft.Automation/AutomationAccounts/Variables';

function opts(req: SimRequest, verb: string, name = req.params.variable) {
  return {
    versions: API_VERSIONS.automation,
    apiType: 'automationAccounts/variables',
    id: childId(req, `variables${name ? '/' + name : ''}`),
    action: `${AA_TYPE}/variables/${verb}`,
  };
}

/** The public body: `value` only for a variable that is not encrypted. */
export function variableView(r: ArmResource): Record<string, unknown> {
  const p = r.properties ?? {};
  const encrypted = p.isEncrypted === true;
  return {
    id: r.id,
    name: r.name,
    type: TYPE,
    properties: {
      creationTime: p.creationTime,
      lastModifiedTime: p.lastModifiedTime,
      isEncrypted: encrypted,
      ...(encrypted ? {} : { value: r.sim?.value ?? null }),
      // null when never set, as the 'First 100' list example shows (facts file)
      description: p.description ?? null,
    },
  };
}

const VARIABLES: ChildKind = {
  parentPattern: AA,
  parent: requireAccount,
  segment: 'variables',
  param: 'variable',
  opts: (req, verb, name) => opts(req, verb, name),
  show: (_sim, r) => variableView(r),
  // Variable_Delete declares 200 only (variable.json); as for modules, also when it is not there.
  // nextLink '...&$skip=100' (the saved list examples, azure-specs facts file)
  skipParam: '$skip',
  deleteMissingStatus: 200,
  cascade: false,
};

/** 400 for a member of the wrong JSON type (simulator wording, CONSTRUCTED). */
function typeError(name: string, want: string) {
  return automationError(400, 'BadRequest', `The property '${name}' must be a ${want}.`);
}

function checkMembers(p: Record<string, any>, allowed: string[]): void {
  for (const k of allowed) {
    const v = p[k];
    if (v === undefined || v === null) continue;
    if (k === 'isEncrypted' ? typeof v !== 'boolean' : typeof v !== 'string')
      throw typeError(k, k === 'isEncrypted' ? 'boolean' : 'string');
  }
}

function touch(sim: Sim, r: ArmResource): void {
  r.properties = { ...r.properties, lastModifiedTime: automationTime(sim.now()) };
}

export function registerVariables(router: Router): void {
  const item = `${AA}/variables/:variable`;

  router.add(
    'PUT',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const account = requireAccount(req, sim);
      const body = requireObject(req.json(), 'parameters');
      // VariableCreateOrUpdateParameters requires name and properties (simulator wording, CONSTRUCTED)
      if (!body.properties || typeof body.properties !== 'object')
        throw automationError(400, 'BadRequest', 'The properties of the variable are required.');
      const p = body.properties as Record<string, any>;
      checkMembers(p, ['value', 'description', 'isEncrypted']);
      const id = `${account.id}/variables/${req.params.variable}`;
      const existing = getResource(sim, id);
      const now = automationTime(sim.now());
      const r: ArmResource = existing
        ? structuredClone(existing)
        : { id, name: req.params.variable, type: TYPE, properties: { creationTime: now } };
      // An encrypted variable stays encrypted: Azure documents no way back to plain text
      // (UNVERIFIED: the answer to a PUT that tries is not in the sources read).
      const encrypted = existing?.properties?.isEncrypted === true || p.isEncrypted === true;
      r.properties = {
        ...r.properties,
        isEncrypted: encrypted,
        description: p.description ?? null,
      };
      r.sim = { ...r.sim, value: p.value ?? null };
      touch(sim, r);
      putResource(sim, r);
      return { status: existing ? 200 : 201, body: variableView(r) };
    }),
  );

  router.add(
    'PATCH',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const r = requireChild(VARIABLES, req, sim);
      const body = requireObject(req.json(), 'parameters');
      const p = (body.properties ?? {}) as Record<string, any>;
      // VariableUpdateProperties: value and description only
      checkMembers(p, ['value', 'description']);
      if (p.value !== undefined) r.sim = { ...r.sim, value: p.value };
      if (p.description !== undefined) r.properties = { ...r.properties, description: p.description };
      touch(sim, r);
      return { status: 200, body: variableView(r) };
    }),
  );

  registerChildReads(router, VARIABLES);
}
