// Turns a dereferenced swagger 2.0 response schema into ajv validators. Swagger schemas are
// draft-04 style with Autorest extensions; the mapping follows what Azure's own response
// validator (oav) does:
// - `x-nullable: true`, and any non-required property without `x-nullable: false`, may be null
//   (ARM services return null for unset optional properties, as the spec examples show);
// - `readOnly` is an annotation (responses carry read-only properties);
// - an enum with `x-ms-enum.modelAsString: true` is extensible: a value outside it is a warning,
//   not a contract break;
// - `type: file` is any payload; Autorest formats (int32, int64, double, uuid, date-time, uri,
//   duration, arm-id, unixtime, byte, ...) are checked when they have a meaning, else accepted.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object in some loaders.
const addFormats: (ajv: Ajv) => Ajv = ((addFormatsModule as any).default ?? addFormatsModule) as any;

export interface SchemaCheck {
  /** contract violations */
  errors: string[];
  /** extensible-enum values outside the known list */
  warnings: string[];
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, allowUnionTypes: true });
  addFormats(ajv);
  // ARM resource ids: an absolute ARM path.
  ajv.addFormat('arm-id', { type: 'string', validate: (s: string) => /^\/(subscriptions|providers)\//i.test(s) });
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  for (const f of [
    'base64url',
    'password',
    'file',
    'decimal',
    'char',
    'date-time-rfc1123',
    'url',
    'object',
    'duration-constant',
  ]) {
    if (!ajv.formats[f]) ajv.addFormat(f, true);
  }
  return ajv;
}

export interface AjvMapping {
  /** drop extensible enums (x-ms-enum.modelAsString) */
  relaxEnums: boolean;
  /**
   * 'response': non-required properties may be null, readOnly is an annotation.
   * 'request': only x-nullable properties may be null; a readOnly property must not be sent
   * (oav's READONLY_PROPERTY_NOT_ALLOWED_IN_REQUEST) and is never required.
   */
  direction: 'response' | 'request';
}

/**
 * A copy of `schema` in the form ajv validates.
 * Dereferenced swaggers share sub-objects (a DAG); the memo keeps the copy a DAG too.
 */
export function toAjvSchema(schema: any, m: AjvMapping, memo = new Map<any, any>(), active = new Set<any>()): any {
  if (!schema || typeof schema !== 'object') return schema;
  const rec = (x: any) => toAjvSchema(x, m, memo, active);
  if (Array.isArray(schema)) return schema.map(rec);
  const cached = memo.get(schema);
  if (cached) return cached;
  // Recursive definitions (ErrorDetail.details -> ErrorDetail) are object cycles after
  // dereferencing; ajv needs a tree, so the recursion is cut: the nested level accepts anything.
  if (active.has(schema)) return {};
  active.add(schema);
  const request = m.direction === 'request';
  const out: any = {};
  for (const [k, v] of Object.entries<any>(schema)) {
    if (k.startsWith('x-') || k === 'description' || k === 'example' || k === 'discriminator') continue;
    if (k === 'properties') {
      const required: string[] = Array.isArray(schema.required) ? schema.required : [];
      out.properties = {};
      for (const [name, sub] of Object.entries<any>(v)) {
        if (request && sub?.readOnly === true && !hasWritableChild(sub)) {
          out.properties[name] = { not: {} };
          continue;
        }
        const nullable =
          sub?.['x-nullable'] === true || (!request && !required.includes(name) && sub?.['x-nullable'] !== false);
        out.properties[name] = nullable ? orNull(rec(sub)) : rec(sub);
      }
    } else if (k === 'required') {
      out.required = request ? v.filter((n: string) => schema.properties?.[n]?.readOnly !== true) : v;
    } else if (k === 'items' || k === 'additionalProperties') {
      out[k] = typeof v === 'object' && v?.['x-nullable'] === true ? orNull(rec(v)) : rec(v);
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      out[k] = v.map(rec);
    } else if (k === 'enum') {
      if (!(m.relaxEnums && schema['x-ms-enum']?.modelAsString === true)) out.enum = v;
    } else if (k === 'type' && v === 'file') {
      // any payload
    } else {
      out[k] = v;
    }
  }
  active.delete(schema);
  memo.set(schema, out);
  return out;
}

/**
 * A read-only container with writable members (IdentityUpdate.properties is readOnly but holds
 * the updatable isolationScope, and Microsoft's own IdentityUpdate example sends it): only its
 * read-only members are enforced.
 */
function hasWritableChild(schema: any): boolean {
  const props = { ...(schema?.properties ?? {}) };
  for (const a of schema?.allOf ?? []) Object.assign(props, a?.properties ?? {});
  return Object.values<any>(props).some((p) => p?.readOnly !== true);
}

function orNull(s: any): any {
  return { anyOf: [s, { type: 'null' }] };
}

function isNullAlternative(e: ErrorObject): boolean {
  return e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null';
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (
    (errors ?? [])
      // The nullable wrapper (anyOf [T, null]) adds "must be null" and "must match a schema in
      // anyOf" beside the real error; keep the real one.
      .filter(
        (e) => !(e.keyword === 'anyOf' && errors?.some((o) => o !== e && o.instancePath.startsWith(e.instancePath))),
      )
      .filter(
        (e) =>
          !(
            isNullAlternative(e) &&
            errors?.some(
              (o) =>
                o !== e && !isNullAlternative(o) && o.keyword !== 'anyOf' && o.instancePath.startsWith(e.instancePath),
            )
          ),
      )
      .map((e) =>
        e.keyword === 'not'
          ? `${e.instancePath} is read-only and must not be sent`
          : `${e.instancePath || '(root)'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`,
      )
  );
}

export class SchemaValidator {
  private ajv = makeAjv();
  private cache = new Map<string, Map<any, { contract: ValidateFunction; strict: ValidateFunction }>>();

  private compile(schema: any, direction: AjvMapping['direction']) {
    const byDir = this.cache.get(direction) ?? new Map();
    this.cache.set(direction, byDir);
    let v = byDir.get(schema);
    if (!v) {
      v = {
        contract: this.ajv.compile(toAjvSchema(schema, { relaxEnums: true, direction })),
        strict: this.ajv.compile(toAjvSchema(schema, { relaxEnums: false, direction })),
      };
      byDir.set(schema, v);
    }
    return v;
  }

  /** Validates a response body (or, with direction 'request', a request body). */
  check(schema: any, body: unknown, direction: AjvMapping['direction'] = 'response'): SchemaCheck {
    const { contract, strict } = this.compile(schema, direction);
    if (!contract(body)) return { errors: describe(contract.errors), warnings: [] };
    const warnings = strict(body) ? [] : describe(strict.errors).map((w) => `extensible enum: ${w}`);
    return { errors: [], warnings };
  }
}

/**
 * Properties present in `body` that the schema does not declare (shallow per object level),
 * reported as warnings: swagger response models allow them, but they usually mean the
 * simulator invented or misspelled a field.
 */
export function undeclaredProperties(schema: any, body: unknown, path = ''): string[] {
  if (!schema || typeof schema !== 'object' || body === null || typeof body !== 'object') return [];
  const parts = [schema, ...(schema.allOf ?? [])];
  if (Array.isArray(body)) {
    const items = schema.items;
    return items ? body.flatMap((b, i) => undeclaredProperties(items, b, `${path}/${i}`)) : [];
  }
  const props: Record<string, any> = {};
  const collect = (s: any) => {
    Object.assign(props, s?.properties ?? {});
    for (const a of s?.allOf ?? []) collect(a);
  };
  for (const p of parts) collect(p);
  const free = parts.some((p) => p.additionalProperties);
  if (Object.keys(props).length === 0) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (props[k]) out.push(...undeclaredProperties(props[k], v, `${path}/${k}`));
    else if (!free) out.push(`${path}/${k}`);
  }
  return out;
}
