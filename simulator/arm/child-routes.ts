// GET one, DELETE one and GET the list of a child resource of an Automation account (runbooks,
// runtime environments, modules, packages): the same steps for each, only names and bodies differ.
import type { Router } from '../router.js';
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
  /** public body of one child */
  show: (sim: Sim, r: ArmResource) => Record<string, unknown>;
  /** DELETE of a missing child answers this (204 unless the RP documents otherwise) */
  deleteMissingStatus?: number;
  /** DELETE removes what is stored below the child too */
  cascade: boolean;
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
      await guard(req, sim, kind.opts(req, 'read', req.params[kind.param]));
      return { status: 200, body: kind.show(sim, requireChild(kind, req, sim)) };
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
      deleteResource(sim, r.id);
      return { status: 200 };
    }),
  );

  router.add(
    'GET',
    `${kind.parentPattern}/${kind.segment}`,
    arm(async (req, sim) => {
      await guard(req, sim, kind.opts(req, 'read', ''));
      const parent = kind.parent(req, sim);
      const items = children(sim, parent.id, kind.idSegment ?? kind.segment).map((r) => kind.show(sim, r));
      return { status: 200, body: page(req, sim, items) };
    }),
  );
}
