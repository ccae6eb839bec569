// Packages of each runtime environment: ExchangeOnlineManagement at the resolved version, after
// PackageManagement and PowerShellGet where the runtime needs them. An import is a state machine,
import { heartbeatState } from '../log/heartbeat.js';
// not an LRO: PUT answers "Creating", then GET is polled until Succeeded or Failed.
import type { AutomationPackage } from '../clients/automation.js';
import { compareVersions, parseVersion } from '../compat.js';
import { AzureError, importFailureHint } from '../errors.js';
import type { ApplyContext, Desired, EngineChange, ResourceKind } from '../engine/types.js';
import { accountRef } from './automation-account.js';
import { PACKAGE, RUNTIME_ENVIRONMENT, OBSERVED } from './kinds.js';
import { findEnvironment } from './runtime-environments.js';

/** Packages by runtime environment name; undefined when the environment does not exist. */
export type ObservedPackages = Record<string, AutomationPackage[] | undefined>;

interface PackageData {
  environment: string;
  runtime: string;
  package: string;
  version: string;
  /** an import at the right version is already running: only wait for it */
  waitOnly?: boolean;
  /** packages of the same environment imported first (the gallery's declared dependencies) */
  dependsOn?: string[];
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

export function diffPackages(desired: Desired, observed: ObservedPackages): EngineChange<PackageData>[] {
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
  return same(dep.environment, data.environment) && (data.dependsOn ?? []).some((d) => same(d, dep.package));
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

export const packageKind: ResourceKind<ObservedPackages, PackageData> = {
  kind: PACKAGE,
  dependsOn: () => [RUNTIME_ENVIRONMENT],
  permissions: {
    armWrite: (_c, at) => [
      {
        scope: at.scopeOf(at.desired.resourceGroup),
        action: 'Microsoft.Automation/automationAccounts/runtimeEnvironments/packages/write',
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
    return Object.fromEntries(
      ctx.desired.runtimes.map((rt, i) => [
        rt.environment,
        findEnvironment(envs.environments, rt.environment) ? lists[i] : undefined,
      ]),
    );
  },
  diff: diffPackages,
  needs: packageNeeds,
  async apply(change: EngineChange<PackageData>, ctx: ApplyContext) {
    const { data } = change;
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
