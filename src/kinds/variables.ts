// Automation variables of the desired-state file (`variables:`; CONTRACT-NEXT section 3). Observe
// is one list of the account's variables (pages only, no read per variable); the diff is pure
// (variables-diff.ts); ownership and the encrypted values' fingerprints live at the end of the
// description (variables-marker.ts), since variables carry no tags.
import type { ApplyContext, EngineChange, ResourceKind } from '../engine/types.js';
import type { AutomationVariable } from '../clients/automation.js';
import { accountRef } from './automation-account.js';
import { AUTOMATION_ACCOUNT, OBSERVED, VARIABLE } from './names.js';
import {
  desiredVariables,
  diffVariables,
  type DesiredVariables,
  type ObservedVariable,
  type ObservedVariables,
  type VariableData,
} from './variables-diff.js';
import { fingerprintMatches, fingerprintOf, formatDescription, parseDescription } from './variables-marker.js';

declare module '../engine/types.js' {
  interface Desired {
    /** the file's variables; undefined without a desired-state file (the kind is off) */
    variables?: DesiredVariables;
  }
}

const ACTION = 'Microsoft.Automation/automationAccounts/variables';

async function observed(v: AutomationVariable, want: DesiredVariables): Promise<ObservedVariable> {
  const description = parseDescription(v.properties?.description);
  const encrypted = v.properties?.isEncrypted === true;
  const base = { name: v.name, encrypted, description };
  if (!encrypted) return { ...base, value: v.properties?.value ?? undefined };
  const desired = want.items.find((d) => d.name.toLowerCase() === v.name.toLowerCase());
  if (!desired?.encrypted) return base;
  const fp = description.fingerprint;
  return { ...base, valueMatches: fp !== undefined && (await fingerprintMatches(fp, desired.value)) };
}

export const variableKind: ResourceKind<ObservedVariables, VariableData> = {
  kind: VARIABLE,
  desire: ({ inputs }) => ({ variables: desiredVariables(inputs.config, process.env) }),
  enabled: (d) => d.variables !== undefined,
  dependsOn: () => [AUTOMATION_ACCOUNT],
  permissions: {
    armRead: (at) => [{ scope: at.scopeOf(at.desired.resourceGroup), action: `${ACTION}/read` }],
    armWrite: (c: EngineChange<VariableData>, at) => {
      const scope = at.scopeOf(at.desired.resourceGroup);
      const write = { scope, action: `${ACTION}/write` };
      const remove = { scope, action: `${ACTION}/delete` };
      if (c.data.write === 'delete') return [remove];
      return c.data.write === 'recreate' ? [remove, write] : [write];
    },
  },
  async observe(ctx) {
    // Listed at once (404 = [] under a missing account), as the runtime environments are.
    const [{ account }, list] = await Promise.all([
      ctx.get(OBSERVED.account),
      ctx.clients.automation.listVariables(accountRef(ctx.desired)),
    ]);
    if (!account) return { accountExists: false, variables: [] };
    const want = ctx.desired.variables ?? { items: [], prune: false };
    return { accountExists: true, variables: await Promise.all(list.map((v) => observed(v, want))) };
  },
  diff: (desired, obs) => diffVariables(desired.variables, obs),
  async apply(change: EngineChange<VariableData>, ctx: ApplyContext) {
    const ref = accountRef(ctx.desired);
    const d = change.data;
    const automation = ctx.clients.automation;
    if (d.write === 'delete' || d.write === 'recreate') await automation.deleteVariable(ref, change.name);
    if (d.write === 'delete') return;
    const value = d.value ?? '""';
    const fingerprint = d.encrypted ? await fingerprintOf(value) : undefined;
    const description = formatDescription(d.description ?? '', d.owned === true, fingerprint);
    if (d.write === 'patch') {
      await automation.patchVariable(ref, change.name, { name: change.name, properties: { value, description } });
    } else {
      await automation.putVariable(ref, change.name, {
        name: change.name,
        properties: { value, description, isEncrypted: d.encrypted === true },
      });
    }
  },
};
