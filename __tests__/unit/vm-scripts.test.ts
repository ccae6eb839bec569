// The Run Command scripts for VMs, the parser of their output, the smoke test's interpretation,
// and the scripts as the simulator's VM runner executes them.
import { describe, expect, it } from '@jest/globals';
import { splitRunCommandResult } from '../../src/clients/compute.js';
import { interpretVmSmoke } from '../../src/smoke/vm.js';
import {
  MODULE_MARKER,
  moduleCommand,
  parseModuleReport,
  psQuote,
  smokeCommand,
  type RunCommandInput,
} from '../../src/kinds/vm/scripts.js';
import { runVmCommand, type InstalledModules } from '../../simulator/arm/vm-runner.js';
import type { ExoContext } from '../../simulator/arm/job-runner.js';

const PACKAGES = [
  { name: 'PackageManagement', version: '1.4.8.1' },
  { name: 'PowerShellGet', version: '2.2.5' },
];
const LINE = 'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com';

describe('moduleCommand', () => {
  it('Windows: RunPowerShellScript, TLS 1.2, NuGet, PackageManagement and PowerShellGet before the module, all users', () => {
    const c = moduleCommand('Windows', '3.9.2', PACKAGES);
    expect(c.commandId).toBe('RunPowerShellScript');
    const text = c.script.join('\n');
    expect(text).toMatch(/Tls12/);
    expect(text).toMatch(/Install-PackageProvider -Name NuGet/);
    const order = ['PackageManagement', 'PowerShellGet', 'ExchangeOnlineManagement'].map((m) =>
      text.indexOf(`Install-Module -Name ${m} -RequiredVersion`),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const line of c.script.filter((l) => l.includes('Install-Module'))) expect(line).toMatch(/-Scope AllUsers/);
    // installs only when that exact version is not there yet
    expect(text).toMatch(
      /if \(-not \(Get-InstalledModule -Name ExchangeOnlineManagement -RequiredVersion '3\.9\.2' -ErrorAction SilentlyContinue\)\) \{/,
    );
    expect(c.script.at(-1)).toContain(MODULE_MARKER);
  });

  it('Linux: RunShellScript writing the PowerShell to a private temp file run by pwsh -File; no 5.1 packages', () => {
    const c = moduleCommand('Linux', '3.9.2', PACKAGES);
    expect(c.commandId).toBe('RunShellScript');
    const text = c.script.join('\n');
    expect(text).toMatch(/command -v pwsh/);
    expect(text).toMatch(/mktemp --suffix=\.ps1/);
    expect(text).toMatch(/cat > "\$f" <<'EXO_AUTOMATION_PS1'/);
    expect(text).toMatch(/pwsh -NoProfile -NonInteractive -File "\$f"/);
    expect(text).not.toMatch(/PowerShellGet|NuGet|Tls12/);
    expect(text).toMatch(/Install-Module -Name ExchangeOnlineManagement -RequiredVersion '3\.9\.2'/);
  });

  it('a prerelease pin installs with -AllowPrerelease; quotes are escaped', () => {
    expect(moduleCommand('Linux', '3.11.0-Preview1', []).script.join('\n')).toMatch(/-AllowPrerelease/);
    expect(psQuote("it's")).toBe("'it''s'");
  });
});

describe('parseModuleReport', () => {
  it('reads the marker lines and ignores everything else', () => {
    const out = ['WARNING: something', `${MODULE_MARKER}3.9.2`, `  ${MODULE_MARKER}3.4.0  `, 'noise'].join('\r\n');
    expect(parseModuleReport(out, '3.9.2')).toEqual({ installed: ['3.9.2', '3.4.0'], ok: true });
    expect(parseModuleReport(out, '3.10.0')).toEqual({ installed: ['3.9.2', '3.4.0'], ok: false });
    expect(parseModuleReport('', '3.9.2')).toEqual({ installed: [], ok: false });
  });

  it('a prerelease compares by its numeric version (Get-Module drops the tag)', () => {
    expect(parseModuleReport(`${MODULE_MARKER}3.11.0`, '3.11.0-Preview1').ok).toBe(true);
  });
});

describe('splitRunCommandResult', () => {
  it('StdOut and StdErr by component code', () => {
    expect(
      splitRunCommandResult([
        { code: 'ComponentStatus/StdOut/succeeded', message: 'out' },
        { code: 'ComponentStatus/StdErr/succeeded', message: 'err' },
      ]),
    ).toEqual({ stdout: 'out', stderr: 'err' });
    expect(splitRunCommandResult(undefined)).toEqual({ stdout: '', stderr: '' });
  });
});

describe('interpretVmSmoke', () => {
  const ctx = {
    vmName: 'vm1',
    os: 'Windows' as const,
    organization: 'contoso.onmicrosoft.com',
    identity: { type: 'user-assigned' as const, clientId: 'cid', principalId: 'pid' },
  };
  it('passes with the domains when the error stream is empty or has warnings only', () => {
    const r = interpretVmSmoke({ stdout: '\nName\n----\ncontoso.com\n', stderr: 'WARNING: banner' }, ctx);
    expect(r.status).toBe('passed');
    expect(r.output).toContain('contoso.com');
  });
  it('fails with the error stream and the cause', () => {
    const r = interpretVmSmoke({ stdout: '', stderr: 'UnAuthorized' }, ctx);
    expect(r.status).toBe('failed');
    expect(r.output).toBe('UnAuthorized');
    expect(r.detail).toMatch(/Exchange\.ManageAsApp/);
    const missing = interpretVmSmoke(
      { stdout: '', stderr: "The term 'Connect-ExchangeOnline' is not recognized as the name of a cmdlet" },
      ctx,
    );
    expect(missing.detail).toMatch(/not installed for all users on VM vm1/);
    const noId = interpretVmSmoke(
      { stdout: '', stderr: 'Failed to acquire managed identity token: {"error":"invalid_request"}' },
      ctx,
    );
    expect(noId.detail).toMatch(
      /client id \(not the principal\/object id\) of a user-assigned identity attached to VM vm1/,
    );
  });
});

describe('the scripts run by the simulator', () => {
  const gallery = {
    ExchangeOnlineManagement: [
      { version: '3.8.0', prerelease: false, published: '2025-05-01' },
      { version: '3.9.2', prerelease: false, published: '2025-10-15' },
    ],
    PackageManagement: [{ version: '1.4.8.1', prerelease: false, published: '2020-01-01' }],
    PowerShellGet: [{ version: '2.2.5', prerelease: false, published: '2020-01-01' }],
  };
  const exo = (exoModule = false): ExoContext => ({
    organization: 'contoso.onmicrosoft.com',
    domains: ['contoso.onmicrosoft.com', 'contoso.com'],
    systemIdentity: { clientId: 'c-sys', principalId: 'p-sys' },
    userAssigned: [],
    exoModule,
    grants: { 'p-sys': { manageAsApp: true, roleTemplateIds: ['29232cdf-9323-42fd-ade2-1d097af3e4de'] } },
  });
  const run = (os: 'Windows' | 'Linux', c: RunCommandInput, installed: InstalledModules) =>
    runVmCommand({ commandId: c.commandId, os, script: c.script, installed, gallery, exo: exo() });

  it.each(['Windows', 'Linux'] as const)('%s: installs, reports the version, then the smoke test connects', (os) => {
    const r = run(os, moduleCommand(os, '3.9.2', os === 'Windows' ? PACKAGES : []), {});
    expect(r.stderr).toBe('');
    expect(parseModuleReport(r.stdout, '3.9.2')).toEqual({ installed: ['3.9.2'], ok: true });
    expect(r.installed.ExchangeOnlineManagement).toEqual(['3.9.2']);
    if (os === 'Windows') expect(r.installed.PowerShellGet).toEqual(['2.2.5']);
    const smoke = runVmCommand({
      ...smokeCommand(os, LINE),
      os,
      installed: r.installed,
      gallery,
      exo: exo(),
    });
    expect(
      interpretVmSmoke(smoke, {
        vmName: 'vm',
        os,
        organization: 'contoso.onmicrosoft.com',
        identity: { type: 'system-assigned' },
      }).status,
    ).toBe('passed');
    expect(smoke.stdout).toContain('contoso.com');
  });

  it('a Linux VM without pwsh: nothing runs, the error stream says what to install', () => {
    const r = runVmCommand({
      ...moduleCommand('Linux', '3.9.2', []),
      os: 'Linux',
      installed: {},
      gallery,
      exo: exo(),
      pwsh: false,
    });
    expect(r.installed).toEqual({});
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'pwsh (PowerShell 7) is not installed on this VM: install it (https://aka.ms/install-powershell), or use a Windows VM',
    );
    expect(parseModuleReport(r.stdout, '3.9.2').ok).toBe(false);
  });

  it('a version the gallery does not have: not reported, and the error stream says why', () => {
    const r = run('Windows', moduleCommand('Windows', '3.99.0', PACKAGES), {});
    expect(parseModuleReport(r.stdout, '3.99.0').ok).toBe(false);
    expect(r.stderr).toMatch(
      /No match was found for the specified search criteria and module name 'ExchangeOnlineManagement'/,
    );
  });
});
