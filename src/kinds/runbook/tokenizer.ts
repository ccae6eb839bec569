// A small PowerShell tokenizer. No real parser is available to the action, and the checks only need
// commands, parameters and literal values, so this reads the lexical structure of a script (comments,
// strings, here-strings, variables, splats, parameters, groups, separators) and nothing more.
// It never throws: malformed input yields tokens plus `errors`, so a check can report them by line.

export type TokenType =
  | 'comment' // `# ...` (including `#Requires`) and `<# ... #>`
  | 'string' // '...', "...", @'...'@, @"..."@
  | 'variable' // $name, ${name}, $env:name, $_, $$, $?, $^
  | 'splat' // @name
  | 'parameter' // -Name or -Name:
  | 'number'
  | 'word' // bare words: command names, unquoted arguments, hashtable keys
  | 'operator' // = += | || && & , . .. :: ! + * / % and friends
  | 'redirection' // > >> 2> 2>&1 *>
  | 'newline'
  | 'semicolon'
  | 'lparen' // (
  | 'rparen' // )
  | 'lbrace' // {
  | 'rbrace' // }
  | 'lbracket' // [
  | 'rbracket' // ]
  | 'subexpr' // $(
  | 'arrayexpr' // @(
  | 'hashtable'; // @{

export type StringKind = 'single' | 'double' | 'here-single' | 'here-double';

export interface Token {
  type: TokenType;
  /** exact source text of the token */
  text: string;
  /** for strings: the decoded content; variables/splats/parameters: the name; others: the text */
  value: string;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units of the line */
  column: number;
  /** 0-based offset of the first character in the source */
  start: number;
  /** 0-based offset just past the token */
  end: number;
  /** whitespace (or a line continuation) precedes the token on its line */
  spaceBefore: boolean;
  stringKind?: StringKind;
  /** double-quoted strings only: contains `$` expansions, so its runtime value is not the literal */
  expandable?: boolean;
  /** parameters only: written `-Name:` (the value is bound to it explicitly) */
  colon?: boolean;
  /** the token ran to the end of the input without its terminator */
  unterminated?: boolean;
}

export interface TokenizeIssue {
  line: number;
  column: number;
  message: string;
}

export interface TokenizeResult {
  tokens: Token[];
  /** text PowerShell itself would refuse to parse (unterminated strings, comments, here-strings) */
  errors: TokenizeIssue[];
  /** legal but likely wrong (a backtick followed by trailing spaces is not a line continuation) */
  warnings: TokenizeIssue[];
}

// PowerShell accepts typographic quotes and dashes as their ASCII forms (copied from Word or docs).
const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
const DOUBLE_QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E']);
const DASHES = new Set(['-', '\u2013', '\u2014', '\u2015']);
// Characters that end a bare word (besides whitespace and newlines).
const WORD_END = new Set(['(', ')', '{', '}', '[', ']', ';', '|', '&', ',', '=', '<', '>', '`']);

const isNewlineChar = (c: string | undefined): boolean => c === '\n' || c === '\r';
const isSpace = (c: string | undefined): boolean => c !== undefined && !isNewlineChar(c) && /\s/u.test(c);
const isVarChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
const isParamStart = (c: string | undefined): boolean => c !== undefined && /[\p{L}_?]/u.test(c);
const NUMBER = /^(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(?:[ld])?(?:kb|mb|gb|tb|pb)?$/iu;

const BACKTICK_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

export function tokenize(source: string): TokenizeResult {
  return new Tokenizer(source).run();
}

/** Tokens of one character that need no look-ahead. */
const SINGLE_CHAR_TOKENS: Partial<Record<string, TokenType>> = {
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '[': 'lbracket',
  ']': 'rbracket',
  ';': 'semicolon',
};

class Tokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private spaceBefore = false;
  private readonly tokens: Token[] = [];
  private readonly errors: TokenizeIssue[] = [];
  private readonly warnings: TokenizeIssue[] = [];

  constructor(private readonly src: string) {}

  run(): TokenizeResult {
    this.scan(false);
    return { tokens: this.tokens, errors: this.errors, warnings: this.warnings };
  }

  /**
   * Scans tokens until the end of input, or (when `stopAtParen`) until the `)` that closes a `$(`
   * inside a double-quoted string. Returns true when that `)` was found (and consumed).
   */
  private scan(stopAtParen: boolean): boolean {
    let depth = 0;
    const sink = this.tokens;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (isSpace(c)) {
        this.pos++;
        this.spaceBefore = true;
        continue;
      }
      if (stopAtParen && c === ')' && depth === 0) {
        this.pos++;
        return true;
      }
      const before = sink.length;
      this.scanToken(sink);
      if (stopAtParen && sink.length > before) {
        const type = sink[sink.length - 1].type;
        if (type === 'lparen' || type === 'subexpr' || type === 'arrayexpr') depth++;
        if (type === 'rparen') depth--;
      }
    }
    return false;
  }

  private scanToken(sink: Token[]): void {
    const src = this.src;
    const start = this.pos;
    const c = src[start];
    const next = src[start + 1];

    if (isNewlineChar(c)) {
      this.pos += c === '\r' && next === '\n' ? 2 : 1;
      this.push(sink, 'newline', start);
      this.newLine();
      return;
    }
    if (c === '`') {
      this.backtickOutsideString(sink, start);
      return;
    }
    if (c === '#') {
      while (this.pos < src.length && !isNewlineChar(src[this.pos])) this.pos++;
      this.push(sink, 'comment', start);
      return;
    }
    if (c === '<' && next === '#') {
      this.blockComment(sink, start);
      return;
    }
    if (c === '@' && (SINGLE_QUOTES.has(next ?? '') || DOUBLE_QUOTES.has(next ?? ''))) {
      if (this.hereString(sink, start)) return;
    }
    if (SINGLE_QUOTES.has(c)) {
      this.singleQuoted(sink, start);
      return;
    }
    if (DOUBLE_QUOTES.has(c)) {
      this.doubleQuoted(sink, start);
      return;
    }
    if (c === '$') {
      this.dollar(sink, start);
      return;
    }
    this.scanOther(sink, start);
  }

  /** Splats, brackets, redirections, parameters, operators and words. */
  private scanOther(sink: Token[], start: number): void {
    const src = this.src;
    const c = src[start];
    const next = src[start + 1];
    if (c === '@') {
      if (next === '(') return this.fixed(sink, 'arrayexpr', 2);
      if (next === '{') return this.fixed(sink, 'hashtable', 2);
      if (isVarChar(next)) {
        this.pos++;
        while (isVarChar(src[this.pos])) this.pos++;
        this.push(sink, 'splat', start, src.slice(start + 1, this.pos));
        return;
      }
    }
    const single = SINGLE_CHAR_TOKENS[c];
    if (single) return this.fixed(sink, single, 1);
    // `2>&1`, `*>`, `>>`; a stream number only counts when glued to `>`
    const redirection = /^(?:[*1-6]?>>?(?:&[12])?|<)/u.exec(src.slice(start, start + 5));
    if (redirection) {
      this.pos += redirection[0].length;
      this.push(sink, 'redirection', start);
      return;
    }
    if (DASHES.has(c)) {
      if (this.dashToken(sink, start)) return;
    }
    if (c === '.') {
      const prev = sink[sink.length - 1];
      const glued =
        prev !== undefined &&
        !this.spaceBefore &&
        ['variable', 'rparen', 'rbracket', 'rbrace', 'string', 'word'].includes(prev.type);
      if (next === '.') return this.fixed(sink, 'operator', 2);
      // member access (`$p.Add`), or dot-sourcing (`. ./x.ps1`); otherwise a word such as `.\x.ps1`
      if (glued || next === undefined || isSpace(next) || isNewlineChar(next)) {
        return this.fixed(sink, 'operator', 1);
      }
    }
    const op = /^(?:::|\|\||&&|\+\+|\+=|\*=|\/=|%=|[=|&,!+*/%])/u.exec(src.slice(start, start + 2));
    if (op) {
      this.pos += op[0].length;
      this.push(sink, 'operator', start);
      return;
    }
    this.word(sink, start);
  }

  private fixed(sink: Token[], type: TokenType, length: number): void {
    const start = this.pos;
    this.pos += length;
    this.push(sink, type, start);
  }

  private push(sink: Token[], type: TokenType, start: number, value?: string, extra?: Partial<Token>): Token {
    const text = this.src.slice(start, this.pos);
    const token: Token = {
      type,
      text,
      value: value ?? text,
      line: this.lineOf(start),
      column: start - this.lineStartOf(start) + 1,
      start,
      end: this.pos,
      spaceBefore: this.spaceBefore,
      ...extra,
    };
    sink.push(token);
    this.spaceBefore = false;
    return token;
  }

  // Line bookkeeping: tokens that span lines (strings, block comments) advance `line` as they are
  // scanned, so the start position of a token is remembered separately.
  private tokenLine = 1;
  private tokenLineStart = 0;
  private lineOf(start: number): number {
    return start >= this.lineStart ? this.line : this.tokenLine;
  }
  private lineStartOf(start: number): number {
    return start >= this.lineStart ? this.lineStart : this.tokenLineStart;
  }
  private markTokenStart(): void {
    this.tokenLine = this.line;
    this.tokenLineStart = this.lineStart;
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  /** Advances over one character, keeping line numbers right across \n, \r\n and \r. */
  private advance(): string {
    const c = this.src[this.pos];
    this.pos++;
    if (c === '\r' && this.src[this.pos] === '\n') {
      this.pos++;
      this.newLine();
      return '\r\n';
    }
    if (isNewlineChar(c)) this.newLine();
    return c;
  }

  private issue(list: TokenizeIssue[], start: number, message: string): void {
    list.push({ line: this.lineOf(start), column: start - this.lineStartOf(start) + 1, message });
  }

  private backtickOutsideString(sink: Token[], start: number): void {
    const src = this.src;
    const next = src[start + 1];
    if (isNewlineChar(next)) {
      // line continuation: the newline is not a statement separator
      this.pos++;
      this.advance();
      this.spaceBefore = true;
      return;
    }
    if (next === undefined) {
      this.pos++;
      return;
    }
    let look = start + 1;
    while (isSpace(src[look])) look++;
    if (look > start + 1 && (isNewlineChar(src[look]) || look >= src.length)) {
      this.issue(
        this.warnings,
        start,
        'a backtick followed by spaces is not a line continuation; the next line starts a new statement',
      );
    }
    // an escaped character starts a bare word (`` `$notAVariable ``)
    this.word(sink, start);
  }

  private blockComment(sink: Token[], start: number): void {
    this.markTokenStart();
    this.pos += 2;
    const src = this.src;
    while (this.pos < src.length) {
      if (src[this.pos] === '#' && src[this.pos + 1] === '>') {
        this.pos += 2;
        this.push(sink, 'comment', start);
        return;
      }
      this.advance();
    }
    this.issue(this.errors, start, 'the block comment <# is never closed with #>');
    this.push(sink, 'comment', start, undefined, { unterminated: true });
  }

  private singleQuoted(sink: Token[], start: number): void {
    this.markTokenStart();
    this.pos++;
    const src = this.src;
    let value = '';
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (SINGLE_QUOTES.has(c)) {
        if (SINGLE_QUOTES.has(src[this.pos + 1] ?? '')) {
          value += c;
          this.pos += 2;
          continue;
        }
        this.pos++;
        this.push(sink, 'string', start, value, { stringKind: 'single' });
        return;
      }
      value += this.advance();
    }
    this.issue(this.errors, start, 'the string is missing its closing quote');
    this.push(sink, 'string', start, value, { stringKind: 'single', unterminated: true });
  }

  private doubleQuoted(sink: Token[], start: number): void {
    this.markTokenStart();
    this.pos++;
    const src = this.src;
    let value = '';
    let expandable = false;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (DOUBLE_QUOTES.has(c)) {
        if (DOUBLE_QUOTES.has(src[this.pos + 1] ?? '')) {
          value += c;
          this.pos += 2;
          continue;
        }
        this.pos++;
        this.push(sink, 'string', start, value, { stringKind: 'double', expandable });
        return;
      }
      if (c === '`') {
        value += this.backtickEscape();
        continue;
      }
      if (c === '$') {
        const expansion = this.expansionInString();
        if (expansion !== undefined) {
          expandable = true;
          value += expansion;
          continue;
        }
      }
      value += this.advance();
    }
    this.issue(this.errors, start, 'the string is missing its closing quote');
    this.push(sink, 'string', start, value, { stringKind: 'double', expandable, unterminated: true });
  }

  /**
   * At a `$` inside a double-quoted string: consumes a variable or `$( ... )` sub-expression and
   * returns its source text, or returns undefined when the `$` is literal.
   */
  private expansionInString(): string | undefined {
    const src = this.src;
    const start = this.pos;
    const next = src[start + 1];
    if (next === '(') {
      const savedLine = this.tokenLine;
      const savedLineStart = this.tokenLineStart;
      this.pos += 2;
      const inner = new Tokenizer(src);
      inner.pos = this.pos;
      inner.line = this.line;
      inner.lineStart = this.lineStart;
      const closed = inner.scan(true);
      this.pos = inner.pos;
      this.line = inner.line;
      this.lineStart = inner.lineStart;
      this.errors.push(...inner.errors);
      this.tokenLine = savedLine;
      this.tokenLineStart = savedLineStart;
      if (!closed) this.issue(this.errors, start, 'the $( sub-expression in the string is never closed');
      return src.slice(start, this.pos);
    }
    if (next === '{') {
      const close = src.indexOf('}', start + 2);
      if (close < 0) return undefined;
      this.pos = close + 1;
      return src.slice(start, this.pos);
    }
    if (isVarChar(next) || next === '_' || next === '?' || next === '$' || next === '^') {
      this.pos++;
      this.variableName();
      return src.slice(start, this.pos);
    }
    return undefined;
  }

  /** At a backtick inside a double-quoted string: returns the escaped character(s). */
  private backtickEscape(): string {
    const src = this.src;
    this.pos++;
    const c = src[this.pos];
    if (c === undefined) return '';
    if (c === 'u' && src[this.pos + 1] === '{') {
      const close = src.indexOf('}', this.pos + 2);
      const hex = close > 0 ? src.slice(this.pos + 2, close) : '';
      if (/^[0-9a-f]{1,6}$/iu.test(hex)) {
        this.pos = close + 1;
        return String.fromCodePoint(parseInt(hex, 16));
      }
    }
    if (c in BACKTICK_ESCAPES) {
      this.pos++;
      return BACKTICK_ESCAPES[c];
    }
    return this.advance();
  }

  private hereString(sink: Token[], start: number): boolean {
    const src = this.src;
    const quote = src[start + 1];
    const double = DOUBLE_QUOTES.has(quote);
    // the opening @" must end its line (only whitespace may follow)
    let look = start + 2;
    while (isSpace(src[look])) look++;
    if (!isNewlineChar(src[look])) {
      if (look >= src.length) return false;
      this.issue(this.errors, start, 'nothing may follow the here-string header @" or @\' on its line');
      return false;
    }
    this.markTokenStart();
    this.pos = look;
    this.advance();
    const contentStart = this.pos;
    while (this.pos < src.length) {
      const atLineStart = this.pos === this.lineStart;
      const c = src[this.pos];
      const closes = double ? DOUBLE_QUOTES.has(c) : SINGLE_QUOTES.has(c);
      if (atLineStart && closes && src[this.pos + 1] === '@') {
        // the newline before the terminator is not part of the value
        let contentEnd = this.pos;
        if (src[contentEnd - 1] === '\n') contentEnd--;
        if (src[contentEnd - 1] === '\r') contentEnd--;
        const raw = src.slice(contentStart, Math.max(contentStart, contentEnd));
        this.pos += 2;
        this.push(sink, 'string', start, double ? this.unescapeHere(raw) : raw, {
          stringKind: double ? 'here-double' : 'here-single',
          expandable: double && /\$[\p{L}\p{N}_({?$^]/u.test(raw),
        });
        return true;
      }
      this.advance();
    }
    this.issue(
      this.errors,
      start,
      `the here-string is never closed: its terminator ${double ? '"@' : "'@"} must be at the start of a line`,
    );
    this.push(sink, 'string', start, src.slice(contentStart), {
      stringKind: double ? 'here-double' : 'here-single',
      unterminated: true,
    });
    return true;
  }

  private unescapeHere(raw: string): string {
    return raw.replace(/`(u\{[0-9a-fA-F]{1,6}\}|.)/gsu, (_m, e: string) => {
      if (e.startsWith('u{') && e.length > 2) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
      return BACKTICK_ESCAPES[e] ?? e;
    });
  }

  private dollar(sink: Token[], start: number): void {
    const src = this.src;
    const next = src[start + 1];
    if (next === '(') return this.fixed(sink, 'subexpr', 2);
    if (next === '{') {
      // ${any name}: the braces allow any characters; `} is an escaped brace
      this.markTokenStart();
      this.pos += 2;
      let name = '';
      while (this.pos < src.length && src[this.pos] !== '}') {
        if (src[this.pos] === '`' && this.pos + 1 < src.length) this.pos++;
        name += this.advance();
      }
      if (this.pos >= src.length) {
        this.issue(this.errors, start, 'the variable ${ is never closed with }');
        this.push(sink, 'variable', start, name, { unterminated: true });
        return;
      }
      this.pos++;
      this.push(sink, 'variable', start, name);
      return;
    }
    if (isVarChar(next) || next === '?' || next === '$' || next === '^') {
      this.pos++;
      const name = this.variableName();
      this.push(sink, 'variable', start, name);
      return;
    }
    // a lone `$` is an ordinary word character
    this.word(sink, start);
  }

  /** At the first character after `$`: consumes a variable name (with scope/drive) and returns it. */
  private variableName(): string {
    const src = this.src;
    const start = this.pos;
    const c = src[this.pos];
    if (c === '?' || c === '$' || c === '^') {
      this.pos++;
      return c;
    }
    while (isVarChar(src[this.pos])) this.pos++;
    // scope or drive qualifier: $env:Path, $script:x (not `$x::` nor a trailing `:`)
    if (src[this.pos] === ':' && src[this.pos + 1] !== ':' && isVarChar(src[this.pos + 1])) {
      this.pos++;
      while (isVarChar(src[this.pos])) this.pos++;
    }
    return src.slice(start, this.pos);
  }

  /** `-Name`, `-Name:`, `--`, `-=`, `-5`, or a lone `-`. Returns false when it is part of a word. */
  private dashToken(sink: Token[], start: number): boolean {
    const src = this.src;
    const next = src[start + 1];
    if (isParamStart(next)) {
      this.pos++;
      while (this.pos < src.length && /[\p{L}\p{N}_?-]/u.test(src[this.pos])) this.pos++;
      const name = src.slice(start + 1, this.pos);
      if (src[this.pos] === ':' && src[this.pos + 1] !== ':') {
        this.pos++;
        this.push(sink, 'parameter', start, name, { colon: true });
      } else {
        this.push(sink, 'parameter', start, name);
      }
      return true;
    }
    if (next === '=' || DASHES.has(next ?? '')) {
      this.pos += 2;
      this.push(sink, 'operator', start);
      return true;
    }
    if (next !== undefined && /[\d.]/u.test(next)) return false; // negative number: a word
    this.pos++;
    this.push(sink, 'operator', start);
    return true;
  }

  private word(sink: Token[], start: number): void {
    const src = this.src;
    let value = '';
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === '`') {
        const next = src[this.pos + 1];
        if (next === undefined || isNewlineChar(next)) break;
        value += next;
        this.pos += 2;
        continue;
      }
      if (isSpace(c) || isNewlineChar(c) || SINGLE_QUOTES.has(c) || DOUBLE_QUOTES.has(c)) break;
      if (this.pos > start && WORD_END.has(c)) break;
      if (this.pos === start && WORD_END.has(c)) {
        // a stray character that starts nothing else: take it alone so scanning always advances
        value += c;
        this.pos++;
        break;
      }
      value += c;
      this.pos++;
    }
    if (this.pos === start) {
      value = src[start];
      this.pos++;
    }
    this.push(sink, NUMBER.test(value) || /^-\d/u.test(value) ? 'number' : 'word', start, value);
  }
}
