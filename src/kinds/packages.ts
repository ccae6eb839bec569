// Packages of each runtime environment: ExchangeOnlineManagement at the resolved version, after
// PackageManagement and PowerShellGet where the runtime needs them. An import is a state machine,
import { heartbeatState } from '../log/heartbeat.js';
// not an LRO: PUT answers "Creating", then GET is polled until Succeeded or Failed.
import type { AutomationPackage } from '../clients/automation.js';
import { compareVersions, parseVersion } from '../compat.js';
import { AzureError, importFailureHint } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import type { DesiredRuntime } from './runtime-environments.js';
import { accountRef } from './automation-account.js';
import { PACKAGE, RUNTIME_ENVIRONMENT, OBSERVED } from './names.js';
import { MODULES_TAG, markedPackages, sameNames, withMarker } from './package-owner.js';
import { findEnvironment } from './runtime-environments.js';

/** Packages by runtime environment name; undefined when the environment does not exist. */
export type ObservedPackages = Record<string, AutomationPackage[] | undefined>;

/** What the package kind observes: the packages, and each environment's ownership tag (package-owner.ts). */
export interface ObservedPackageState {
  packages: ObservedPackages;
  /** names the `exo-automation-modules` tag lists, by environment name */
  marked: Record<string, string[]>;
}

interface PackageData {
  environment: string;
  runtime: string;
  package: string;
  version: string;
  /** an import at the right version is already running: only wait for it */
  waitOnly?: boolean;
  /** packages of the same environment imported first (the gallery's declared dependencies) */
  dependsOn?: string[];
  /** a package of the `modules` input (the ownership tag waits for it) */
  module?: boolean;
  /** remove the package (added by the action for `modules`, no longer listed) */
  remove?: boolean;
  /** write the ownership tag with these names (after the environment's module changes) */
  marker?: string[];
}

const DONE = new Set(['succeeded', 'created']);
const FAILED = new Set(['failed', 'canceled', 'cancelled']);

export function sameVersion(a: string | undefined, b: string): boolean {
  if (!a) return false;
  if (parseVersion(a) && parseVersion(b)) return compareVersions(a, b) === 0;
  return a.toLowerCase() === b.toLowerCase();
}

export function packageVersion(p: AutomationPackage): string | undefined {
  return p.properties?.version || p.properties?.contentLink?.version || undefined;
}

const isModule = (rt: DesiredRuntime, name: string) =>
  (rt.modules ?? []).some((m) => m.toLowerCase() === name.toLowerCase());

/**
 * Prune and ownership tag of one environment: packages the tag lists that the input dropped are
 * removed (only if still there); the tag is rewritten when its list differs from the input's.
 */
export function diffOwnedPackages(
  rt: DesiredRuntime,
  existing: AutomationPackage[] | undefined,
  marked: string[],
): EngineChange<PackageData>[] {
  if (!rt.modules) return [];
  const base = { environment: rt.environment, runtime: rt.runtime, version: '' };
  const wanted = new Set(rt.packages.map((p) => p.name.toLowerCase()));
  const changes: EngineChange<PackageData>[] = [];
  for (const name of marked) {
    const have = (existing ?? []).find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (wanted.has(name.toLowerCase()) || !have) continue;
    changes.push({
      kind: PACKAGE,
      name: `${rt.environment}/${have.name}`,
      action: 'delete',
      reason: `added by exo-automation for \`modules\` (tag ${MODULES_TAG}), no longer listed; remove it`,
      before: { version: packageVersion(have) },
      data: { ...base, package: have.name, remove: true, module: true },
    });
  }
  const want = rt.modules;
  if (!sameNames(want, marked)) {
    changes.push({
      kind: PACKAGE,
      name: `${rt.environment} [tag ${MODULES_TAG}]`,
      action: 'update',
      reason: want.length
        ? `record the packages added for \`modules\`: ${want.join(', ')}`
        : 'no packages added for `modules` any more; clear the record',
      before: { [MODULES_TAG]: marked.join(',') || undefined },
      after: { [MODULES_TAG]: want.join(',') || undefined },
      data: { ...base, package: MODULES_TAG, marker: want },
    });
  }
  return changes;
}

export function diffPackages(
  desired: Desired,
  observed: ObservedPackages,
  marked: Record<string, string[]> = {},
): EngineChange<PackageData>[] {
  const changes: EngineChange<PackageData>[] = [];
  for (const rt of desired.runtimes) {
    const existing = observed[rt.environment] ?? [];
    for (const want of rt.packages) {
      const data: PackageData = {
        environment: rt.environment,
        runtime: rt.runtime,
        package: want.name,
        version: want.version,
        ...(want.dependsOn ? { dependsOn: want.dependsOn } : {}),
        ...(isModule(rt, want.name) ? { module: true } : {}),
      };
      const base = {
        kind: PACKAGE,
        name: `${rt.environment}/${want.name}`,
        after: { version: want.version },
        data,
      };
      const have = existing.find((p) => p.name.toLowerCase() === want.name.toLowerCase());
      if (!have) {
        changes.push({ ...base, action: 'create', reason: `missing; import ${want.name} ${want.version}` });
        continue;
      }
      const state = (have.properties?.provisioningState ?? '').toLowerCase();
      const version = packageVersion(have);
      const before = { version, state: have.properties?.provisioningState };
      if (FAILED.has(state)) {
        // A failed import is put again (re-running resumes): Azure's own text says why it failed.
        const why = have.properties?.error?.message;
        changes.push({
          ...base,
          before,
          action: 'update',
          reason: `last import ${have.properties?.provisioningState}${why ? ` (${why})` : ''}; import ${want.version} again`,
        });
      } else if (!DONE.has(state)) {
        // Still importing: wait for it when it is the right version, otherwise replace it.
        const waitOnly = sameVersion(version, want.version);
        changes.push({
          ...base,
          before,
          action: 'update',
          reason: waitOnly
            ? `import of ${want.version} still running (${have.properties?.provisioningState}); wait for it`
            : `import of ${version ?? 'another version'} running; import ${want.version}`,
          data: { ...data, waitOnly },
        });
      } else if (!sameVersion(version, want.version)) {
        changes.push({
          ...base,
          before,
          action: 'update',
          reason: `version ${version ?? 'unknown'}; import ${want.version}`,
        });
      }
    }
    changes.push(...diffOwnedPackages(rt, observed[rt.environment], marked[rt.environment] ?? []));
  }
  return changes;
}

/** A change of this kind (its data is a PackageData, made by diffPackages). */
function isPackageChange(change: EngineChange): change is EngineChange<PackageData> {
  return change.kind === PACKAGE;
}

/**
 * An import waits for its own runtime environment (not the others) and, in it, for the packages
 * it declares a dependency on; the packages of one environment otherwise import in parallel.
 */
export function packageNeeds(change: EngineChange<PackageData>, other: EngineChange): boolean {
  const { data } = change;
  if (other.kind === RUNTIME_ENVIRONMENT) return other.name.toLowerCase() === data.environment.toLowerCase();
  if (!isPackageChange(other)) return true;
  const dep = other.data;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(dep.environment, data.environment)) return false;
  // the ownership tag is written once the environment's module imports and removals are done
  if (data.marker) return !dep.marker && dep.module === true;
  return (data.dependsOn ?? []).some((d) => same(d, dep.package));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Each poll's wait is the last one x1.1: an import seen done at most ~10 % after it ended (x1.5
 * overshot ExchangeOnlineManagement's minutes by up to half: the bench's azure profile), for about
 * 60 reads over a 3-minute import, well inside ARM's read budget (25/s).
 */
const IMPORT_POLL_GROWTH = 1.1;

/** Poll until a terminal state; bounded by importTimeoutMs, backoff from small to importPollMaxMs. */
export async function waitForImport(ctx: ApplyContext, data: PackageData): Promise<AutomationPackage> {
  const ref = accountRef(ctx.desired);
  const deadline = Date.now() + ctx.options.importTimeoutMs;
  let delay = ctx.options.importPollInitialMs;
  for (;;) {
    const pkg = await ctx.clients.automation.getPackage(ref, data.environment, data.package);
    const state = (pkg?.properties?.provisioningState ?? '').toLowerCase();
    heartbeatState(`import ${pkg?.properties?.provisioningState ?? 'not found yet'}`);
    if (pkg && DONE.has(state)) return pkg;
    if (pkg && FAILED.has(state)) {
      const err = pkg.properties?.error;
      throw new AzureError({
        service: 'Automation',
        status: 0,
        code: err?.code || 'PackageImportFailed',
        hint: importFailureHint(err?.message),
        message:
          `Import of ${data.package} ${data.version} into runtime environment ${data.environment} ` +
          `(PowerShell ${data.runtime}) ended ${pkg.properties?.provisioningState}: ${err?.message ?? 'Azure gave no error text'}`,
      });
    }
    if (Date.now() + delay > deadline) {
      throw new AzureError({
        service: 'Automation',
        status: 0,
        code: 'PackageImportTimeout',
        message:
          `Import of ${data.package} ${data.version} into runtime environment ${data.environment} ` +
          `(PowerShell ${data.runtime}) did not finish within ${Math.round(ctx.options.importTimeoutMs / 1000)} s ` +
          `(last state: ${pkg?.properties?.provisioningState ?? 'not found'}). Re-run to resume waiting.`,
      });
    }
    await sleep(delay);
    delay = Math.min(delay * IMPORT_POLL_GROWTH, ctx.options.importPollMaxMs);
  }
}

const PACKAGES_ACTION = 'Microsoft.Automation/automationAccounts/runtimeEnvironments/packages';

/** The ownership tag: written on the environment (GET, then PUT of what was read with the tag replaced). */
async function writeMarker(ctx: ApplyContext, data: PackageData): Promise<void> {
  const ref = accountRef(ctx.desired);
  const env = await ctx.clients.automation.getRuntimeEnvironment(ref, data.environment);
  if (!env) throw new Error(`runtime environment ${data.environment} is gone; re-run to create it`);
  // RuntimeEnvironmentUpdateParameters (PATCH) carries no tags in the 2024-10-23 spec: a PUT of
  // the environment as read, tags included (TrackedResource), is the one way to set them.
  await ctx.clients.automation.putRuntimeEnvironment(ref, data.environment, {
    location: env.location,
    tags: withMarker(env.tags, data.marker ?? []),
    properties: {
      runtime: env.properties?.runtime,
      ...(env.properties?.defaultPackages ? { defaultPackages: env.properties.defaultPackages } : {}),
      ...(env.properties?.description !== undefined ? { description: env.properties.description } : {}),
    },
  });
}

export const packageKind: ResourceKind<ObservedPackageState, PackageData> = {
  kind: PACKAGE,
  dependsOn: () => [RUNTIME_ENVIRONMENT],
  permissions: {
    armWrite: (c: EngineChange<PackageData>, at) => [
      {
        scope: at.scopeOf(at.desired.resourceGroup),
        action: c.data?.marker
          ? 'Microsoft.Automation/automationAccounts/runtimeEnvironments/write'
          : `${PACKAGES_ACTION}/${c.data?.remove ? 'delete' : 'write'}`,
      },
    ],
  },
  async observe(ctx) {
    // The environments' names are known by construction: their package lists are read at once,
    // beside the environment list (404 = [] under a missing environment), not after it.
    const ref = accountRef(ctx.desired);
    const [envs, lists] = await Promise.all([
      ctx.get(OBSERVED.runtimeEnvironments),
      Promise.all(ctx.desired.runtimes.map((rt) => ctx.clients.automation.listPackages(ref, rt.environment))),
    ]);
    const found = ctx.desired.runtimes.map((rt) => findEnvironment(envs.environments, rt.environment));
    return {
      packages: Object.fromEntries(
        ctx.desired.runtimes.map((rt, i) => [rt.environment, found[i] ? lists[i] : undefined]),
      ),
      marked: Object.fromEntries(ctx.desired.runtimes.map((rt, i) => [rt.environment, markedPackages(found[i]?.tags)])),
    };
  },
  diff: (desired, observed) => diffPackages(desired, observed.packages, observed.marked),
  needs: packageNeeds,
  async apply(change: EngineChange<PackageData>, ctx: ApplyContext) {
    const { data } = change;
    if (data.marker) return writeMarker(ctx, data);
    if (data.remove) {
      await ctx.clients.automation.deletePackage(accountRef(ctx.desired), data.environment, data.package);
      return;
    }
    if (!data.waitOnly) {
      await ctx.clients.automation.putPackage(accountRef(ctx.desired), data.environment, data.package, {
        properties: {
          contentLink: { uri: ctx.clients.gallery.packageUrl(data.package, data.version), version: data.version },
        },
      });
    }
    await waitForImport(ctx, data);
  },
};
