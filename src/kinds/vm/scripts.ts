// The Run Command scripts the action runs on a VM, and the parser of what they print. Pure.
//
// Windows VMs: RunPowerShellScript runs the lines in Windows PowerShell 5.1 (as SYSTEM). The
// module is installed with -Scope AllUsers into %ProgramFiles%\WindowsPowerShell\Modules, which
// Windows PowerShell 5.1 and PowerShell 7 (pwsh appends that folder to PSModulePath) both load.
// Linux VMs: RunShellScript runs bash; PowerShell 7 (pwsh) must already be installed. The script
// is written to a private temp file and run with `pwsh -File`, so statements, blocks and variables
// behave as in any .ps1 (one `pwsh -c` per line would lose them).
import { compareVersions, isPrerelease, parseVersion } from '../../compat.js';
import type { DesiredPackage } from '../../engine/types.js';

export type VmOs = 'Windows' | 'Linux';

export interface RunCommandInput {
  commandId: 'RunPowerShellScript' | 'RunShellScript';
  script: string[];
}

export const EXO_MODULE = 'ExchangeOnlineManagement';
/** The line the module script prints once per installed version. */
export const MODULE_MARKER = 'exo-automation:module-version=';

/** A single-quoted PowerShell string literal. */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Installs `name` at `version` for all users unless exactly that version is already installed. */
function ensureModule(name: string, version: string): string[] {
  const pre = isPrerelease(version) ? ' -AllowPrerelease' : '';
  return [
    `if (-not (Get-InstalledModule -Name ${name} -RequiredVersion ${psQuote(version)}${pre} -ErrorAction SilentlyContinue)) {`,
    `  Install-Module -Name ${name} -RequiredVersion ${psQuote(version)}${pre} -Scope AllUsers -Repository PSGallery -Force -AllowClobber`,
    '}',
  ];
}

/** The PowerShell that installs the module (and on Windows what 5.1 needs first) and reports it. */
export function modulePowerShell(os: VmOs, version: string, windowsPackages: DesiredPackage[]): string[] {
  const lines = [
    `# exo-automation: ${EXO_MODULE} ${version} for all users`,
    "$ErrorActionPreference = 'Stop'",
    "$ProgressPreference = 'SilentlyContinue'",
  ];
  if (os === 'Windows') {
    lines.push(
      // PowerShell Gallery only speaks TLS 1.2+; Windows PowerShell 5.1 may default to older.
      '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12',
      "if (-not (Get-PackageProvider -ListAvailable -Name NuGet -ErrorAction SilentlyContinue | Where-Object { $_.Version -ge [version]'2.8.5.201' })) {",
      '  Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Scope AllUsers -Force | Out-Null',
      '}',
    );
    for (const p of windowsPackages) lines.push(...ensureModule(p.name, p.version));
  }
  lines.push(
    ...ensureModule(EXO_MODULE, version),
    `Get-Module -ListAvailable -Name ${EXO_MODULE} | ForEach-Object { "${MODULE_MARKER}$($_.Version)" }`,
  );
  return lines;
}

/** Bash that runs PowerShell lines in pwsh from a private temp file, and fails clearly without pwsh. */
export function pwshShell(psLines: string[], what: string): string[] {
  const tag = 'EXO_AUTOMATION_PS1';
  if (psLines.some((l) => l.trim() === tag)) throw new Error(`a script line equals the heredoc delimiter ${tag}`);
  return [
    `# exo-automation: ${what}`,
    'if ! command -v pwsh >/dev/null 2>&1; then',
    '  echo "pwsh (PowerShell 7) is not installed on this VM: install it (https://aka.ms/install-powershell), or use a Windows VM" >&2',
    '  exit 1',
    'fi',
    'f="$(mktemp --suffix=.ps1)"',
    `cat > "$f" <<'${tag}'`,
    ...psLines,
    tag,
    'pwsh -NoProfile -NonInteractive -File "$f"',
    'rc=$?',
    'rm -f "$f"',
    'exit $rc',
  ];
}

/** The Run Command for an OS: RunPowerShellScript on Windows, RunShellScript (bash + pwsh) on Linux. */
export function runCommandFor(os: VmOs, psLines: string[], what: string): RunCommandInput {
  return os === 'Windows'
    ? { commandId: 'RunPowerShellScript', script: psLines }
    : { commandId: 'RunShellScript', script: pwshShell(psLines, what) };
}

export function moduleCommand(os: VmOs, version: string, windowsPackages: DesiredPackage[]): RunCommandInput {
  return runCommandFor(
    os,
    modulePowerShell(os, version, windowsPackages),
    `install ${EXO_MODULE} ${version} for all users`,
  );
}

export interface ModuleReport {
  /** versions of the module the VM reports, in its order */
  installed: string[];
  /** whether `wanted` is among them (a prerelease compares by its numeric version: Get-Module drops the tag) */
  ok: boolean;
}

/** Reads the marker lines of the module script's standard output. */
export function parseModuleReport(stdout: string, wanted: string): ModuleReport {
  const installed: string[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith(MODULE_MARKER)) continue;
    const v = line.slice(MODULE_MARKER.length).trim();
    if (v && parseVersion(v)) installed.push(v);
  }
  const want = parseVersion(wanted);
  const core = (v: string) => parseVersion(v)!.parts.join('.');
  const ok = !!want && installed.some((v) => core(v) === want.parts.join('.'));
  return { installed, ok };
}

/** Newest first, for messages. */
export function newestFirst(versions: string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(b, a));
}

/** The smoke test's PowerShell: the connect line, then the low-impact command Microsoft's page suggests. */
export function smokePowerShell(connectLine: string): string[] {
  return [
    '# exo-automation smoke test (smoke-test: true)',
    "$ErrorActionPreference = 'Stop'",
    connectLine,
    'Get-AcceptedDomain | Format-Table -AutoSize | Out-String',
  ];
}

export function smokeCommand(os: VmOs, connectLine: string): RunCommandInput {
  return runCommandFor(os, smokePowerShell(connectLine), 'smoke test: Connect-ExchangeOnline, Get-AcceptedDomain');
}
