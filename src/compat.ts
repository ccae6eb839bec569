// ExchangeOnlineManagement (EXO) x Azure Automation PowerShell runtime matrix. Pure functions.
//
// Sources (each rule below names the one it rests on):
// [EXO-OS]  MicrosoftDocs/office-docs-powershell exchange/docs-conceptual/exchange-online-powershell-v2.md
//           @269321fd, "Supported operating systems" (Windows / PowerShell 7 bullets):
//           - "Module versions 3.5.0 (May 2024) or later require PowerShell 7.4.0 (November 2023) or later
//             due to .NET 8.0 assembly dependencies."
//           - "Module versions 3.0.0 (September 2022) to 3.4.0 (October 2023) require PowerShell 7.2.0
//             (November 2021) or later due to .NET 6.0 assembly dependencies"
//           - "Windows PowerShell 5.1: All versions of the module are supported."
//           - "REST API connections in Windows require the PowerShellGet module. By dependency, the
//             PowerShellGet module requires the PackageManagement module. Consideration for these modules
//             is more for PowerShell 5.1 than PowerShell 7". Missing PowerShellGet: "Cannot find a cmdlet
//             Update-Manifest".
// [EXO-RN]  same page, release notes: "Version 3.5.1 ... The module is upgraded to run on .NET 8,
//           replacing the previous version based on .NET 6."
// [EXO-MI]  exchange/docs-conceptual/connect-exo-powershell-managed-identity.md @053b67fd: managed identity
//           connections use "the Exchange Online PowerShell V3 module" (3.0.0+); "REST API connections in
//           the V3 module require the PowerShellGet and PackageManagement modules".
// [AA-MI]   MicrosoftDocs/office-docs-powershell issue #11182 (2023-08): in an Automation account EXO 3.x
//           needs PackageManagement and PowerShellGet imported for Connect-ExchangeOnline to work.
// [FN-1088] Azure/azure-functions-powershell-worker issue #1088 (2024-08): EXO 3.5.1 on PowerShell 7.2
//           fails "Unable to find type [Microsoft.Exchange.Management.RestApiClient.ExchangeEnvironment]";
//           3.5.0 worked there. Matches [EXO-RN] (.NET 8 from 3.5.1). Irrelevant here since 7.2 is refused,
//           so the 7.4 floor of [EXO-OS] is applied from 3.5.0 on.
// [EXO-310] ExchangeOnlineManagement 3.10.x needs PowerShell 7.6 on PowerShell 7 (project brief; the
//           3.10.0 release notes as reported in maester365/maester discussion #1827: "PowerShell 7.6 &
//           Windows PowerShell 5.1 are the only supported versions", 3.9.2 recommended where a host is
//           stuck at 7.4). Versions newer than 3.10 are assumed to keep this floor until a source says otherwise.
// [AA-RET]  Azure Automation retires the PowerShell 7.1 and 7.2 runtimes on 2026-09-30 (project brief;
//           learn.microsoft.com/azure/automation/automation-runtime-retirement-policy describes the process).
//
// Decision: 7.4 runs 3.0.0-3.4.x. [EXO-OS] states a floor ("7.2.0 or later"), not a ceiling, and its
// Linux/macOS tables list 3.0.0-3.4.0 with "7.2.0 to 7.3.7 (or later)" and, for macOS 13 whose minimum is
// 7.4.0, "Module versions 3.0.0 to 3.4.0 are also supported". Same reading for 7.6 and 3.0-3.9 (".NET 6/8
// assemblies load on the newer runtime"; floors only).
import type { Runtime } from './types.js';

export const SUPPORTED_RUNTIMES: readonly Runtime[] = ['5.1', '7.4', '7.6'];
export const RETIRED_RUNTIMES: readonly Runtime[] = ['7.1', '7.2'];
export const RETIREMENT_DATE = '2026-09-30';

export const RETIRED_MIGRATION_MESSAGE =
  `Azure Automation retires the PowerShell 7.1 and 7.2 runtimes on ${RETIREMENT_DATE}. ` +
  'Use 7.4 (ExchangeOnlineManagement 3.0.0 to 3.9.x) or 7.6 (any 3.x, required from 3.10.0): ' +
  'set runtime-versions to 7.4 or 7.6; runbooks move when bound to the new runtime environment, ' +
  'and modules must be imported again for it (this action does both).';

// ---------------------------------------------------------------------------------------------
// Versions: PowerShell module versions are System.Version (2 to 4 numeric parts) plus an optional
// prerelease tag after "-" (e.g. 3.7.0-Preview1).

export interface ModuleVersion {
  raw: string;
  /** exactly 4 numbers, missing parts are 0 */
  parts: [number, number, number, number];
  prerelease?: string;
}

const VERSION_RE = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z][0-9A-Za-z.-]*))?$/;

export function parseVersion(text: string): ModuleVersion | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  return { raw: text.trim(), parts: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], prerelease: m[5] };
}

export function isPrerelease(version: string): boolean {
  return parseVersion(version)?.prerelease !== undefined;
}

/** Compare prerelease tags chunk by chunk, numbers numerically, text case-insensitively (Preview2 < Preview10). */
function comparePrerelease(a: string, b: string): number {
  const chunks = (s: string) => s.toLowerCase().match(/\d+|[^\d]+/g) ?? [];
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return Math.sign(d);
    } else if (x !== y) {
      if (nx !== ny) return nx ? -1 : 1;
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function toVersion(v: string | ModuleVersion): ModuleVersion {
  if (typeof v !== 'string') return v;
  const parsed = parseVersion(v);
  if (!parsed) throw new Error(`Not a module version: "${v}"`);
  return parsed;
}

/** <0, 0, >0 like a sort comparator. A release sorts after its prereleases (3.7.0-Preview1 < 3.7.0). */
export function compareVersions(a: string | ModuleVersion, b: string | ModuleVersion): number {
  const va = toVersion(a);
  const vb = toVersion(b);
  for (let i = 0; i < 4; i++) {
    const d = va.parts[i] - vb.parts[i];
    if (d !== 0) return Math.sign(d);
  }
  if (va.prerelease === undefined && vb.prerelease === undefined) return 0;
  if (va.prerelease === undefined) return 1;
  if (vb.prerelease === undefined) return -1;
  return comparePrerelease(va.prerelease, vb.prerelease);
}

// ---------------------------------------------------------------------------------------------
// Runtimes

export type RuntimeCheck = { ok: true; runtime: Runtime } | { ok: false; retired: boolean; message: string };

/**
 * Accepts exactly 5.1, 7.4, 7.6; refuses 7.1/7.2 with the migration message, unless `allowRetired`
 * (Microsoft's retirement policy: retired runtimes can still be created and run, in reduced support).
 */
export function checkRuntime(input: string, allowRetired = false): RuntimeCheck {
  const value = input.trim();
  if ((SUPPORTED_RUNTIMES as readonly string[]).includes(value)) return { ok: true, runtime: value as Runtime };
  if ((RETIRED_RUNTIMES as readonly string[]).includes(value)) {
    if (allowRetired) return { ok: true, runtime: value as Runtime };
    return {
      ok: false,
      retired: true,
      message: `PowerShell ${value} is retired. ${RETIRED_MIGRATION_MESSAGE} To keep ${value} for now, set allow-retired-runtimes: true.`,
    };
  }
  return {
    ok: false,
    retired: false,
    message: `"${value}" is not a supported runtime; accepted: ${SUPPORTED_RUNTIMES.join(', ')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Matrix

const V3 = parseVersion('3.0.0')!;
const V3_5 = parseVersion('3.5.0')!;
const V3_10 = parseVersion('3.10.0')!;

/** Compare on the numeric core only: a prerelease of 3.10.1 has 3.10.1's requirements. */
function core(v: ModuleVersion): ModuleVersion {
  return { raw: v.raw, parts: v.parts };
}

/** Why `version` cannot run on `runtime`, or undefined when it can. */
export function incompatibilityReason(runtime: Runtime, version: string): string | undefined {
  const v = parseVersion(version);
  if (!v) return `"${version}" is not a module version (expected e.g. 3.9.2 or 3.7.0-Preview1)`;
  const c = core(v);
  if (compareVersions(c, V3) < 0) {
    // [EXO-MI]: Connect-ExchangeOnline -ManagedIdentity exists from the V3 module on.
    return `ExchangeOnlineManagement ${v.raw} predates 3.0.0, which managed identity connections need`;
  }
  switch (runtime) {
    case '5.1':
      return undefined; // [EXO-OS]: all versions run on Windows PowerShell 5.1
    case '7.1':
      // [EXO-OS] every 3.x needs PowerShell 7.2.0 or later
      return `ExchangeOnlineManagement ${v.raw} needs PowerShell 7.2 or later; no 3.x version runs on 7.1: use runtime 7.4`;
    case '7.2':
      // [EXO-OS] 3.0-3.4 need >= 7.2, 3.5 and later >= 7.4
      return compareVersions(c, V3_5) >= 0
        ? `ExchangeOnlineManagement ${v.raw} needs PowerShell 7.4 (3.5.0 and later); use 3.4.x or earlier on 7.2, or runtime 7.4`
        : undefined;
    case '7.4':
      // [EXO-OS] 3.0-3.4 need >= 7.2, 3.5-3.9 need >= 7.4; [EXO-310] 3.10+ need 7.6
      return compareVersions(c, V3_10) >= 0
        ? `ExchangeOnlineManagement ${v.raw} needs PowerShell 7.6 (3.10.0 and later); use 3.9.x or earlier on 7.4, or runtime 7.6`
        : undefined;
    case '7.6':
      return undefined; // floors only: 3.0-3.4 (>= 7.2), 3.5-3.9 (>= 7.4), 3.10+ (>= 7.6)
  }
}

export function isCompatible(runtime: Runtime, version: string): boolean {
  return incompatibilityReason(runtime, version) === undefined;
}

/** The lowest runtime of each kind a version needs, for messages. */
export function minimumPowerShell7(version: string): string | undefined {
  const v = parseVersion(version);
  if (!v || compareVersions(core(v), V3) < 0) return undefined;
  if (compareVersions(core(v), V3_10) >= 0) return '7.6';
  if (compareVersions(core(v), V3_5) >= 0) return '7.4';
  return '7.2';
}

/** Newest GA (no prerelease) version from `availableVersions` that runs on `runtime`; undefined if none. */
export function resolveLatest(runtime: Runtime, availableVersions: string[]): string | undefined {
  let best: ModuleVersion | undefined;
  for (const text of availableVersions) {
    const v = parseVersion(text);
    if (!v || v.prerelease !== undefined || !isCompatible(runtime, v.raw)) continue;
    if (!best || compareVersions(v, best) > 0) best = v;
  }
  return best?.raw;
}

// ---------------------------------------------------------------------------------------------
// Packages a runtime needs next to ExchangeOnlineManagement

export interface PackageRequirement {
  name: string;
  version: string;
  why: string;
  /** modules of this list it requires, as its gallery manifest declares (imported after them) */
  dependsOn?: string[];
}

/**
 * Modules to import before ExchangeOnlineManagement, in dependency order (PowerShellGet requires
 * PackageManagement). Only 5.1 needs them: Windows PowerShell 5.1 ships PackageManagement and
 * PowerShellGet 1.0.0.1, too old for REST connections ([EXO-OS], [AA-MI]); PowerShell 7 ships current
 * PowerShellGet 2.2.5 / PackageManagement 1.4.8.1 in $PSHOME. Versions: the newest GA of each
 * (PowerShellGet 3.x never left prerelease; it became Microsoft.PowerShell.PSResourceGet).
 * [EXO-OS] warns that preview versions of either module cause connection issues, hence pinned GA versions.
 */
export function requiredPackages(runtime: Runtime): PackageRequirement[] {
  if (runtime !== '5.1') return [];
  return [
    {
      name: 'PackageManagement',
      version: '1.4.8.1',
      why: 'required by PowerShellGet; REST connections of ExchangeOnlineManagement 3.x need both on 5.1',
    },
    {
      name: 'PowerShellGet',
      version: '2.2.5',
      // the gallery's PowerShellGet 2.2.5 declares the dependency "PackageManagement (>= 1.4.4)"
      // (RequiredModules of its manifest); ExchangeOnlineManagement 3.x declares none
      dependsOn: ['PackageManagement'],
      why: 'REST connections of ExchangeOnlineManagement 3.x in Windows PowerShell 5.1 ("Cannot find a cmdlet Update-Manifest" without it)',
    },
  ];
}
