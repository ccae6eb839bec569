// Automation modules (PowerShell 5.1), powerShell72Modules (2023-11-01), runtime environments
// and their packages (2024-10-23). Imports are state machines read lazily (import-state.ts).
import { automationError } from '../http-error.js';
import type { Router } from '../router.js';
import type { ArmResource, Sim, SimRequest } from '../types.js';
import { AA, AA_TYPE, childId, childNotFound, requireAccount } from './automation-common.js';
import {
  API_VERSIONS,
  arm,
  automationTime,
  children,
  getResource,
  guard,
  putResource,
  requireObject,
  view,
} from './common.js';
import { registerChildReads, requireChild, type ChildKind } from './child-routes.js';
import { importViewAt, parsePackageUri, type ImportRecord } from './import-state.js';
import { galleryHasVersion } from '../gallery/index.js';
import { findPackage, latestOf, sameVersion } from '../gallery/versions.js';

interface Kind {
  /** path segment below the parent */
  segment: string;
  /** segment used in returned ids */
  idSegment: string;
  type: string;
  versions: readonly string[];
  apiType: string;
  action: string;
  package: boolean;
}

const MODULES: Kind = {
  segment: 'modules',
  idSegment: 'modules',
  type: 'Microsoft.Automation/AutomationAccounts/Modules',
  versions: API_VERSIONS.automation,
  apiType: 'automationAccounts/modules',
  action: `${AA_TYPE}/modules`,
  package: false,
};
const PS72: Kind = {
  segment: 'powerShell72Modules',
  // ids spell it lower-case (createOrUpdatePowerShell72Module.json)
  idSegment: 'powershell72modules',
  type: 'Microsoft.Automation/AutomationAccounts/PowerShell72Modules',
  versions: API_VERSIONS.ps72,
  apiType: 'automationAccounts/powerShell72Modules',
  action: `${AA_TYPE}/powerShell72Modules`,
  package: false,
};
const PACKAGES: Kind = {
  segment: 'packages',
  idSegment: 'packages',
  type: 'Microsoft.Automation/automationAccounts/runtimeEnvironments/packages',
  versions: API_VERSIONS.runtimeEnvironments,
  apiType: 'automationAccounts/runtimeEnvironments/packages',
  action: `${AA_TYPE}/runtimeEnvironments/packages`,
  package: true,
};

const RE_TYPE = 'Microsoft.Automation/automationAccounts/runtimeEnvironments';

/**
 * Fault hooks (simulator/arm/README.md): `account.sim.importFaults[name | '*'] = { mode: 'fail' | 'hang', message? }`
 * decides imports started after it is set; `resource.sim.fault = 'fail' | 'hang'` overrides one import.
 */
export interface ImportFault {
  mode: 'fail' | 'hang';
  message?: string;
}

/**
 * How Automation reports an import that failed while processing the module content, in
 * properties.error.message (code null). Prefix, "Internal error message:" and the stack tail are
 * real: msgraph-sdk-powershell issue 2133, Microsoft365DSC issue 2454, pnp/powershell issue 2993
 * ("Orchestrator.Shared.AsyncModuleImport.ModuleImportException: While importing the module, an
 * error occurred while processing the module content. Internal error message: <inner>. at
 * Orchestrator.Activities.SetModuleVersion.ExecuteInternal(...)").
 */
export function moduleImportMessage(inner: string): string {
  return `Orchestrator.Shared.AsyncModuleImport.ModuleImportException: While importing the module, an error occurred while processing the module content. Internal error message: ${inner}. at ${SET_MODULE_VERSION_STACK}`;
}

const SET_MODULE_VERSION_STACK =
  'Orchestrator.Activities.SetModuleVersion.ExecuteInternal(CodeActivityContext context, String moduleName, ModuleLanguage moduleLanguage, String pythonModuleVersion, String modulePath, Guid accountId, Guid moduleVersionId, Int64 moduleContentByteSize, String storageUri, Int32 moduleVersion) at Orchestrator.Activities.SetModuleVersion.Execute(CodeActivityContext context)';

/**
 * A module built for another PowerShell than the runtime's: the inner text is the one
 * pnp/powershell issue 2993 shows (PnP.PowerShell 2.1.1 needs System.Management.Automation 7.2).
 */
export function runtimeMismatchMessage(): string {
  return moduleImportMessage(
    "Could not load file or assembly 'System.Management.Automation, Version=7.2.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35' or one of its dependencies. The system cannot find the file specified.",
  );
}

/**
 * A content link Automation cannot download (a version the gallery does not have). The envelope is
 * real (moduleImportMessage); the inner text is CONSTRUCTED: .NET WebClient's 404 sentence, since the
 * exact text for a missing package is not published.
 */
export function downloadFailedMessage(uri: string): string {
  return moduleImportMessage(
    `The module content could not be downloaded from '${uri}': The remote server returned an error: (404) Not Found.`,
  );
}

/** The gallery version a download link names (newest GA one when it names none), with the gallery's own version rules. */
function galleryVersion(sim: Sim, id: string, version?: string): { id: string; version: string } | undefined {
  const pkg = findPackage(sim, id);
  if (!pkg) return undefined;
  if (!version) {
    const latest = latestOf(pkg.versions).latest;
    return latest ? { id: pkg.id, version: latest.version } : undefined;
  }
  if (!galleryHasVersion(sim, pkg.id, version)) return undefined;
  const hit = pkg.versions.find((v) => sameVersion(v.version, version));
  return hit ? { id: pkg.id, version: hit.version } : undefined;
}

function startImport(sim: Sim, account: ArmResource, name: string, uri: string): ImportRecord {
  const now = sim.now();
  const faults = (account.sim?.importFaults ?? {}) as Record<string, ImportFault>;
  const fault = Object.entries(faults).find(([k]) => k.toLowerCase() === name.toLowerCase() || k === '*')?.[1];
  if (fault?.mode === 'hang') return { startedAt: now, outcome: 'hang' };
  if (fault?.mode === 'fail')
    return { startedAt: now, outcome: 'failed', message: fault.message ?? runtimeMismatchMessage() };
  const ref = parsePackageUri(uri);
  const hit = ref && galleryVersion(sim, ref.id, ref.version);
  if (!hit) return { startedAt: now, outcome: 'failed', message: downloadFailedMessage(uri) };
  const durationMs = sim.state.config.importMsByPackage?.[hit.id.toLowerCase()];
  return {
    startedAt: now,
    outcome: 'succeeded',
    version: hit.version,
    sizeInBytes: 100_000 + hit.id.length * 7919,
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

function importRecord(r: ArmResource): ImportRecord {
  const rec = r.sim!.import as ImportRecord;
  const fault = r.sim?.fault as string | undefined;
  if (fault === 'hang') return { ...rec, outcome: 'hang' };
  if (fault === 'fail') return { ...rec, outcome: 'failed', message: rec.message ?? runtimeMismatchMessage() };
  return rec;
}

/**
 * Public body of a module or package, its state derived from the clock (`at`: the PUT answers as
 * of the import's start, so it always says Creating, as Azure does, however slow the host is).
 */
export function importedView(sim: Sim, r: ArmResource, at = sim.now()): Record<string, unknown> {
  const body = view(r) as Record<string, any>;
  const v = importViewAt(importRecord(r), at, sim.state.config.importMs);
  body.properties = {
    ...body.properties,
    provisioningState: v.provisioningState,
    version: v.version,
    sizeInBytes: v.sizeInBytes,
    error: v.error,
  };
  if (r.type === MODULES.type || r.type === PS72.type)
    body.properties.activityCount = v.provisioningState === 'Succeeded' ? 42 : 0;
  return body;
}

/** The import state of a module/package right now (for the job runner). */
export function importState(sim: Sim, r: ArmResource): string {
  return importViewAt(importRecord(r), sim.now(), sim.state.config.importMs).provisioningState;
}

function contentUri(body: Record<string, any>): string {
  const uri = body.properties?.contentLink?.uri;
  if (typeof uri !== 'string' || !uri)
    throw automationError(400, 'BadRequest', 'The contentLink.uri property is required and must be a valid URI.');
  return uri;
}

function registerImportKind(
  router: Router,
  kind: Kind,
  parentPattern: string,
  parentOf: (req: SimRequest, sim: Sim) => ArmResource,
  rel: (req: SimRequest) => string,
) {
  const opts = (req: SimRequest, name: string, verb: string) => ({
    versions: kind.versions,
    apiType: kind.apiType,
    id: childId(req, `${rel(req)}${kind.segment}${name ? '/' + name : ''}`),
    action: `${kind.action}/${verb}`,
  });
  const itemPattern = `${parentPattern}/${kind.segment}/:name`;
  const find = (sim: Sim, parent: ArmResource, name: string) =>
    getResource(sim, `${parent.id}/${kind.idSegment}/${name}`);

  router.add(
    'PUT',
    itemPattern,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, req.params.name, 'write'));
      const parent = parentOf(req, sim);
      const account = requireAccount(req, sim);
      const body = requireObject(req.json(), 'parameters');
      const uri = contentUri(body);
      const existing = find(sim, parent, req.params.name);
      const now = sim.now();
      const r: ArmResource = {
        id: existing?.id ?? `${parent.id}/${kind.idSegment}/${req.params.name}`,
        name: existing?.name ?? req.params.name,
        type: kind.type,
        location: body.location ?? account.location,
        tags: body.tags ?? existing?.tags ?? {},
        // "etag": null on modules and packages alike (python and CLI recordings)
        etag: null,
        properties: kind.package
          ? { default: false, contentLink: body.properties.contentLink }
          : {
              isGlobal: false,
              creationTime: automationTime(existing?.sim?.createdAt ?? now),
              lastModifiedTime: automationTime(now),
              isComposite: false,
            },
        ...(kind.package
          ? {
              systemData: {
                createdAt: automationTime(existing?.sim?.createdAt ?? now),
                lastModifiedAt: automationTime(now),
              },
            }
          : {}),
        sim: {
          createdAt: existing?.sim?.createdAt ?? now,
          uri,
          import: startImport(sim, account, req.params.name, uri),
        },
      };
      putResource(sim, r);
      const answer = importedView(sim, r, (r.sim!.import as ImportRecord).startedAt) as {
        properties: { error: unknown };
      };
      answer.properties.error = { code: null, message: null }; // the PUT's own answer (recorded)
      return { status: existing ? 200 : 201, body: answer };
    }),
  );

  router.add(
    'PATCH',
    itemPattern,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, req.params.name, 'write'));
      const parent = parentOf(req, sim);
      const account = requireAccount(req, sim);
      const r = find(sim, parent, req.params.name);
      if (!r) throw childNotFound(req, `${rel(req)}${kind.segment}/${req.params.name}`);
      const body = requireObject(req.json(), 'parameters');
      if (body.tags) r.tags = body.tags;
      const uri = body.properties?.contentLink?.uri;
      if (typeof uri === 'string' && uri) {
        r.sim = { ...r.sim, uri, import: startImport(sim, account, r.name, uri) };
        if (kind.package) r.properties = { ...r.properties, contentLink: body.properties.contentLink };
        return { status: 200, body: importedView(sim, r, (r.sim.import as ImportRecord).startedAt) };
      }
      return { status: 200, body: importedView(sim, r) };
    }),
  );

  registerChildReads(router, {
    parentPattern,
    parent: parentOf,
    segment: kind.segment,
    idSegment: kind.idSegment,
    param: 'name',
    rel,
    opts: (req, verb, name) => opts(req, name, verb),
    show: (sim, r) => importedView(sim, r),
    // Module_Delete (module.json) lists only 200, also for a module that is not there.
    deleteMissingStatus: kind === MODULES ? 200 : 204,
    cascade: false,
  });
}

const reOpts = (req: SimRequest, verb: string, name = req.params.re) => ({
  versions: API_VERSIONS.runtimeEnvironments,
  apiType: 'automationAccounts/runtimeEnvironments',
  id: childId(req, `runtimeEnvironments${name ? '/' + name : ''}`),
  action: `${AA_TYPE}/runtimeEnvironments/${verb}`,
});

const RUNTIME_ENVIRONMENTS: ChildKind = {
  parentPattern: AA,
  parent: requireAccount,
  segment: 'runtimeEnvironments',
  param: 're',
  opts: reOpts,
  show: (_sim, r) => view(r),
  cascade: true,
};

function requireRuntimeEnvironment(req: SimRequest, sim: Sim): ArmResource {
  return requireChild(RUNTIME_ENVIRONMENTS, req, sim);
}

function registerRuntimeEnvironments(router: Router) {
  const item = `${AA}/runtimeEnvironments/:re`;
  const opts = reOpts;

  router.add(
    'PUT',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const account = requireAccount(req, sim);
      const body = requireObject(req.json(), 'parameters');
      const runtime = body.properties?.runtime;
      if (!runtime?.language || !runtime?.version) {
        throw automationError(400, 'BadRequest', 'The runtime properties language and version are required.');
      }
      if ((sim.state.config.refusedRuntimeVersions ?? []).includes(String(runtime.version))) {
        // CONSTRUCTED text: no public record of Azure refusing a runtime version was found.
        throw automationError(
          400,
          'BadRequest',
          `Runtime version '${runtime.version}' for language '${runtime.language}' is not supported in the region '${account.location}'.`,
        );
      }
      const existing = getResource(sim, `${account.id}/runtimeEnvironments/${req.params.re}`);
      const now = sim.now();
      const r: ArmResource = {
        id: existing?.id ?? `${account.id}/runtimeEnvironments/${req.params.re}`,
        name: existing?.name ?? req.params.re,
        type: RE_TYPE,
        location: body.location ?? account.location,
        tags: body.tags ?? {},
        // "etag": null and "description": null when none was given, as recorded (CLI recording)
        etag: null,
        systemData: { createdAt: automationTime(existing?.sim?.createdAt ?? now), lastModifiedAt: automationTime(now) },
        properties: {
          runtime: { language: runtime.language, version: runtime.version },
          defaultPackages: body.properties.defaultPackages ?? {},
          description: body.properties.description ?? null,
        },
        sim: { createdAt: existing?.sim?.createdAt ?? now },
      };
      putResource(sim, r);
      return { status: existing ? 200 : 201, body: view(r) };
    }),
  );

  router.add(
    'PATCH',
    item,
    arm(async (req, sim) => {
      await guard(req, sim, opts(req, 'write'));
      const r = requireRuntimeEnvironment(req, sim);
      const body = requireObject(req.json(), 'parameters');
      if (body.tags) r.tags = body.tags;
      if (body.properties?.defaultPackages)
        r.properties = { ...r.properties, defaultPackages: body.properties.defaultPackages };
      if (body.properties?.description !== undefined)
        r.properties = { ...r.properties, description: body.properties.description };
      r.systemData = { ...r.systemData, lastModifiedAt: automationTime(sim.now()) };
      return { status: 200, body: view(r) };
    }),
  );

  registerChildReads(router, RUNTIME_ENVIRONMENTS);
}

export function registerImports(router: Router): void {
  const account = (req: SimRequest, sim: Sim) => requireAccount(req, sim);
  registerImportKind(router, MODULES, AA, account, () => '');
  registerImportKind(router, PS72, AA, account, () => '');
  registerRuntimeEnvironments(router);
  registerImportKind(
    router,
    PACKAGES,
    `${AA}/runtimeEnvironments/:re`,
    requireRuntimeEnvironment,
    (req) => `runtimeEnvironments/${req.params.re}/`,
  );
}

/** Is `name` imported (Succeeded) where a job on `runtime` would load modules from? */
export function moduleAvailable(
  sim: Sim,
  account: ArmResource,
  where: { runtimeEnvironment?: string; runbookType?: string },
  name: string,
): boolean {
  let list: ArmResource[];
  if (where.runtimeEnvironment) {
    const re = getResource(sim, `${account.id}/runtimeEnvironments/${where.runtimeEnvironment}`);
    if (!re) return false;
    list = children(sim, re.id, 'packages');
  } else if (/^PowerShell7/i.test(where.runbookType ?? '')) list = children(sim, account.id, 'powershell72modules');
  else list = children(sim, account.id, 'modules');
  return list.some((r) => r.name.toLowerCase() === name.toLowerCase() && importState(sim, r) === 'Succeeded');
}
