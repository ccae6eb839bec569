// The `$filter` of Automation list operations (jobs, job schedules). The swaggers do not define
// the grammar; the clause forms are the ones Microsoft's Az.Automation client sends
// (azure-specs automation-schedules-assets-jobs.facts.json, jobsList.filterSemantics, DERIVED):
//   properties/runbook/name eq '<name>'   properties/status eq '<status>'
//   properties/startTime ge <datetime>    properties/endTime le <datetime>
// joined with " and ". Az.Automation escapes names with Uri.EscapeDataString inside the quotes,
// so quoted values are percent-decoded once more. Strings compare without regard to case, as
// Automation names do; a time clause never matches a null time (OData null semantics).
import { automationError } from '../http-error.js';

export type Op = 'eq' | 'ne' | 'ge' | 'gt' | 'le' | 'lt';

export interface Clause {
  /** e.g. 'properties/runbook/name' (lower case) */
  path: string;
  op: Op;
  /** quoted values as text; unquoted ones are date-times (epoch ms) */
  value: string | number;
}

/** 400 for a filter this simulator cannot read (wording CONSTRUCTED: the service's is not in the sources). */
function invalid(filter: string, why: string) {
  return automationError(400, 'BadRequest', `Invalid $filter '${filter}': ${why}.`);
}

const CLAUSE = /^\s*([A-Za-z]+(?:\/[A-Za-z]+)*)\s+(eq|ne|ge|gt|le|lt)\s+('(?:[^']|'')*'|datetime'[^']*'|[^\s']+)\s*$/i;

function splitAnd(filter: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === "'") quoted = !quoted;
    if (!quoted && /^\s+and\s+/i.test(filter.slice(i)) && /\s/.test(ch)) {
      const m = /^\s+and\s+/i.exec(filter.slice(i))!;
      parts.push(cur);
      cur = '';
      i += m[0].length - 1;
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  return parts;
}

function parseTime(raw: string): number {
  const text = raw.replace(/^datetime'|'$/gi, '').replace(/(\.\d{3})\d+/, '$1');
  return Date.parse(text);
}

/** The clauses of `filter` whose paths are in `allowed`; 400 for anything else. */
export function parseFilter(filter: string | null, allowed: Record<string, 'string' | 'time'>): Clause[] {
  if (!filter || !filter.trim()) return [];
  return splitAnd(filter).map((part) => {
    const m = CLAUSE.exec(part);
    if (!m) throw invalid(filter, `cannot read '${part.trim()}'`);
    const path = m[1].toLowerCase();
    const kind = allowed[path];
    if (!kind) throw invalid(filter, `'${m[1]}' is not one of ${Object.keys(allowed).join(', ')}`);
    const op = m[2].toLowerCase() as Op;
    const raw = m[3];
    if (kind === 'string') {
      if (!raw.startsWith("'") || !['eq', 'ne'].includes(op))
        throw invalid(filter, `'${m[1]}' takes eq or ne and a quoted value`);
      const inner = raw.slice(1, -1).replace(/''/g, "'");
      let value = inner;
      try {
        value = decodeURIComponent(inner);
      } catch {
        /* not percent-encoded */
      }
      return { path, op, value };
    }
    const ms = parseTime(raw);
    if (Number.isNaN(ms)) throw invalid(filter, `'${raw}' is not a date-time`);
    return { path, op, value: ms };
  });
}

/** Whether a value (string, ISO time text or null) satisfies every clause; `get` reads a path. */
export function matches(clauses: Clause[], get: (path: string) => string | null | undefined): boolean {
  return clauses.every((c) => {
    const v = get(c.path);
    if (typeof c.value === 'string') {
      const same = (v ?? '').toLowerCase() === c.value.toLowerCase();
      return c.op === 'eq' ? same : !same;
    }
    if (v === null || v === undefined) return false;
    const t = Date.parse(v);
    const x = c.value;
    return { eq: t === x, ne: t !== x, ge: t >= x, gt: t > x, le: t <= x, lt: t < x }[c.op];
  });
}
