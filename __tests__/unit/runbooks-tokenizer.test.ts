import { describe, expect, it } from '@jest/globals';
import { tokenize, type Token } from '../../src/kinds/runbook/tokenizer.js';

const kinds = (src: string) => tokenize(src).tokens.map((t) => [t.type, t.value]);
const significant = (src: string): Token[] =>
  tokenize(src).tokens.filter((t) => t.type !== 'newline' && t.type !== 'comment');

describe('tokenize: comments', () => {
  it('reads line comments, #Requires, and block comments', () => {
    const src = '#Requires -Modules ExchangeOnlineManagement\n<# .SYNOPSIS\n  multi-line #>\nGet-Date # trailing\n';
    expect(kinds(src)).toEqual([
      ['comment', '#Requires -Modules ExchangeOnlineManagement'],
      ['newline', '\n'],
      ['comment', '<# .SYNOPSIS\n  multi-line #>'],
      ['newline', '\n'],
      ['word', 'Get-Date'],
      ['comment', '# trailing'],
      ['newline', '\n'],
    ]);
  });

  it('ends a block comment at the first #> (PowerShell does not nest them)', () => {
    // the second #> then starts a line comment
    expect(kinds('<# outer <# inner #> Get-Date #>')).toEqual([
      ['comment', '<# outer <# inner #>'],
      ['word', 'Get-Date'],
      ['comment', '#>'],
    ]);
  });

  it('does not treat <# or #> inside strings as comments', () => {
    const tokens = significant('Write-Host "<# not a comment #>" \'#>\'; Get-Date');
    expect(tokens.map((t) => [t.type, t.value])).toEqual([
      ['word', 'Write-Host'],
      ['string', '<# not a comment #>'],
      ['string', '#>'],
      ['semicolon', ';'],
      ['word', 'Get-Date'],
    ]);
  });

  it('keeps # inside a word (a#b is one argument)', () => {
    expect(significant('Write-Output a#b').map((t) => t.value)).toEqual(['Write-Output', 'a#b']);
  });

  it('reports an unterminated block comment with its position', () => {
    const result = tokenize('Get-Date\n  <# never closed\n');
    expect(result.errors).toEqual([{ line: 2, column: 3, message: expect.stringContaining('#>') }]);
    expect(result.tokens.find((t) => t.type === 'comment')?.unterminated).toBe(true);
  });
});

describe('tokenize: strings', () => {
  it('decodes doubled quotes in single-quoted strings and ignores backticks there', () => {
    const [s] = significant("'it''s `n here'");
    expect(s).toMatchObject({ type: 'string', stringKind: 'single', value: "it's `n here" });
  });

  it('decodes backtick escapes and doubled quotes in double-quoted strings', () => {
    const [s] = significant('"a`tb`n""q""`"e`$x`u{263A}"');
    expect(s).toMatchObject({ type: 'string', stringKind: 'double', value: 'a\tb\n"q""e$x\u263A', expandable: false });
  });

  it('marks strings with $ expansions as expandable and keeps the expansion text', () => {
    const [s] = significant('"org: $org and $($a.B) and ${x y}"');
    expect(s).toMatchObject({ expandable: true, value: 'org: $org and $($a.B) and ${x y}' });
    const [plain] = significant('"costs $ 5"');
    expect(plain.expandable).toBe(false);
  });

  it('does not end a string at a quote inside a $( ) sub-expression', () => {
    const tokens = significant('Write-Host "a $(Get-Date -Format "yyyy") b" -NoNewline');
    expect(tokens.map((t) => [t.type, t.value])).toEqual([
      ['word', 'Write-Host'],
      ['string', 'a $(Get-Date -Format "yyyy") b'],
      ['parameter', 'NoNewline'],
    ]);
  });

  it('accepts typographic quotes as PowerShell does', () => {
    const tokens = significant(
      'Connect-ExchangeOnline -Organization \u201Ccontoso.onmicrosoft.com\u201D -X \u2018a\u2019',
    );
    expect(tokens[2]).toMatchObject({ type: 'string', value: 'contoso.onmicrosoft.com' });
    expect(tokens[4]).toMatchObject({ type: 'string', value: 'a' });
  });

  it('reports an unterminated string at its opening quote', () => {
    const result = tokenize('Get-Date\nWrite-Host "open\nmore');
    expect(result.errors).toEqual([{ line: 2, column: 12, message: expect.stringContaining('closing quote') }]);
  });

  it('counts lines inside multi-line strings so later tokens keep their line', () => {
    const tokens = significant("$a = 'one\ntwo\nthree'\nGet-Date");
    expect(tokens.at(-1)).toMatchObject({ value: 'Get-Date', line: 4, column: 1 });
    expect(tokens[2]).toMatchObject({ line: 1, column: 6 });
  });
});

describe('tokenize: here-strings', () => {
  it('reads verbatim and expandable here-strings; the terminator must start a line', () => {
    const src = '$a = @\'\n  \'@ is not the end\n\'@\n$b = @"\n x "quoted" `t\n"@\nGet-Date';
    const tokens = significant(src);
    expect(tokens[2]).toMatchObject({ type: 'string', stringKind: 'here-single', value: "  '@ is not the end" });
    expect(tokens[5]).toMatchObject({ type: 'string', stringKind: 'here-double', value: ' x "quoted" \t' });
    expect(tokens.at(-1)).toMatchObject({ value: 'Get-Date', line: 7 });
  });

  it('keeps CRLF inside the value but not the newline before the terminator', () => {
    const [, , s] = significant("$a = @'\r\nl1\r\nl2\r\n'@\r\n");
    expect(s.value).toBe('l1\r\nl2');
  });

  it('hides commands and comments inside here-strings', () => {
    const tokens = significant("$t = @'\nNew-UnifiedGroup # x\n<# y\n'@");
    expect(tokens.map((t) => t.type)).toEqual(['variable', 'operator', 'string']);
  });

  it('reports a here-string whose terminator is indented (never closed)', () => {
    const result = tokenize('$a = @"\n  text\n  "@\n');
    expect(result.errors[0]).toMatchObject({ line: 1, column: 6, message: expect.stringContaining('start of a line') });
  });

  it('reports text after a here-string header', () => {
    const result = tokenize('$a = @" text\n"@');
    expect(result.errors[0].message).toMatch(/header/u);
  });
});

describe('tokenize: variables, splats, parameters', () => {
  it('reads variable forms', () => {
    const tokens = significant('$x $env:TEMP ${my var} $_ $? $$ $script:y $true');
    expect(tokens.map((t) => [t.type, t.value])).toEqual([
      ['variable', 'x'],
      ['variable', 'env:TEMP'],
      ['variable', 'my var'],
      ['variable', '_'],
      ['variable', '?'],
      ['variable', '$'],
      ['variable', 'script:y'],
      ['variable', 'true'],
    ]);
  });

  it('tells splats from @( and @{', () => {
    expect(significant('Cmd @params @(1) @{a=1}').map((t) => [t.type, t.text])).toEqual([
      ['word', 'Cmd'],
      ['splat', '@params'],
      ['arrayexpr', '@('],
      ['number', '1'],
      ['rparen', ')'],
      ['hashtable', '@{'],
      ['word', 'a'],
      ['operator', '='],
      ['number', '1'],
      ['rbrace', '}'],
    ]);
  });

  it('reads parameters, -Name:value, and en/em dashes as dashes', () => {
    const tokens = significant('Cmd -ManagedIdentity -ShowBanner:$false \u2013Organization x \u2014Y');
    expect(tokens.map((t) => [t.type, t.value, t.colon ?? false])).toEqual([
      ['word', 'Cmd', false],
      ['parameter', 'ManagedIdentity', false],
      ['parameter', 'ShowBanner', true],
      ['variable', 'false', false],
      ['parameter', 'Organization', false],
      ['word', 'x', false],
      ['parameter', 'Y', false],
    ]);
  });

  it('reads negative numbers and -= as such, not as parameters', () => {
    expect(significant('$a -= -5').map((t) => [t.type, t.text])).toEqual([
      ['variable', '$a'],
      ['operator', '-='],
      ['number', '-5'],
    ]);
  });

  it('keeps bare-word arguments whole: domains, GUIDs, paths', () => {
    const tokens = significant('Cmd contoso.onmicrosoft.com bf6dcc76-4331-4942-8d50-87ea41d6e8a1 .\\x.ps1 C:\\a\\b');
    expect(tokens.map((t) => [t.type, t.value])).toEqual([
      ['word', 'Cmd'],
      ['word', 'contoso.onmicrosoft.com'],
      ['word', 'bf6dcc76-4331-4942-8d50-87ea41d6e8a1'],
      ['word', '.\\x.ps1'],
      ['word', 'C:\\a\\b'],
    ]);
  });

  it('keeps @ inside words (addresses) and reads braced variables and numbers', () => {
    expect(significant('Cmd a@contoso.com ${env:ORG} 1kb 0x1F -5.5').map((t) => [t.type, t.value])).toEqual([
      ['word', 'Cmd'],
      ['word', 'a@contoso.com'],
      ['variable', 'env:ORG'],
      ['number', '1kb'],
      ['number', '0x1F'],
      ['number', '-5.5'],
    ]);
  });

  it('reads an escaped $ outside strings as part of a word', () => {
    expect(significant('Write-Output `$notAVariable').map((t) => [t.type, t.value])).toEqual([
      ['word', 'Write-Output'],
      ['word', '$notAVariable'],
    ]);
  });

  it('tells member access and dot-sourcing from words', () => {
    expect(significant('$p.Add(1); . ./lib.ps1').map((t) => [t.type, t.text])).toEqual([
      ['variable', '$p'],
      ['operator', '.'],
      ['word', 'Add'],
      ['lparen', '('],
      ['number', '1'],
      ['rparen', ')'],
      ['semicolon', ';'],
      ['operator', '.'],
      ['word', './lib.ps1'],
    ]);
  });
});

describe('tokenize: separators and structure', () => {
  it('treats a backtick at the end of a line as a continuation, not a newline', () => {
    const tokens = tokenize('Cmd -A 1 `\n  -B 2\nNext').tokens;
    expect(tokens.map((t) => t.type)).toEqual([
      'word',
      'parameter',
      'number',
      'parameter',
      'number',
      'newline',
      'word',
    ]);
    expect(tokens[3]).toMatchObject({ line: 2, column: 3 });
  });

  it('warns when a backtick is followed by spaces (no continuation) and keeps the newline', () => {
    const result = tokenize('Cmd -A 1 ` \n  -B 2');
    expect(result.warnings).toEqual([
      { line: 1, column: 10, message: expect.stringContaining('not a line continuation') },
    ]);
    expect(result.tokens.some((t) => t.type === 'newline')).toBe(true);
  });

  it('handles CRLF and lone CR line endings in positions', () => {
    const tokens = significant('a\r\nb\rc\nd');
    expect(tokens.map((t) => [t.value, t.line, t.column])).toEqual([
      ['a', 1, 1],
      ['b', 2, 1],
      ['c', 3, 1],
      ['d', 4, 1],
    ]);
  });

  it('reads attributes, param blocks, type literals and static members', () => {
    const src = '[CmdletBinding()]\nparam([Parameter(Mandatory)][string]$Org)\n[Math]::Round(1.5)';
    expect(significant(src).map((t) => t.text)).toEqual([
      '[',
      'CmdletBinding',
      '(',
      ')',
      ']',
      'param',
      '(',
      '[',
      'Parameter',
      '(',
      'Mandatory',
      ')',
      ']',
      '[',
      'string',
      ']',
      '$Org',
      ')',
      '[',
      'Math',
      ']',
      '::',
      'Round',
      '(',
      '1.5',
      ')',
    ]);
  });

  it('reads pipelines, redirections and chain operators', () => {
    expect(significant('a | b 2>&1 > out.txt && c || d').map((t) => [t.type, t.text])).toEqual([
      ['word', 'a'],
      ['operator', '|'],
      ['word', 'b'],
      ['redirection', '2>&1'],
      ['redirection', '>'],
      ['word', 'out.txt'],
      ['operator', '&&'],
      ['word', 'c'],
      ['operator', '||'],
      ['word', 'd'],
    ]);
  });

  it('gives every token 1-based line and column and exact source offsets', () => {
    const src = 'Get-X\n  -Name  "v"';
    for (const t of tokenize(src).tokens) {
      expect(src.slice(t.start, t.end)).toBe(t.text);
      const lineStart = src.lastIndexOf('\n', t.start - 1) + 1;
      expect(t.column).toBe(t.start - lineStart + 1);
    }
  });

  it('never loops forever on odd input', () => {
    const odd = '}}) ]] `\u0000 <<#> @ $ - . , ! `';
    const result = tokenize(odd);
    expect(result.tokens.length).toBeGreaterThan(0);
  });
});
