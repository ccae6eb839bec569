// One runtime environment per runtime in runtime-versions, under stable names (exo-pwsh-7-4).
import type { RuntimeEnvironment } from '../clients/automation.js';
import type { GalleryVersion } from '../clients/gallery.js';
import { requiredPackages } from '../compat.js';
import { EXO_MODULE, moduleVersionFor } from '../engine/desired.js';
import type { ApplyContext, Desired, DesiredPackage, EngineChange, ResourceKind } from '../engine/types.js';
import { AzureError, runtimeRefusedHint } from '../errors.js';
import type { Inputs, Runtime } from '../types.js';
import { accountRef } from './automation-account.js';
import { AUTOMATION_ACCOUNT, RUNTIME_ENVIRONMENT, OBSERVED, OUTPUTS } from './names.js';

export interface DesiredRuntime {
  runtime: Runtime;
  /** runtime environment name, stable per runtime (exo-pwsh-7-4) */
  environment: string;
  /** dependencies first, ExchangeOnlineManagement, then the `modules` packages (imports run in parallel but for dependsOn) */
  packages: DesiredPackage[];
  /**
   * Names of the packages the `modules` input puts here (with their dependencies): what the
   * environment's ownership tag lists, so that a name dropped from the input is pruned. Undefined:
   * the caller does not manage extra modules (nothing is pruned).
   */
  modules?: string[];
}

declare module '../engine/types.js' {
  interface Desired {
    /** one per runtime of runtime-versions (also read by the package kind and the VM module's checks) */
    runtimes: DesiredRuntime[];
  }
}

/** Stable, valid runtime environment name for a runtime: letters, digits, '-' only. */
export function runtimeEnvironmentName(runtime: Runtime): string {
  return `exo-pwsh-${runtime.replace('.', '-')}`;
}

/** Each runtime of runtime-versions: its environment, the packages it needs first, ExchangeOnlineManagement. */
export function desiredRuntimes(inputs: Inputs, gallery: GalleryVersion[] | undefined): DesiredRuntime[] {
  return inputs.runtimeVersions.map((runtime) => ({
    runtime,
    environment: runtimeEnvironmentName(runtime),
    packages: [
      ...requiredPackages(runtime).map((p) => ({
        name: p.name,
        version: p.version,
        ...(p.dependsOn ? { dependsOn: p.dependsOn } : {}),
      })),
      { name: EXO_MODULE, version: moduleVersionFor(runtime, inputs, gallery) },
    ],
  }));
}

export interface ObservedRuntimeEnvironments {
  accountExists: boolean;
  environments: RuntimeEnvironment[];
}

export function findEnvironment(envs: RuntimeEnvironment[], name: string): RuntimeEnvironment | undefined {
  return envs.find((e) => e.name.toLowerCase() === name.toLowerCase());
}

function modulesText(rt: DesiredRuntime): string {
  return rt.packages.map((p) => `${p.name} ${p.version}`).join(', ');
}

/** The runtime a PUT of the environment sets. */
interface EnvironmentData {
  runtime: { language: string; version: string };
}

export function diffRuntimeEnvironments(
  desired: Desired,
  observed: ObservedRuntimeEnvironments,
): EngineChange<EnvironmentData>[] {
  const changes: EngineChange<EnvironmentData>[] = [];
  for (const rt of desired.runtimes) {
    const env = findEnvironment(observed.environments, rt.environment);
    const after = { runtime: { language: 'PowerShell', version: rt.runtime } };
    if (!env) {
      changes.push({
        kind: RUNTIME_ENVIRONMENT,
        name: rt.environment,
        action: 'create',
        reason: `missing; PowerShell ${rt.runtime} with ${modulesText(rt)}`,
        after,
        data: after,
      });
      continue;
    }
    const runtime = env.properties?.runtime;
    if (!/^powershell$/i.test(runtime?.language ?? '') || runtime?.version !== rt.runtime) {
      changes.push({
        kind: RUNTIME_ENVIRONMENT,
        name: rt.environment,
        action: 'update',
        reason: `runtime is ${runtime?.language ?? '?'} ${runtime?.version ?? '?'}; want PowerShell ${rt.runtime}`,
        before: { runtime },
        after,
        data: after,
      });
    }
  }
  return changes;
}

export const runtimeEnvironmentKind: ResourceKind<ObservedRuntimeEnvironments, EnvironmentData> = {
  desire: ({ inputs, gallery }) => ({ runtimes: desiredRuntimes(inputs, gallery) }),
  kind: RUNTIME_ENVIRONMENT,
  dependsOn: () => [AUTOMATION_ACCOUNT],
  permissions: {
    armWrite: (_c, at) => [
      {
        scope: at.scopeOf(at.desired.resourceGroup),
        action: 'Microsoft.Automation/automationAccounts/runtimeEnvironments/write',
      },
    ],
  },
  async observe(ctx) {
    // Listed at once (404 = [] under a missing account): no round trip spent waiting for the account.
    const [{ account }, environments] = await Promise.all([
      ctx.get(OBSERVED.account),
      ctx.clients.automation.listRuntimeEnvironments(accountRef(ctx.desired)),
    ]);
    if (!account) return { accountExists: false, environments: [] };
    return { accountExists: true, environments };
  },
  diff: diffRuntimeEnvironments,
  async apply(change: EngineChange<EnvironmentData>, ctx: ApplyContext) {
    const { runtime } = change.data;
    // A PUT replaces the tags: an update keeps the environment's own (the `modules` ownership tag among them).
    const existing =
      change.action === 'update'
        ? await ctx.clients.automation.getRuntimeEnvironment(accountRef(ctx.desired), change.name)
        : undefined;
    try {
      await ctx.clients.automation.putRuntimeEnvironment(accountRef(ctx.desired), change.name, {
        ...(existing?.tags ? { tags: existing.tags } : {}),
        location: ctx.output(OUTPUTS.account)?.location ?? ctx.desired.location,
        properties: {
          runtime,
          description: `Exchange Online PowerShell ${runtime.version} (managed by exo-automation)`,
        },
      });
    } catch (e) {
      throw refusedRuntime(e, runtime.version);
    }
  },
};

/** A 400/422 on the PUT: Azure does not offer this runtime here; its own text plus the plain fix. */
function refusedRuntime(e: unknown, version: string): unknown {
  const hint = runtimeRefusedHint(version);
  if (!(e instanceof AzureError) || !hint || (e.status !== 400 && e.status !== 422)) return e;
  return new AzureError({
    service: e.service,
    status: e.status,
    code: e.code,
    message: e.serviceMessage,
    hint,
    requestId: e.requestId,
  });
}
