// The slice of OData v4 that Microsoft Graph's directory endpoints accept and the action uses:
// $filter with eq/ne/in joined by and/or (parentheses optional), $select, $top, $skiptoken,
// $count. Pure: parsing and evaluation only; callers turn ODataError into Graph's error bodies.

export type Literal = string | boolean | null | number;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'eq' | 'ne'; prop: string; value: Literal }
  | { kind: 'in'; prop: string; values: Literal[] };

/** A malformed or unsupported query; `code` and `message` are what Graph answers with (status 400). */
export class ODataError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Token =
  | { t: 'ident'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: '(' | ')' | ','; pos: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, pos: i });
      i++;
    } else if (c === "'") {
      // OData escapes a quote inside a string by doubling it.
      let v = '';
      const start = i++;
      for (;;) {
        if (i >= text.length) throw syntax(text, start, 'unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      out.push({ t: 'string', v, pos: start });
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!m) throw syntax(text, i, `unexpected '${c}'`);
      out.push({ t: 'number', v: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_@$]/.test(c)) {
      const m = /^[A-Za-z_@$][A-Za-z0-9_./@$]*/.exec(text.slice(i))!;
      out.push({ t: 'ident', v: m[0], pos: i });
      i += m[0].length;
    } else {
      throw syntax(text, i, `unexpected '${c}'`);
    }
  }
  return out;
}

function syntax(text: string, pos: number, what: string): ODataError {
  return new ODataError('BadRequest', `Invalid filter clause: Syntax error: ${what} at position ${pos} in '${text}'.`);
}

/** Parses a $filter expression. `and` binds tighter than `or`, as in OData. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let p = 0;
  const peekWord = (): string | undefined => {
    const tok = tokens[p];
    return tok?.t === 'ident' ? tok.v.toLowerCase() : undefined;
  };
  const posOf = () => tokens[p]?.pos ?? text.length;

  const literal = (): Literal => {
    const tok = tokens[p];
    if (!tok) throw syntax(text, text.length, 'expected a literal');
    p++;
    if (tok.t === 'string') return tok.v;
    if (tok.t === 'number') return tok.v;
    if (tok.t === 'ident') {
      const w = tok.v.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    throw syntax(text, tok.pos, 'expected a literal');
  };

  const comparison = (): FilterNode => {
    const tok = tokens[p];
    if (tok?.t === '(') {
      p++;
      const inner = orExpr();
      if (tokens[p]?.t !== ')') throw syntax(text, posOf(), "expected ')'");
      p++;
      return inner;
    }
    if (tok?.t !== 'ident') throw syntax(text, posOf(), 'expected a property name');
    p++;
    if (tokens[p]?.t === '(') {
      throw new ODataError('Request_UnsupportedQuery', `Unsupported query function '${tok.v}' in filter clause.`);
    }
    const op = peekWord();
    if (op === 'eq' || op === 'ne') {
      p++;
      return { kind: op, prop: tok.v, value: literal() };
    }
    if (op === 'in') {
      p++;
      if (tokens[p]?.t !== '(') throw syntax(text, posOf(), "expected '(' after 'in'");
      p++;
      const values: Literal[] = [literal()];
      while (tokens[p]?.t === ',') {
        p++;
        values.push(literal());
      }
      if (tokens[p]?.t !== ')') throw syntax(text, posOf(), "expected ')'");
      p++;
      return { kind: 'in', prop: tok.v, values };
    }
    if (op && ['gt', 'ge', 'lt', 'le', 'has'].includes(op)) {
      throw new ODataError('Request_UnsupportedQuery', `Unsupported operator '${op}' in filter clause.`);
    }
    throw syntax(text, posOf(), 'expected an operator');
  };

  const andExpr = (): FilterNode => {
    let left = comparison();
    while (peekWord() === 'and') {
      p++;
      left = { kind: 'and', left, right: comparison() };
    }
    return left;
  };

  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peekWord() === 'or') {
      p++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };

  if (tokens.length === 0) throw syntax(text, 0, 'empty expression');
  const node = orExpr();
  if (p < tokens.length) throw syntax(text, posOf(), 'unexpected token');
  return node;
}

/** Every property a filter names, in order of appearance. */
export function filterProperties(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterProperties(node.left), ...filterProperties(node.right)];
    default:
      return [node.prop];
  }
}

/** True when the filter pins `prop` to a value on every branch (what "filter on principalId" requires). */
export function constrains(node: FilterNode, prop: string): boolean {
  const p = prop.toLowerCase();
  switch (node.kind) {
    case 'and':
      return constrains(node.left, prop) || constrains(node.right, prop);
    case 'or':
      return constrains(node.left, prop) && constrains(node.right, prop);
    case 'eq':
    case 'in':
      return node.prop.toLowerCase() === p;
    default:
      return false;
  }
}

/** Property lookup used by evaluation; may return several values (e.g. a role's id and templateId). */
export type Getter = (obj: any, prop: string) => unknown;

const defaultGetter: Getter = (obj, prop) => obj[prop];

/** Directory string comparisons are case-insensitive (ids, appIds, display names). */
function same(a: unknown, b: Literal): boolean {
  if (Array.isArray(a)) return a.some((x) => same(x, b));
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === b;
}

export function evaluate(node: FilterNode, obj: unknown, get: Getter = defaultGetter): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, obj, get) && evaluate(node.right, obj, get);
    case 'or':
      return evaluate(node.left, obj, get) || evaluate(node.right, obj, get);
    case 'eq':
      return same(get(obj, node.prop), node.value);
    case 'ne':
      return !same(get(obj, node.prop), node.value);
    case 'in':
      return node.values.some((v) => same(get(obj, node.prop), v));
  }
}

/** The system query options of one request, keys matched case-insensitively and trimmed. */
export interface QueryOptions {
  filter?: string;
  select?: string[];
  top?: number;
  skiptoken?: string;
  count?: boolean;
  /** navigation properties to expand (names as written) */
  expand?: string[];
  /** options present that this simulator does not serve ($orderby, $expand, $search, $skip) */
  unsupported: string[];
}

const MAX_TOP = 999;

export function readQuery(query: URLSearchParams): QueryOptions {
  const out: QueryOptions = { unsupported: [] };
  for (const [rawKey, value] of query) {
    // The docs' own example writes `$filter = principalId eq ...`, so spaces around '=' are tolerated.
    const key = rawKey.trim().toLowerCase();
    const v = value.trim();
    switch (key) {
      case '$filter':
        out.filter = v;
        break;
      case '$select':
        out.select = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '$top': {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > MAX_TOP) {
          throw new ODataError(
            'Request_BadRequest',
            `Invalid page size specified: '${v}'. Must be between 1 and ${MAX_TOP} inclusive.`,
          );
        }
        out.top = n;
        break;
      }
      case '$skiptoken':
        out.skiptoken = v;
        break;
      case '$count':
        if (v !== 'true' && v !== 'false') {
          throw new ODataError(
            'BadRequest',
            `Invalid value '${v}' for $count query option found. Valid values are 'true' and 'false'.`,
          );
        }
        out.count = v === 'true';
        break;
      case '$expand':
        out.expand = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '$orderby':
      case '$search':
      case '$skip':
        out.unsupported.push(key);
        break;
      default:
        break; // other parameters (api-version and the like) are ignored, as Graph does
    }
  }
  return out;
}

/** Opaque paging token carrying the offset of the next page. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(`RFNwdAIAAQ:sim:${offset}`, 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): number {
  const m = /^RFNwdAIAAQ:sim:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) {
    throw new ODataError(
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  }
  return Number(m[1]);
}

export interface Page<T> {
  items: T[];
  /** offset of the next page, when there is one */
  next?: number;
}

/** Graph treats $top as the page size; without it the service's page size applies. */
export function paginate<T>(all: T[], opts: { top?: number; skiptoken?: string; pageSize: number }): Page<T> {
  const size = opts.top ?? opts.pageSize;
  const start = opts.skiptoken ? decodeSkipToken(opts.skiptoken) : 0;
  const items = all.slice(start, start + size);
  return start + size < all.length ? { items, next: start + size } : { items };
}

/** The absolute nextLink: this request's URL with $skiptoken replaced. */
export function nextLink(baseUrl: string, path: string, query: URLSearchParams, offset: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of query) if (k.trim().toLowerCase() !== '$skiptoken') q.append(k.trim(), v);
  q.set('$skiptoken', encodeSkipToken(offset));
  // URLSearchParams writes spaces as '+'; Graph's own links use %20, which every client reads back the same.
  return `${baseUrl}${path}?${q.toString().replace(/\+/g, '%20')}`;
}

/** Keeps only the selected properties, in the entity's order. */
export function applySelect(obj: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select || select.length === 0) return obj;
  const wanted = new Set(select.map((s) => s.toLowerCase()));
  return Object.fromEntries(Object.entries(obj).filter(([k]) => wanted.has(k.toLowerCase())));
}
