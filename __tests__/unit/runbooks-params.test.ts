import { describe, expect, it } from '@jest/globals';
import { loadConfig, ConfigFileError } from '../../src/config/load.js';
import { parameterProblems, readParamBlock } from '../../src/kinds/runbook/params.js';

const SCRIPT = [
  '#Requires -Modules ExchangeOnlineManagement',
  '<# .SYNOPSIS cleanup #>',
  '[CmdletBinding()]',
  'param(',
  '    [Parameter(Mandatory)]',
  '    [ValidateSet("a", "b")]',
  '    [string]$Mode,',
  '    [Parameter(Mandatory = $true)] [int] $DaysInactive,',
  '    [Parameter(Mandatory=$false)][string]$Note,',
  '    [Parameter(Mandatory)][string]$Target = "all",',
  '    $Plain',
  ')',
  'function Inner { param([Parameter(Mandatory)]$Hidden) }',
  'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com',
].join('\n');

describe('readParamBlock', () => {
  it('reads names, mandatory flags, defaults and lines of the script-level block', () => {
    const block = readParamBlock(SCRIPT);
    expect(block.line).toBe(4);
    expect(block.parameters).toEqual([
      { name: 'Mode', mandatory: true, hasDefault: false, line: 7, column: 13 },
      { name: 'DaysInactive', mandatory: true, hasDefault: false, line: 8, column: 42 },
      { name: 'Note', mandatory: false, hasDefault: false, line: 9, column: 42 },
      { name: 'Target', mandatory: true, hasDefault: true, line: 10, column: 35 },
      { name: 'Plain', mandatory: false, hasDefault: false, line: 11, column: 5 },
    ]);
  });
  it('a script without a block, or whose param() is not its first statement, has no parameters', () => {
    expect(readParamBlock('Get-Mailbox\n').parameters).toEqual([]);
    expect(readParamBlock('Write-Output 1\nfunction f { param($x) }\n')).toEqual({ parameters: [] });
    expect(readParamBlock('PARAM ( $x )').parameters.map((p) => p.name)).toEqual(['x']);
  });
  it('never throws on broken text', () => {
    expect(() => readParamBlock('param( [Parameter(Mandatory')).not.toThrow();
  });
});

describe('parameterProblems', () => {
  const block = readParamBlock(SCRIPT);
  it('accepts names case-insensitively and needs every mandatory parameter without a default', () => {
    expect(parameterProblems('r', block, ['mode', 'DAYSINACTIVE'])).toEqual([]);
  });
  it('names unknown and missing parameters with the accepted names and the declaring line', () => {
    const problems = parameterProblems('r', block, ['Mode', 'Days']);
    expect(problems.map((p) => [p.kind, p.name])).toEqual([
      ['unknown', 'Days'],
      ['missing', 'DaysInactive'],
    ]);
    expect(problems[0].message).toBe(
      'runbook r has no parameter "Days" (param() block at line 4); expected one of: Mode, DaysInactive, Note, Target, Plain',
    );
    expect(problems[1].message).toMatch(/requires parameter "DaysInactive" \(mandatory, declared at line 8\)/);
  });
});

describe('the config file checks job schedule parameters against the runbooks', () => {
  const text = [
    'version: 1', //
    'runbooks:',
    '  - path: runbooks/*.ps1',
    '    schedules:',
    '      - schedule: nightly',
    '        parameters:',
    '          Mode: a',
    '          Dayz: 3',
    'schedules:',
    '  nightly:',
    '    frequency: day',
    '    start: "2026-12-03T02:00"',
    '',
  ].join('\n');
  it('refuses unknown names and missing mandatory ones at their line and column', () => {
    const ctx = {
      runtimeVersions: ['7.4'],
      env: {},
      runbooks: [{ path: 'runbooks/Cleanup.ps1', content: SCRIPT }],
    };
    let error: unknown;
    try {
      loadConfig(text, 'exo.yml', ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigFileError);
    const locations = (error as ConfigFileError).locations;
    expect(locations.map((l) => [l.line, l.column])).toEqual([
      [8, 11],
      [5, 9],
    ]);
    expect(locations[0].message).toMatch(/runbook Cleanup has no parameter "Dayz".*\(runbooks\/Cleanup\.ps1\)$/);
    expect(locations[1].message).toMatch(/requires parameter "DaysInactive"/);
  });
  it('passes when the parameters fit', () => {
    const ok = text.replace('Dayz', 'DaysInactive');
    const ctx = { runtimeVersions: ['7.4'], env: {}, runbooks: [{ path: 'runbooks/Cleanup.ps1', content: SCRIPT }] };
    expect(loadConfig(ok, 'exo.yml', ctx).runbooks?.[0].schedules[0].parameters).toEqual({
      Mode: 'a',
      DaysInactive: 3,
    });
  });
});
