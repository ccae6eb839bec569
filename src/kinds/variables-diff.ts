// The variable kind's desired state and diff (pure). Values are compared as Azure stores them: a
// JSON-encoded string ("abc" is stored as "\"abc\"", 90 as "90"). Encrypted values are never
// returned by Azure, so observe compares their fingerprint (variables-marker.ts) and the diff
// only says "value changed"; no plan text ever holds an encrypted value.
import type { DesiredState } from '../config/types.js';
import type { EngineChange } from '../engine/types.js';
import { VARIABLE } from './names.js';
import type { ParsedDescription } from './variables-marker.js';

export interface DesiredVariable {
  name: string;
  /** as Azure stores it: JSON-encoded */
  value: string;
  encrypted: boolean;
  /** without the ownership marker */
  description: string;
}

export interface DesiredVariables {
  items: DesiredVariable[];
  /** prune: true in the file: delete the variables this action created that the file no longer names */
  prune: boolean;
}

export interface ObservedVariable {
  name: string;
  encrypted: boolean;
  /** plain variables only, as Azure stores it */
  value?: string;
  description: ParsedDescription;
  /** encrypted and desired: whether its recorded fingerprint is of the desired value (false without one) */
  valueMatches?: boolean;
}

export interface ObservedVariables {
  accountExists: boolean;
  variables: ObservedVariable[];
}

/** What apply sends: put = create, patch = value/description, recreate = delete then put. */
export interface VariableData {
  write: 'put' | 'patch' | 'recreate' | 'delete';
  value?: string;
  encrypted?: boolean;
  description?: string;
  /** the ownership marker is written (created by this action, or it already carried it) */
  owned?: boolean;
}

/** The file's variables, values encoded as Azure stores them; from-env values read from `env`. */
export function desiredVariables(
  config: DesiredState | undefined,
  env: Record<string, string | undefined>,
): DesiredVariables | undefined {
  if (!config) return undefined;
  const items = Object.entries(config.variables).map(([name, v]) => {
    const raw = v['from-env'] !== undefined ? (env[v['from-env']] ?? '') : v.value!;
    return { name, value: JSON.stringify(raw), encrypted: v.encrypted, description: v.description ?? '' };
  });
  return { items, prune: config.prune };
}

/** Same value: byte for byte, or the same JSON scalar ("\"abc\"" and " \"abc\"" alike). */
export function sameValue(stored: string | undefined, wanted: string): boolean {
  if (stored === wanted) return true;
  if (stored === undefined) return false;
  try {
    const a: unknown = JSON.parse(stored);
    const b: unknown = JSON.parse(wanted);
    return a === b && (typeof a !== 'object' || a === null);
  } catch {
    return false;
  }
}

/** A plan-safe view: the value only when not encrypted, cut to 80 characters. */
function view(v: { value?: string; encrypted: boolean; description: string }) {
  const value = v.value !== undefined && v.value.length > 80 ? `${v.value.slice(0, 77)}...` : v.value;
  return { ...(v.encrypted ? {} : { value }), encrypted: v.encrypted, description: v.description };
}

function updateReasons(want: DesiredVariable, got: ObservedVariable): string[] {
  const reasons: string[] = [];
  if (want.encrypted) {
    if (got.valueMatches !== true) reasons.push('value changed');
  } else if (!sameValue(got.value, want.value)) {
    reasons.push('value differs');
  }
  if (got.description.text !== want.description) reasons.push('description differs');
  return reasons;
}

function changeFor(want: DesiredVariable, got: ObservedVariable | undefined): EngineChange<VariableData> | undefined {
  const data = { value: want.value, encrypted: want.encrypted, description: want.description };
  const after = view(want);
  if (!got) {
    return {
      kind: VARIABLE,
      name: want.name,
      action: 'create',
      reason: want.encrypted ? 'missing; encrypted' : 'missing',
      after,
      data: { write: 'put', ...data, owned: true },
    };
  }
  const owned = got.description.owned;
  const before = view({ value: got.value, encrypted: got.encrypted, description: got.description.text });
  if (got.encrypted !== want.encrypted) {
    return {
      kind: VARIABLE,
      name: want.name,
      action: 'update',
      reason: `${want.encrypted ? 'not encrypted' : 'encrypted'}; want ${want.encrypted ? 'encrypted' : 'plain'} (Azure cannot change that in place: deleted and created again)`,
      before,
      after,
      data: { write: 'recreate', ...data, owned },
    };
  }
  const reasons = updateReasons(want, got);
  if (reasons.length === 0) return undefined;
  return {
    kind: VARIABLE,
    name: want.name,
    action: 'update',
    reason: reasons.join('; '),
    before,
    after,
    data: { write: 'patch', ...data, owned },
  };
}

export function diffVariables(
  desired: DesiredVariables | undefined,
  observed: ObservedVariables,
): EngineChange<VariableData>[] {
  if (!desired) return [];
  const byName = new Map(observed.variables.map((v) => [v.name.toLowerCase(), v]));
  const changes = desired.items.flatMap((want) => changeFor(want, byName.get(want.name.toLowerCase())) ?? []);
  if (!desired.prune) return changes;
  const named = new Set(desired.items.map((v) => v.name.toLowerCase()));
  for (const got of observed.variables) {
    // only what this action created: a variable made by hand (no marker) always survives
    if (!got.description.owned || named.has(got.name.toLowerCase())) continue;
    changes.push({
      kind: VARIABLE,
      name: got.name,
      action: 'delete',
      reason: 'created by exo-automation and no longer in the file (prune: true)',
      before: view({ value: got.value, encrypted: got.encrypted, description: got.description.text }),
      data: { write: 'delete' },
    });
  }
  return changes;
}
