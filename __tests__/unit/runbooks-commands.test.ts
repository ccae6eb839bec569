import { describe, expect, it } from '@jest/globals';
import { bareCommandName, parseCommands, type Command } from '../../src/kinds/runbook/commands.js';

const names = (src: string) => parseCommands(src).commands.map((c) => c.name);
const only = (src: string, options = {}): Command => {
  const { commands } = parseCommands(src, options);
  expect(commands).toHaveLength(1);
  return commands[0];
};
const params = (c: Command) => c.parameters.map((p) => [p.name, p.value?.kind, p.value?.value]);

describe('parseCommands: finding commands', () => {
  it('finds commands in statements, pipelines, blocks, sub-expressions and assignments', () => {
    const src = [
      '$ErrorActionPreference = "Stop"',
      'Get-Mailbox -ResultSize 10 | Where-Object { $_.Name -like "a*" } | ForEach-Object { Set-Mailbox $_ -Type Shared }',
      'if ($x -eq 1) { Write-Output (Get-Date) } elseif ($y) { Remove-Item a } else { $n = Get-Item b }',
      'try { Connect-ExchangeOnline -ManagedIdentity } catch [System.Exception] { throw } finally { Disconnect-ExchangeOnline -Confirm:$false }',
      'foreach ($m in $list) { Get-Recipient $m }',
      'Write-Output "$(Get-NotACommandInString)"; $null = New-Thing -A 1',
      'switch ($v) { "a" { Get-A } default { Get-B } }',
    ].join('\n');
    expect(names(src)).toEqual([
      'Get-Mailbox',
      'Where-Object',
      'ForEach-Object',
      'Set-Mailbox',
      'Write-Output',
      'Get-Date',
      'Remove-Item',
      'Get-Item',
      'Connect-ExchangeOnline',
      'Disconnect-ExchangeOnline',
      'Get-Recipient',
      'Write-Output',
      'New-Thing',
      'Get-A',
      'Get-B',
    ]);
  });

  it('ignores hashtable keys, type literals, attributes, comments and strings', () => {
    const src = [
      '#Requires -Modules ExchangeOnlineManagement',
      '<# Get-InComment #>',
      '[CmdletBinding()]',
      'param([Parameter(Mandatory)][ValidateSet("a","b")][string]$Mode)',
      '$h = @{ Key = 1; Other = "x"',
      '  Third = 2 }',
      '$s = @"',
      'New-UnifiedGroup',
      '"@',
      '[void][System.Reflection.Assembly]::LoadWithPartialName("x")',
    ].join('\n');
    expect(names(src)).toEqual([]);
  });

  it('marks commands inside function bodies and the param block', () => {
    const src =
      'param([string]$A = (Get-Default))\nfunction Foo($x) {\n  New-UnifiedGroup -DisplayName $x\n}\nfilter Bar { Get-X }\nFoo';
    const commands = parseCommands(src).commands;
    expect(commands.map((c) => [c.name, c.inFunction, c.inParamBlock])).toEqual([
      ['Get-Default', false, true],
      ['New-UnifiedGroup', true, false],
      ['Get-X', true, false],
      ['Foo', false, false],
    ]);
  });

  it('reads call and dot-source operators', () => {
    const commands = parseCommands(
      "& 'Connect-ExchangeOnline' -ManagedIdentity\n& $cmd -X\n. ./lib.ps1\n& { Get-Inner }",
    ).commands;
    expect(commands.map((c) => [c.name, c.nameKind, c.invocation])).toEqual([
      ['Connect-ExchangeOnline', 'string', 'call'],
      ['$cmd', 'dynamic', 'call'],
      ['./lib.ps1', 'word', 'dot'],
      ['{ Get-Inner }', 'dynamic', 'call'],
      ['Get-Inner', 'word', 'direct'],
    ]);
  });

  it('keeps lines and columns, also across continuation lines', () => {
    const c = only('\n\n  Connect-ExchangeOnline `\n    -ManagedIdentity `\n    -Organization contoso.onmicrosoft.com');
    expect([c.line, c.column]).toEqual([3, 3]);
    expect(c.parameters.map((p) => [p.name, p.line, p.column])).toEqual([
      ['ManagedIdentity', 4, 5],
      ['Organization', 5, 5],
    ]);
  });

  it('strips a module qualifier', () => {
    expect(bareCommandName('ExchangeOnlineManagement\\Connect-ExchangeOnline')).toBe('Connect-ExchangeOnline');
    expect(bareCommandName('Get-Date')).toBe('Get-Date');
  });
});

describe('parseCommands: parameters and values', () => {
  it('binds values to parameters; switches via isSwitch and -Name:value', () => {
    const c = only(
      "Connect-ExchangeOnline -ManagedIdentity -Organization 'contoso.onmicrosoft.com' -ShowBanner:$false -X 1",
      {
        isSwitch: (_c: string, p: string) => p === 'ManagedIdentity',
      },
    );
    expect(params(c)).toEqual([
      ['ManagedIdentity', undefined, undefined],
      ['Organization', 'string', 'contoso.onmicrosoft.com'],
      ['ShowBanner', 'variable', 'false'],
      ['X', 'number', '1'],
    ]);
  });

  it('without isSwitch, a switch followed by a value takes it (the caller must say what is a switch)', () => {
    const c = only('Cmd -Sw positional');
    expect(params(c)).toEqual([['Sw', 'word', 'positional']]);
    expect(only('Cmd -Sw positional', { isSwitch: () => true }).positional.map((v) => v.value)).toEqual(['positional']);
  });

  it('reads expressions, arrays and glued tokens as one value', () => {
    const c = parseCommands('Cmd -A $x.Prop -B a,b, c -C (Get-X).Id -D "e$v" -E @{k=1}').commands[0];
    expect(params(c)).toEqual([
      ['A', 'expression', '$x.Prop'],
      ['B', 'expression', 'a,b, c'],
      ['C', 'expression', '(Get-X).Id'],
      ['D', 'expandable', 'e$v'],
      ['E', 'expression', '@{k=1}'],
    ]);
  });

  it('skips redirections and their targets', () => {
    const c = only('Cmd -A 1 2>&1 > $null -B 2');
    expect(params(c)).toEqual([
      ['A', 'number', '1'],
      ['B', 'number', '2'],
    ]);
    expect(c.positional).toEqual([]);
  });

  it('resolves a variable to the literal assigned to it earlier', () => {
    const { commands } = parseCommands(
      '$id = \'abc\'\n$org = "contoso.onmicrosoft.com"\nCmd -A $id -B $org -C $unknown',
    );
    const values = commands[0].parameters.map((p) => [p.value?.value, p.value?.resolved, p.value?.resolvedLine]);
    expect(values).toEqual([
      ['id', 'abc', 1],
      ['org', 'contoso.onmicrosoft.com', 2],
      ['unknown', undefined, undefined],
    ]);
  });
});

describe('parseCommands: splatting', () => {
  it('resolves a hashtable literal assigned earlier (also across lines and with quoted keys)', () => {
    const src = [
      '$p = @{',
      '  ManagedIdentity = $true',
      "  'Organization' = 'contoso.onmicrosoft.com'",
      '}',
      'Connect-ExchangeOnline @p -ShowBanner:$false',
    ].join('\n');
    const c = parseCommands(src).commands[0];
    expect(c.splats).toEqual([{ variable: 'p', line: 5, column: 24, resolved: true, assignedLine: 1 }]);
    expect(c.parameters.map((p) => [p.name, p.value?.value, p.fromSplat, p.line])).toEqual([
      ['ManagedIdentity', 'true', 'p', 2],
      ['Organization', 'contoso.onmicrosoft.com', 'p', 3],
      ['ShowBanner', 'false', undefined, 5],
    ]);
  });

  it('resolves the latest assignment before the use', () => {
    const src = '$p = @{ A = 1 }\nCmd @p\n$p = @{ B = 2 }\nCmd @p';
    expect(parseCommands(src).commands.map((c) => c.parameters.map((p) => p.name))).toEqual([['A'], ['B']]);
  });

  it('reports splats it cannot resolve, with the reason', () => {
    const src = [
      'Cmd @nothing',
      '$a = Get-Params',
      'Cmd @a',
      '$b = @{ X = 1 }',
      "$b.Add('Y', 2)",
      'Cmd @b',
      'if ($z) { $c = @{ X = 1 } }',
      'Cmd @c',
    ].join('\n');
    const splats = parseCommands(src)
      .commands.filter((c) => c.name === 'Cmd')
      .map((c) => [c.splats[0].resolved, c.splats[0].reason]);
    expect(splats).toEqual([
      [false, '$nothing is not assigned earlier in the script'],
      [false, '$a is not assigned a hashtable literal (line 2)'],
      [false, '$b is modified on line 5 after it is assigned'],
      [false, '$c is assigned inside a block on line 7, which may not run'],
    ]);
  });

  it('finds commands used as hashtable values', () => {
    expect(names('$p = @{ When = Get-Date; Org = "x" }\nCmd @p')).toEqual(['Get-Date', 'Cmd']);
  });
});

describe('parseCommands: robustness', () => {
  it('terminates and never throws on arbitrary token soup', () => {
    // a fixed pseudo-random sequence, so that a failure reproduces
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const pieces = [
      'Cmd',
      ' ',
      '-P',
      '$x',
      '@p',
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      '@{',
      '@(',
      '$(',
      '=',
      '|',
      ';',
      '\n',
      '"s"',
      "'t'",
      '`',
      ',',
      '.',
      '&',
      'function',
      'param',
      'if',
      '#c',
      '<#',
      '#>',
      '@"',
      '"@',
      '2>&1',
    ];
    for (let round = 0; round < 300; round++) {
      let src = '';
      const length = next() % 40;
      for (let k = 0; k < length; k++) src += pieces[next() % pieces.length];
      expect(() => parseCommands(src)).not.toThrow();
    }
  });
});
