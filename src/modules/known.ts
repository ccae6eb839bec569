// What is known about well-known modules beyond their manifests, each entry with its source:
// runtimes a version cannot load on (checked offline, before any request, for explicit versions)
// and combinations that misbehave in one runtime environment (warnings). Pure.
import { compareVersions, parseVersion } from '../compat.js';
import type { Runtime } from '../types.js';

interface VersionRange {
  /** inclusive */
  min?: string;
  /** exclusive */
  below?: string;
}

interface KnownRequirement {
  name: string;
  range: VersionRange;
  /** runtimes the versions in range cannot load on */
  notOn: Runtime[];
  why: string;
  source: string;
}

/** Numeric core only: 4.0.0-preview1 has 4.0.0's requirements. */
function inRange(version: string, r: VersionRange): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  const core = v.parts.join('.');
  return (!r.min || compareVersions(core, r.min) >= 0) && (!r.below || compareVersions(core, r.below) < 0);
}

export const KNOWN_REQUIREMENTS: readonly KnownRequirement[] = [
  {
    name: 'PnP.PowerShell',
    range: { min: '2.0.0', below: '3.0.0' },
    notOn: ['5.1'],
    why: 'PnP.PowerShell 2.x is built on .NET 6 for PowerShell 7.2 or later only (it loads System.Management.Automation 7.2)',
    source:
      'pnp/powershell build/Build-Nightly.ps1 at tag v2.12.0 (net6.0 assemblies); pnp/powershell issue 2993 ' +
      '("Could not load file or assembly \'System.Management.Automation, Version=7.2.0.0\'")',
  },
  {
    name: 'PnP.PowerShell',
    range: { min: '3.0.0', below: '4.0.0' },
    notOn: ['5.1', '7.1', '7.2'],
    why: 'PnP.PowerShell 3.x is built on .NET 8 and requires PowerShell 7.4 or later',
    source:
      "pnp/powershell build/Build-Nightly.ps1 at tag v3.0.0 (PowerShellVersion = '7.4.6', net8.0); pnp/powershell " +
      'CHANGELOG ("PnP PowerShell now requires PowerShell 7.4.0 or newer")',
  },
  {
    name: 'PnP.PowerShell',
    range: { min: '4.0.0' },
    notOn: ['5.1', '7.1', '7.2', '7.4'],
    why: 'PnP.PowerShell 4.x is built on .NET 10 and requires PowerShell 7.6 or later',
    source: 'pnp/powershell release 4.0.0-preview1 ("built on top of .NET 10 requiring PowerShell 7.6 or later")',
  },
  {
    name: 'Microsoft.Graph.Authentication',
    range: { min: '2.26.0', below: '2.26.1' },
    notOn: ['7.1', '7.2'],
    why:
      'Microsoft.Graph.Authentication 2.26.0 depends on System.Runtime 8.0.0.0 (.NET 8): Connect-MgGraph fails on PowerShell 7.2 ' +
      'runtimes with "Could not load file or assembly \'System.Runtime, Version=8.0.0.0\'"; 2.26.1 went back to .NET 6',
    source: 'microsoftgraph/msgraph-sdk-powershell issue 3151 and pull request 3171 ("Roll back to .NET 6")',
  },
];

/** Known reasons `name` `version` cannot load on `runtime` (offline), with their source. */
export function knownIncompatibility(name: string, version: string, runtime: Runtime): string | undefined {
  const hit = KNOWN_REQUIREMENTS.find(
    (k) => k.name.toLowerCase() === name.toLowerCase() && k.notOn.includes(runtime) && inRange(version, k.range),
  );
  return hit ? `${name} ${version} cannot load on runtime ${runtime}: ${hit.why} (source: ${hit.source})` : undefined;
}

export interface Conflict {
  severity: 'warning' | 'error';
  message: string;
}

export const EXO_GRAPH_MSAL_SOURCES =
  'Galvnyz/M365-Assess issue 231 (pins ExchangeOnlineManagement at 3.7.1), microsoftgraph/msgraph-sdk-powershell ' +
  'issues 3394 and 2803, microsoft/Microsoft365DSC pull request 7096';

/**
 * Combinations in one runtime environment. ExchangeOnlineManagement 3.8.0 and later and the
 * Microsoft Graph PowerShell SDK 2.x bundle different MSAL (Microsoft.Identity.Client) builds and
 * PowerShell loads one per session: whichever module loads second fails to connect. Both import
 * fine, and a job that uses only one of them works, so this is a warning.
 */
export function knownConflicts(
  packages: { name: string; version: string }[],
  exoVersion: string | undefined,
): Conflict[] {
  const out: Conflict[] = [];
  const graph = packages.find((p) => p.name.toLowerCase() === 'microsoft.graph.authentication');
  if (exoVersion && graph && parseVersion(exoVersion) && parseVersion(graph.version)) {
    const exo38 = compareVersions(parseVersion(exoVersion)!.parts.join('.'), '3.8.0') >= 0;
    const graph2 = compareVersions(graph.version, '2.0.0') >= 0 && compareVersions(graph.version, '3.0.0') < 0;
    if (exo38 && graph2) {
      out.push({
        severity: 'warning',
        message:
          `ExchangeOnlineManagement ${exoVersion} and Microsoft.Graph.Authentication ${graph.version} load different ` +
          'MSAL (Microsoft.Identity.Client) versions: in one job, whichever connects second fails (Connect-MgGraph ' +
          'after Connect-ExchangeOnline, or the reverse). Use them in separate runbooks, or pin module-version to ' +
          `3.7.1 (sources: ${EXO_GRAPH_MSAL_SOURCES})`,
      });
    }
  }
  return out;
}
