// The engine's shapes: what a resource kind is, what it sees, what it changes.
import type { Change, Inputs } from '../types.js';
import type { GalleryVersion } from '../clients/gallery.js';
import type { ReadClients, WriteClients } from '../clients/index.js';
import type { DiscoveredRunbook } from '../kinds/runbook/discover.js';
import type { Finding } from '../kinds/runbook/check.js';
import type { Pool } from './graph.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warning: () => {}, debug: () => {} };

export interface DesiredPackage {
  name: string;
  version: string;
  /** packages of the same runtime it requires (the gallery's declared dependencies) */
  dependsOn?: string[];
}

/**
 * Everything the action wants to exist, computed from inputs (and the gallery for 'latest'). These
 * are the fields every kind shares; a kind adds its own (declaration merging in its file, e.g.
 * `roles` in src/kinds/directory-roles.ts) and derives them in its `desire`.
 */
export interface SharedDesired {
  inputs: Inputs;
  subscriptionId: string;
  /** absent = automation-account (older callers) */
  resourceType?: 'automation-account' | 'vm';
  resourceGroup: string;
  /** resource groups to manage: the account's and, for user-assigned, the identity's */
  resourceGroups: string[];
  location?: string;
  createMissing: boolean;
  accountName: string;
  identity:
    { type: 'system-assigned' } | { type: 'user-assigned'; name: string; resourceGroup: string; resourceId: string };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the kinds' declaration merging adds the members
export interface Desired extends SharedDesired {}

/** What a kind's `desire` derives its part of the desired state from. */
export interface DesireContext {
  inputs: Inputs;
  /** the shared fields */
  base: SharedDesired;
  /** ExchangeOnlineManagement's gallery versions, read when module-version is latest */
  gallery?: GalleryVersion[];
  /** runbooks main already discovered */
  runbooks?: DiscoveredRunbook[];
}

/** A planned change, with what apply needs. `data` never leaves the engine. */
export type EngineChange<D = unknown> = Change & (undefined extends D ? { data?: D } : { data: D });

/**
 * A typed handle on a kind's observation: `ctx.get(ref)` resolves to what that kind observed, so
 * a dependant never names a kind by a bare string nor casts what it reads.
 */
export interface KindRef<O> {
  readonly kind: string;
  /** type-only: never set */
  readonly observed?: O;
}

export function kindRef<O>(kind: string): KindRef<O> {
  return { kind };
}

/**
 * A typed handle on what a kind produces for its dependants at apply time (Crossplane's
 * ExternalObservation / ExternalCreation): ids such as the identity's principal id, first as
 * observed, then as its own changes made them. `ctx.output(ref)` reads it.
 */
export interface OutputRef<T> {
  readonly kind: string;
  /** type-only: never set */
  readonly outputs?: T;
}

export function outputRef<T>(kind: string): OutputRef<T> {
  return { kind };
}

/** What a kind's observation adds to the report: warnings, and runbook check findings. */
export interface KindNotes {
  warnings?: string[];
  findings?: Finding[];
}

export interface EngineOptions {
  /** bound on one package import (Creating -> Succeeded/Failed) */
  importTimeoutMs: number;
  importPollInitialMs: number;
  importPollMaxMs: number;
  /** bound on waiting for Entra to replicate a new principal */
  replicationTimeoutMs: number;
  replicationInitialMs: number;
}

// Waits start small and grow (x1.1 for imports, x2 for replication), so that a short wait is
// seen over soon after it ends and a long one is not polled often: the sleep past completion
// stays a fraction of the time waited.
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  importTimeoutMs: 30 * 60_000,
  importPollInitialMs: 100,
  importPollMaxMs: 10_000,
  replicationTimeoutMs: 60_000,
  replicationInitialMs: 100,
};

export interface ObserveContext {
  desired: Desired;
  clients: ReadClients;
  log: Logger;
  /** the observation of another kind this one depends on */
  get<T>(ref: KindRef<T>): Promise<T>;
}

export interface ApplyContext {
  desired: Desired;
  clients: WriteClients;
  log: Logger;
  options: EngineOptions;
  /** what another kind produced: as observed, updated by its own applied changes */
  output<T>(ref: OutputRef<T>): T | undefined;
}

/**
 * One managed kind: observe (reads only), diff (pure), apply (the only writer). `Out`: what it
 * produces for dependants (`outputs` from the observation, then merged with what `apply` returns).
 */
export interface ResourceKind<O = unknown, D = unknown, Out = unknown> {
  kind: string;
  /** kinds whose observation and application come first */
  dependsOn(desired: Desired): string[];
  /** its part of the desired state (fields it declared on Desired), from the inputs. Pure. */
  desire?(ctx: DesireContext): Partial<Desired>;
  /** false: the kind is not part of this run (e.g. no user-assigned identity) */
  enabled?(desired: Desired): boolean;
  observe(ctx: ObserveContext): Promise<O>;
  /** what dependants read at apply time, as observed (before any change) */
  outputs?(observed: O, desired: Desired): Out;
  /** warnings and findings the observation found, for the report */
  notes?(observed: O): KindNotes;
  diff(desired: Desired, observed: O): EngineChange<D>[];
  /** the only writer; returns what the change produced (merged into this kind's outputs) */
  apply(change: EngineChange<D>, ctx: ApplyContext): Promise<Partial<Out> | void>;
  /**
   * Whether `change` must wait for `other`, a change of a kind it depends on (directly or
   * through others) or of its own kind. Default: every change of the kinds it depends on, none
   * of its own. Finer rules let e.g. imports start once their own environment exists.
   */
  needs?(change: EngineChange<D>, other: EngineChange): boolean;
  /** the bound on this kind's changes running at once, made once per apply */
  pool?(ctx: ApplyContext): Pool;
  /** what the deploying app needs to read this kind and apply its changes (src/engine/preflight.ts) */
  permissions?: KindNeeds;
}

/** Any one of these Graph application permissions satisfies the need; the first is the one messages name. */
export type GraphNeed = readonly string[];

/** An ARM action and the scope it is checked at. */
export interface ArmNeed {
  scope: string;
  action: string;
}

/** Where a kind's ARM actions are checked: a resource group once it exists, else the subscription. */
export interface NeedScopes {
  desired: Desired;
  subscription: string;
  /** the group's path if it exists (permissions are listed there), else the subscription's */
  scopeOf(resourceGroup: string): string;
}

/** A kind's permission needs, so that the preflight knows no kind by name. */
export interface KindNeeds {
  /** to observe (checked in every mode, even with nothing to change) */
  graphRead?: readonly GraphNeed[];
  /** to apply one of its changes */
  graphWrite?: readonly GraphNeed[];
  armRead?(at: NeedScopes): ArmNeed[];
  armWrite?(change: EngineChange<any>, at: NeedScopes): ArmNeed[];
}
