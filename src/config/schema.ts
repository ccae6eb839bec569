// Validates the parsed file against exo-automation.schema.json (all errors at once) and words each
// ajv error as what the place accepts.
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../exo-automation.schema.json' with { type: 'json' };
import { pointerToPath, type KeyPath } from './positions.js';

export interface SchemaProblem {
  path: KeyPath;
  /** a key of the map at `path` the problem is about (unknown or missing key) */
  key?: string;
  message: string;
}

const validate = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);

function words(e: ErrorObject): { key?: string; message: string } {
  const parent = (e.parentSchema ?? {}) as { properties?: object; description?: string };
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(parent.properties ?? {});
      const key = String(p.additionalProperty);
      return { key, message: `unknown key "${key}"; accepted keys: ${known.join(', ')}` };
    }
    case 'required':
      return { message: `missing required key "${String(p.missingProperty)}"` };
    case 'enum':
      return {
        message: `${JSON.stringify(e.data)} is not accepted; expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { message: `${JSON.stringify(e.data)} is not accepted; expected ${JSON.stringify(p.allowedValue)}` };
    case 'type':
      return { message: `${JSON.stringify(e.data)} is not accepted; expected ${[p.type].flat().join(', ')}` };
    case 'pattern':
    case 'anyOf':
      return {
        message: `${JSON.stringify(e.data)} is not accepted; expected ${parent.description ?? e.message ?? ''}`,
      };
    default:
      return { message: `${JSON.stringify(e.data)} is not accepted; it ${e.message ?? ''}` };
  }
}

/** Schema problems of `data`; an `anyOf` reports once, not once per branch. */
export function schemaProblems(data: unknown): SchemaProblem[] {
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((e) => !e.schemaPath.includes('/anyOf/'));
  const seen = new Set<string>();
  return errors.flatMap((e) => {
    const w = words(e);
    const id = `${e.instancePath}|${w.key ?? ''}|${w.message}`;
    if (seen.has(id)) return [];
    seen.add(id);
    return [{ path: pointerToPath(e.instancePath), ...w }];
  });
}
