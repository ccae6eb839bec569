// What every Graph handler gets, and the collection answer all list operations share
// ($filter, $select, paging with @odata.nextLink, $count).
import { isVisible } from '../entra/directory.js';
import type { ServicePrincipal, Sim, SimRequest, SimResponse } from '../types.js';
import * as errors from './errors.js';
import {
  applySelect,
  filterProperties,
  nextLink,
  ODataError,
  paginate,
  parseFilter,
  readQuery,
  evaluate,
  type FilterNode,
  type Getter,
  type QueryOptions,
} from './odata.js';
import { GUID } from './shapes.js';

export interface GraphContext {
  req: SimRequest;
  sim: Sim;
  /** the caller's Graph application permissions (token `roles`) */
  roles: string[];
  /** the caller's application id (token `appid`) */
  appId: string;
}

export const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function metadata(ctx: GraphContext, fragment: string): string {
  return `${ctx.req.baseUrl}/v1.0/$metadata#${fragment}`;
}

export function ok(status: number, body: unknown): SimResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

/** ODataError -> Graph's 400 answer. */
export function query(ctx: GraphContext): QueryOptions {
  try {
    return readQuery(ctx.req.query);
  } catch (e) {
    throw asGraphError(e);
  }
}

export function asGraphError(e: unknown): unknown {
  return e instanceof ODataError ? errors.badRequest(e.message, e.code) : e;
}

/** A service principal Graph can see now (replication delay hides fresh ones). */
export function visibleServicePrincipal(ctx: GraphContext, id: string): ServicePrincipal | undefined {
  return ctx.sim.state.graph.servicePrincipals.find(
    (sp) => sp.id.toLowerCase() === id.toLowerCase() && isVisible(sp, ctx.sim),
  );
}

/** A service principal on the writable replica, visible to reads or not (writes see replicating ones). */
export function anyServicePrincipal(ctx: GraphContext, id: string): ServicePrincipal | undefined {
  return ctx.sim.state.graph.servicePrincipals.find((sp) => sp.id.toLowerCase() === id.toLowerCase());
}

export function requireGuid(id: string): void {
  if (!GUID.test(id)) throw errors.invalidObjectId(id);
}

export interface CollectionSpec<T> {
  /** fragment after $metadata#, e.g. servicePrincipals */
  context: string;
  /** OData type name, e.g. servicePrincipal */
  type: string;
  /** resource name in directory error texts, e.g. ServicePrincipal */
  resource: string;
  properties: string[];
  filterable: string[];
  items: T[];
  render: (item: T) => Record<string, unknown>;
  /** value lookup for filter evaluation over the rendered object */
  get?: Getter;
  /** checks the parsed filter (e.g. one is required); throws Graph's error */
  checkFilter?: (node: FilterNode | undefined) => void;
  /** directory objects answer $count only with ConsistencyLevel: eventual */
  countNeedsEventual?: boolean;
  /** navigation properties $expand may name, and how to render each for an item */
  expandable?: Record<string, (obj: Record<string, unknown>) => unknown>;
}

export function collection<T>(ctx: GraphContext, spec: CollectionSpec<T>): SimResponse {
  const q = query(ctx);
  if (q.unsupported.length > 0) {
    throw errors.unsupportedQueryOption(q.unsupported[0]);
  }
  const canonical = new Map(spec.properties.map((p) => [p.toLowerCase(), p]));
  let node: FilterNode | undefined;
  if (q.filter !== undefined && q.filter !== '') {
    try {
      node = parseFilter(q.filter);
    } catch (e) {
      throw asGraphError(e);
    }
    for (const prop of filterProperties(node)) {
      const name = canonical.get(prop.toLowerCase());
      if (!name) throw errors.unknownProperty(prop, spec.type);
      if (!spec.filterable.some((f) => f.toLowerCase() === prop.toLowerCase()))
        throw errors.unsupportedFilterProperty(name, spec.resource);
    }
  }
  spec.checkFilter?.(node);
  for (const s of q.select ?? []) if (!canonical.has(s.toLowerCase())) throw errors.unknownSelectProperty(s, spec.type);
  const expandable = new Map(Object.entries(spec.expandable ?? {}).map(([k, f]) => [k.toLowerCase(), { name: k, f }]));
  const expand = (q.expand ?? []).map((e) => {
    const x = expandable.get(e.toLowerCase());
    if (!x) {
      if (expandable.size === 0) throw errors.unsupportedQueryOption('$expand');
      throw errors.unknownSelectProperty(e, spec.type);
    }
    return x;
  });
  if (
    q.count &&
    spec.countNeedsEventual &&
    String(ctx.req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual'
  ) {
    throw errors.countNeedsEventual();
  }

  const get: Getter = spec.get ?? ((obj, prop) => obj[canonical.get(prop.toLowerCase()) ?? prop]);
  const rendered = spec.items.map(spec.render).filter((obj) => !node || evaluate(node, obj, get));
  let page;
  try {
    page = paginate(rendered, { top: q.top, skiptoken: q.skiptoken, pageSize: ctx.sim.state.config.pageSize });
  } catch (e) {
    throw asGraphError(e);
  }
  const selected = q.select?.map((s) => canonical.get(s.toLowerCase())!);
  // Graph's context names the selection and the expansions: roleAssignments(id,principal()).
  const shape = [...(selected ?? []), ...expand.map((x) => `${x.name}()`)];
  const body: Record<string, unknown> = {
    '@odata.context': metadata(ctx, shape.length ? `${spec.context}(${shape.join(',')})` : spec.context),
  };
  if (q.count) body['@odata.count'] = rendered.length;
  if (page.next !== undefined)
    body['@odata.nextLink'] = nextLink(ctx.req.baseUrl, ctx.req.path, ctx.req.query, page.next);
  body.value = page.items.map((obj) => {
    const out = applySelect(obj, selected);
    for (const x of expand) out[x.name] = x.f(obj);
    return out;
  });
  return ok(200, body);
}

/** One entity with `@odata.context` first, honouring $select. */
export function entity(
  ctx: GraphContext,
  contextFragment: string,
  obj: Record<string, unknown>,
  properties: string[],
  type: string,
  status = 200,
): SimResponse {
  const q = query(ctx);
  const canonical = new Map(properties.map((p) => [p.toLowerCase(), p]));
  for (const s of q.select ?? []) if (!canonical.has(s.toLowerCase())) throw errors.unknownSelectProperty(s, type);
  const selected = q.select?.map((s) => canonical.get(s.toLowerCase())!);
  const fragment = selected?.length
    ? contextFragment.replace(/\/\$entity$/, `(${selected.join(',')})/$entity`)
    : contextFragment;
  return ok(status, { '@odata.context': metadata(ctx, fragment), ...applySelect(obj, selected) });
}

/** The request body as a JSON object, or Graph's 400 for anything else. */
export function readJson(ctx: GraphContext): Record<string, unknown> {
  let body: unknown;
  try {
    body = ctx.req.body.length ? JSON.parse(ctx.req.body.toString('utf8')) : undefined;
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest(
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      'BadRequest',
    );
  }
  return body as Record<string, unknown>;
}
