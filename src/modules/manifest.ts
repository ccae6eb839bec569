// What a module declares about where it runs, read from its manifest (.psd1 in the .nupkg), and
// whether a runtime environment satisfies it. Pure.
//
// Fields (learn.microsoft.com "about_Module_Manifests" / New-ModuleManifest; the comments that
// New-ModuleManifest writes above each field, as in the gallery's own manifests):
// - PowerShellVersion: "Minimum version of the PowerShell engine required by this module"
// - CompatiblePSEditions: "Supported PSEditions" (Desktop = Windows PowerShell 5.1, Core = PowerShell 7)
// - DotNetFrameworkVersion: "Minimum version of Microsoft .NET Framework required by this module.
//   This prerequisite is valid for the PowerShell Desktop edition only."
import { compareVersions, parseVersion } from '../compat.js';
import type { Runtime } from '../types.js';

export interface ModuleManifest {
  powerShellVersion?: string;
  /** undefined when the manifest does not say (then every edition is allowed) */
  compatiblePSEditions?: string[];
  dotNetFrameworkVersion?: string;
}

/** The manifest text without comment lines and block comments (New-ModuleManifest comments out unset fields). */
function uncommented(psd1: string): string {
  return psd1
    .replace(/<#[\s\S]*?#>/g, '')
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
}

function field(text: string, name: string): string | undefined {
  // a key at a line start, after '@{' or ';' (one-line manifests), never inside another key's name
  const m = new RegExp(`(?:^|[{;])\\s*${name}\\s*=\\s*([^\\n;]+)`, 'im').exec(text);
  return m?.[1].trim();
}

function strings(value: string): string[] {
  return [...value.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]);
}

export function parseManifest(psd1: string): ModuleManifest {
  const text = uncommented(psd1);
  const one = (name: string) => {
    const v = field(text, name);
    return v === undefined ? undefined : strings(v)[0];
  };
  const editions = field(text, 'CompatiblePSEditions');
  return {
    powerShellVersion: one('PowerShellVersion') || undefined,
    compatiblePSEditions: editions === undefined ? undefined : strings(editions),
    dotNetFrameworkVersion: one('DotNetFrameworkVersion') || undefined,
  };
}

export interface RuntimeFacts {
  edition: 'Desktop' | 'Core';
  /** the engine version the runtime runs (major.minor; Azure keeps the patch current) */
  powerShell: string;
  /** Desktop only: the .NET Framework of Azure Automation's Windows PowerShell 5.1 sandboxes */
  dotNetFramework?: string;
}

/**
 * Azure Automation's runtimes. 5.1 is Windows PowerShell (Desktop) on .NET Framework 4.8 — an
 * ASSUMPTION (Windows Server 2019+ workers ship 4.7.2 or later; no public page states 4.8 for the
 * sandbox): a manifest asking for more than 4.8 is refused. 7.x are PowerShell (Core) 7.x.
 */
export function runtimeFacts(runtime: Runtime): RuntimeFacts {
  if (runtime === '5.1') return { edition: 'Desktop', powerShell: '5.1', dotNetFramework: '4.8' };
  return { edition: 'Core', powerShell: runtime };
}

/** major.minor only: a manifest asking 7.4.6 runs on the 7.4 runtime (Azure serves a current 7.4 patch). */
function majorMinor(v: string): string {
  const p = parseVersion(v);
  return p ? `${p.parts[0]}.${p.parts[1]}` : v;
}

/** Why `manifest` cannot run on `runtime`, or undefined. */
export function manifestIncompatibility(
  name: string,
  version: string,
  manifest: ModuleManifest,
  runtime: Runtime,
): string | undefined {
  const rt = runtimeFacts(runtime);
  const who = `${name} ${version}`;
  const editions = manifest.compatiblePSEditions;
  if (editions && editions.length && !editions.some((e) => e.toLowerCase() === rt.edition.toLowerCase())) {
    const names = editions.map((e) =>
      e.toLowerCase() === 'core' ? 'PowerShell 7 (Core)' : 'Windows PowerShell 5.1 (Desktop)',
    );
    return `${who} declares CompatiblePSEditions ${editions.join(', ')}: it runs on ${names.join(' and ')} only, not on runtime ${runtime}`;
  }
  const want = manifest.powerShellVersion;
  if (want && parseVersion(want) && compareVersions(majorMinor(want), rt.powerShell) > 0) {
    return `${who} declares PowerShellVersion ${want}: it needs PowerShell ${want} or later, runtime ${runtime} runs ${rt.powerShell}`;
  }
  const net = manifest.dotNetFrameworkVersion;
  if (rt.dotNetFramework && net && parseVersion(net) && compareVersions(net, rt.dotNetFramework) > 0) {
    return `${who} declares DotNetFrameworkVersion ${net}: runtime ${runtime} runs .NET Framework ${rt.dotNetFramework}`;
  }
  return undefined;
}
