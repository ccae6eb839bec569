// GET one, DELETE one and GET the list of a child resource: of an Automation account (runbooks,
// runtime environments, modules, packages) or of a resource group (accounts, user-assigned
// identities). The steps are the same for each; only names, bodies and delete clean-up differ.
import type { Router } from '../router.js';
import type { SimHttpError } from '../http-error.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { childNotFound } from './automation-common.js';
import {
  arm,
  children,
  deleteResource,
  descendants,
  getResource,
  guard,
  page,
  requireRg,
  view,
  type GuardOptions,
  type Verb,
} from './common.js';

export interface ChildKind {
  /** route of the parent, e.g. `${AA}` or `${AA}/runtimeEnvironments/:re` */
  parentPattern: string;
  /** the parent resource or its 404 */
  parent: (req: SimRequest, sim: Sim) => ArmResource;
  /** path segment below the parent in routes and 404 messages, e.g. 'runbooks' */
  segment: string;
  /** segment in stored ids when it differs from `segment` (powershell72modules) */
  idSegment?: string;
  /** route parameter holding the child's name */
  param: string;
  /** the parent's path below the account in 404 messages, e.g. 'runtimeEnvironments/x/' */
  rel?: (req: SimRequest) => string;
  /** guard options; `name` is '' for the list */
  opts: (req: SimRequest, verb: Verb, name: string) => GuardOptions;
  /** public body of one child, in the shape of the requested api-version */
  show: (sim: Sim, r: ArmResource, apiVersion: string) => Record<string, unknown>;
  /** headers of a GET of one child (e.g. runbooks repeat their etag as ETag) */
  headers?: (r: ArmResource) => Record<string, string>;
  /** DELETE of a missing child answers this (204 unless the RP documents otherwise) */
  deleteMissingStatus?: number;
  /** DELETE removes what is stored below the child too */
  cascade: boolean;
  /** what else goes when the child is deleted (a schedule's job schedules) */
  beforeDelete?: (sim: Sim, r: ArmResource) => void;
  /** the list's paging parameter (default $skiptoken; Automation schedules and variables: $skip) */
  skipParam?: '$skiptoken' | '$skip';
  /** the list's `$filter`, applied to the stored children before paging */
  filter?: (req: SimRequest, items: ArmResource[]) => ArmResource[];
}

function stored(kind: ChildKind, parent: ArmResource, name: string): string {
  return `${parent.id}/${kind.idSegment ?? kind.segment}/${name}`;
}

/** The child named by the route, or 404 ResourceNotFound (after the parent's own checks). */
export function requireChild(kind: ChildKind, req: SimRequest, sim: Sim): ArmResource {
  const name = req.params[kind.param];
  const r = getResource(sim, stored(kind, kind.parent(req, sim), name));
  if (!r) throw childNotFound(req, `${kind.rel?.(req) ?? ''}${kind.segment}/${name}`);
  return r;
}

export function registerChildReads(router: Router, kind: ChildKind): void {
  const item = `${kind.parentPattern}/${kind.segment}/:${kind.param}`;

  router.add(
    'GET',
    item,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, kind.opts(req, 'read', req.params[kind.param]));
      const r = requireChild(kind, req, sim);
      return { status: 200, headers: kind.headers?.(r), body: kind.show(sim, r, apiVersion) };
    }),
  );

  router.add(
    'DELETE',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, kind.opts(req, 'delete', req.params[kind.param]));
      const r = getResource(sim, stored(kind, kind.parent(req, sim), req.params[kind.param]));
      if (!r) return { status: kind.deleteMissingStatus ?? 204 };
      if (kind.cascade) for (const c of descendants(sim, r.id)) deleteResource(sim, c.id);
      kind.beforeDelete?.(sim, r);
      deleteResource(sim, r.id);
      return { status: 200 };
    }),
  );

  router.add(
    'GET',
    `${kind.parentPattern}/${kind.segment}`,
    arm(async (req, sim) => {
      const { apiVersion } = await guard(req, sim, kind.opts(req, 'read', ''));
      const parent = kind.parent(req, sim);
      const stored = children(sim, parent.id, kind.idSegment ?? kind.segment);
      const items = (kind.filter ? kind.filter(req, stored) : stored).map((r) => kind.show(sim, r, apiVersion));
      return { status: 200, body: page(req, sim, items, kind.skipParam) };
    }),
  );
}

export interface GroupChildKind {
  /** route of one resource, e.g. '.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/:name' */
  item: string;
  /** type as spelt in paths and scopes, e.g. 'Microsoft.Automation/automationAccounts' */
  pathType: string;
  /** type as stored */
  type: string;
  /** the id as requested (authorization scope) and as stored */
  ids: (req: SimRequest, sim: Sim) => { requested: string; stored: string };
  opts: (id: string, verb: Verb) => GuardOptions;
  notFound: (req: SimRequest) => SimHttpError;
  /** what goes with the resource when it is deleted (children, service principals) */
  beforeDelete: (sim: Sim, r: ArmResource) => void;
  /** public body in the shape of the requested api-version (default: the stored body) */
  show?: (r: ArmResource, apiVersion: string) => Record<string, unknown>;
}

/** GET one, DELETE one and GET the list in one group, for a resource type directly in a resource group. */
export function registerGroupChildReads(router: Router, kind: GroupChildKind): void {
  const show = kind.show ?? view;
  router.add(
    'GET',
    kind.item,
    arm(async (req, sim) => {
      const ids = kind.ids(req, sim);
      const { apiVersion } = await guard(req, sim, kind.opts(ids.requested, 'read'));
      const r = getResource(sim, ids.stored);
      if (!r) throw kind.notFound(req);
      return { status: 200, body: show(r, apiVersion) };
    }),
  );

  router.add(
    'DELETE',
    kind.item,
    arm(async (req, sim) => {
      const ids = kind.ids(req, sim);
      await guard(req, sim, kind.opts(ids.requested, 'delete'));
      const r = getResource(sim, ids.stored);
      if (!r) return { status: 204 };
      kind.beforeDelete(sim, r);
      deleteResource(sim, r.id);
      return { status: 200 };
    }),
  );

  router.add(
    'GET',
    kind.item.slice(0, kind.item.lastIndexOf('/')),
    arm(async (req, sim) => {
      const scope = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/${kind.pathType}`;
      const { apiVersion } = await guard(req, sim, kind.opts(scope, 'read'));
      const rg = requireRg(sim, req.params.sub, req.params.rg);
      const items = Object.values(sim.state.arm).filter(
        (r) => r.type === kind.type && r.id.toLowerCase().startsWith(rg.id.toLowerCase() + '/'),
      );
      return {
        status: 200,
        body: page(
          req,
          sim,
          items.map((r) => show(r, apiVersion)),
        ),
      };
    }),
  );
}
