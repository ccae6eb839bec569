// The structural check used where no swagger is saved (Graph, Compute): the answer must carry
// every property of the documented example's body, with the same JSON type, recursively.
// Values are not compared. Example placeholders (null, or strings like "<object-id>") match any
// type, because the doc marks them as illustrative.

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jsonType(v: unknown): JsonType {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

function isPlaceholder(v: unknown): boolean {
  return v === null || (typeof v === 'string' && /^<.*>$/s.test(v.trim()));
}

export interface StructuralOptions {
  /**
   * Lenient mode (ARM resources whose example properties depend on configuration, e.g. a VM's
   * availabilitySet): only these paths must be present (array indexes written `*`); other
   * missing properties are warnings. Type mismatches are errors in both modes.
   */
  required?: string[];
}

/** `warnings` collects empty arrays where the example has elements (nothing to compare). */
export function structuralErrors(
  expected: unknown,
  actual: unknown,
  path = '',
  warnings?: string[],
  opts: StructuralOptions = {},
): string[] {
  if (isPlaceholder(expected)) return [];
  const et = jsonType(expected);
  const at = jsonType(actual);
  if (et !== at) {
    // Graph and ARM properties are nullable: null where the example shows a scalar is a warning.
    if (at === 'null' && et !== 'object' && et !== 'array') {
      warnings?.push(`${path}: null, the example has ${et}`);
      return [];
    }
    return [`${path || '(root)'}: expected ${et} (as in the example) but got ${at}`];
  }
  if (et === 'array') {
    const ex = expected as unknown[];
    const ac = actual as unknown[];
    if (ex.length === 0) return [];
    // Nested arrays may legitimately be empty (nothing to compare); a top-level collection was
    // seeded, so an empty one means the seeded object is missing.
    if (ac.length === 0) {
      if (path === '/value') return [`${path}: empty collection, the example has ${ex.length} element(s)`];
      warnings?.push(`${path}: empty array, the example has ${ex.length} element(s)`);
      return [];
    }
    const out: string[] = [];
    ac.forEach((item, i) => {
      // Elements may differ in shape (e.g. different role definitions): an element passes when it
      // matches any example element; otherwise report against the closest one.
      const tries = ex.map((e) => structuralErrors(e, item, `${path}/${i}`, warnings, opts));
      if (tries.some((t) => t.length === 0)) return;
      out.push(...tries.reduce((a, b) => (b.length < a.length ? b : a)));
    });
    return out;
  }
  if (et === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
      const a = actual as Record<string, unknown>;
      const at = `${path}/${k}`;
      if (!(k in a)) {
        const msg = `${at}: missing (example has ${jsonType(v)})`;
        if (!opts.required || opts.required.includes(at.replace(/\/\d+(?=\/|$)/g, '/*'))) out.push(msg);
        else warnings?.push(msg);
      } else out.push(...structuralErrors(v, a[k], at, warnings, opts));
    }
    return out;
  }
  return [];
}
