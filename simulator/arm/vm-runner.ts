// Run commands on a simulated VM: RunPowerShellScript (Windows) or RunShellScript with
// `pwsh -c ...` lines (Linux). Module cmdlets (Install-Module, Get-InstalledModule, Get-Module)
// change or read the VM's installed modules; Connect-ExchangeOnline and Get-AcceptedDomain use
// the job runner's rules with the VM's identities. Pure: state goes in and comes out.
import type { GalleryVersion } from '../types.js';
import {
  parseParams,
  runScript,
  TerminatingError,
  type CommandHook,
  type ExoContext,
  formatTable,
} from './job-runner.js';

export type InstalledModules = Record<string, string[]>;

export interface VmRunInput {
  commandId: string;
  os: 'Windows' | 'Linux';
  script: string[];
  installed: InstalledModules;
  gallery: Record<string, GalleryVersion[]>;
  /** context for Exchange; exoModule is recomputed from the installed modules */
  exo: ExoContext;
  /** Linux: whether PowerShell 7 (pwsh) is installed (default true) */
  pwsh?: boolean;
}

export interface VmRunOutput {
  stdout: string;
  stderr: string;
  installed: InstalledModules;
}

/** Windows PowerShell 5.1 ships PackageManagement and PowerShellGet 1.0.0.1; PowerShell 7 ships newer ones. */
export function defaultModules(os: 'Windows' | 'Linux'): InstalledModules {
  return os === 'Windows'
    ? { PackageManagement: ['1.0.0.1'], PowerShellGet: ['1.0.0.1'] }
    : { PackageManagement: ['1.4.8.1'], PowerShellGet: ['2.2.5'] };
}

function newest(versions: string[]): string {
  return [...versions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop() ?? '';
}

/** The PowerShell text a Linux shell line runs: `pwsh -c "..."` / `pwsh -Command '...'`, else undefined. */
export function pwshInner(line: string): string | undefined {
  const m = /^\s*pwsh(?:\.exe)?\s+(?:-NoProfile\s+|-NonInteractive\s+)*(?:-c|-Command)\s+([\s\S]+)$/i.exec(line);
  if (!m) return undefined;
  const arg = m[1].trim();
  if ((arg.startsWith('"') && arg.endsWith('"')) || (arg.startsWith("'") && arg.endsWith("'"))) return arg.slice(1, -1);
  return arg;
}

/** `pwsh [-NoProfile] [-NonInteractive] -File PATH`: PATH as written (e.g. "$f"), else undefined. */
export function pwshFile(line: string): string | undefined {
  const m = /^\s*pwsh(?:\.exe)?\s+(?:-NoProfile\s+|-NonInteractive\s+)*-File\s+(\S+)\s*$/i.exec(line);
  return m?.[1];
}

/**
 * The bash of RunShellScript, as far as scripts use it: `pwsh -c '...'` lines, `echo` (`>&2` to
 * stderr), `exit`, `cat > FILE <<'TAG'` heredocs run later with `pwsh -File FILE`, and
 * `if ...; then ... fi` blocks, of which only `if ! command -v pwsh` is ever taken (when the VM
 * has no pwsh); others are not.
 */
function linuxPowerShell(script: string[], hasPwsh: boolean, shellOut: string[], shellErr: string[]): string[] {
  const lines: string[] = [];
  const files = new Map<string, string[]>();
  const skipping: boolean[] = [];
  for (let i = 0; i < script.length; i++) {
    const line = script[i];
    const cond = /^\s*if\s+(.*);\s*then\s*$/.exec(line);
    if (cond) {
      const taken = /^!\s*command\s+-v\s+pwsh\b/.test(cond[1].trim()) && !hasPwsh;
      skipping.push(skipping.some(Boolean) || !taken);
      continue;
    }
    if (/^\s*fi\s*$/.test(line)) {
      skipping.pop();
      continue;
    }
    if (skipping.some(Boolean)) continue;
    const heredoc = /^\s*cat\s+>\s*(\S+)\s+<<-?\s*(['"]?)(\w+)\2\s*$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < script.length && script[i].trim() !== heredoc[3]; i++) body.push(script[i]);
      files.set(heredoc[1], body);
      continue;
    }
    if (/^\s*exit(\s+\d+)?\s*$/.test(line)) break;
    const file = pwshFile(line);
    const inner = pwshInner(line);
    if ((file !== undefined || inner !== undefined) && !hasPwsh) {
      shellErr.push(`/var/lib/waagent/run-command/download/0/script.sh: line ${i + 1}: pwsh: command not found`);
      continue;
    }
    if (file !== undefined) {
      lines.push(...(files.get(file) ?? []));
      continue;
    }
    if (inner !== undefined) lines.push(inner);
    else {
      const echo = /^\s*echo\s+(.*?)(\s*>&2)?\s*$/.exec(line);
      if (echo) (echo[2] ? shellErr : shellOut).push(echo[1].replace(/^['"]|['"]$/g, ''));
    }
  }
  return lines;
}

/** `ForEach-Object { "text $($_.Prop)" }` over objects: each object rendered through the string. */
function forEachTemplate(pipeline: string[]): ((row: Record<string, string>) => string) | undefined {
  for (const stage of pipeline) {
    const m = /^(?:ForEach-Object|%)\s*\{\s*(["'])(.*)\1\s*\}$/i.exec(stage.trim());
    if (!m) continue;
    const template = m[2];
    if (m[1] === "'") return () => template;
    return (row) =>
      template.replace(/\$\(\$_\.(\w+)\)/g, (_all, prop: string) => {
        const key = Object.keys(row).find((k) => k.toLowerCase() === prop.toLowerCase());
        return key ? row[key] : '';
      });
  }
  return undefined;
}

export function runVmCommand(input: VmRunInput): VmRunOutput {
  const installed: InstalledModules = structuredClone(input.installed);
  const lines: string[] = [];
  const shellOut: string[] = [];
  const shellErr: string[] = [];
  if (input.os === 'Linux') lines.push(...linuxPowerShell(input.script, input.pwsh ?? true, shellOut, shellErr));
  else lines.push(...input.script);

  const findInstalled = (name: string) => Object.keys(installed).find((k) => k.toLowerCase() === name.toLowerCase());
  const exo: ExoContext = { ...input.exo, exoModule: !!findInstalled('ExchangeOnlineManagement') };

  const hook: CommandHook = (cmd, out) => {
    const name = cmd.name.toLowerCase();
    const p = parseParams(cmd.args);
    const positional = cmd.args.find((a) => !a.startsWith('-'));
    if (name === 'install-module') {
      const mod = p.name ?? positional ?? '';
      const key = Object.keys(input.gallery).find((k) => k.toLowerCase() === mod.toLowerCase());
      const candidates = (key ? input.gallery[key] : []).filter(
        (v) => v.downloadable !== false && ('allowprerelease' in p || !v.prerelease),
      );
      const wanted = p.requiredversion;
      const hit = wanted
        ? candidates.find((v) => v.version.toLowerCase() === wanted.toLowerCase())
        : candidates.sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true })).pop();
      if (!key || !hit) {
        // PowerShellGet's own text.
        out(
          'Error',
          `PackageManagement\\Install-Package : No match was found for the specified search criteria and module name '${mod}'. Try Get-PSRepository to see all available registered module repositories.`,
        );
        return true;
      }
      const have = findInstalled(key) ?? key;
      installed[have] = [...new Set([...(installed[have] ?? []), hit.version])];
      if (have.toLowerCase() === 'exchangeonlinemanagement') exo.exoModule = true;
      return true;
    }
    if (name === 'get-installedmodule' || name === 'get-module') {
      const mod = p.name ?? positional;
      const names = mod ? [findInstalled(mod)].filter((x): x is string => !!x) : Object.keys(installed);
      if (mod && !names.length) {
        if (name === 'get-installedmodule')
          out('Error', `No match was found for the specified search criteria and module names '${mod}'.`);
        return true;
      }
      const rows = names.flatMap((n): Record<string, string>[] =>
        name === 'get-module'
          ? installed[n].map((v) => ({ ModuleType: 'Script', Version: v, Name: n }))
          : [{ Version: newest(installed[n]), Name: n, Repository: 'PSGallery' }],
      );
      const each = forEachTemplate(cmd.pipeline);
      if (each) {
        for (const row of rows) out('Output', each(row));
        return true;
      }
      out(
        'Output',
        formatTable(
          name === 'get-module' ? ['ModuleType', 'Version', 'Name'] : ['Version', 'Name', 'Repository'],
          rows,
        ),
      );
      return true;
    }
    if (['install-packageprovider', 'set-psrepository', 'register-psrepository', 'set-executionpolicy'].includes(name))
      return true;
    return false;
  };

  const result = runScript(lines.join('\n'), exo, hook);
  const text = (types: string[]) =>
    result.streams
      .filter((s) => types.includes(s.type))
      .map((s) => s.text)
      .join('\n');
  return {
    stdout: [...shellOut, text(['Output'])].filter(Boolean).join('\n'),
    stderr: [...shellErr, text(['Error', 'Warning'])].filter(Boolean).join('\n'),
    installed,
  };
}

export { TerminatingError };
