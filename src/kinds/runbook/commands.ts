// From tokens to the commands a script runs: name, parameters, positional values and splats, with
// their lines. A small recursive reader over the token stream: statements, pipelines, groups
// (parens, script blocks, hashtables, type literals) and assignments. It understands enough to find
// every command invocation (at any depth) and to resolve splats of hashtable literals assigned
// earlier in the same script; everything else it leaves as source text.

import { tokenize, type Token, type TokenizeResult, type TokenType } from './tokenizer.js';

export type ArgKind = 'string' | 'expandable' | 'word' | 'number' | 'variable' | 'expression';

export interface ArgValue {
  kind: ArgKind;
  /** decoded literal (string, word, number), variable name, or source text of an expression */
  value: string;
  /** source text */
  text: string;
  line: number;
  column: number;
  /** variables only: the literal last assigned to it earlier in the script, when known */
  resolved?: string;
  /** variables only: where that literal was assigned */
  resolvedLine?: number;
}

export interface CommandParameter {
  /** the name as written, without the dash (prefixes are not expanded here) */
  name: string;
  /** absent for a switch written without a value */
  value?: ArgValue;
  line: number;
  column: number;
  /** set when the parameter comes from a splatted hashtable: the variable's name */
  fromSplat?: string;
}

export interface SplatRef {
  variable: string;
  line: number;
  column: number;
  resolved: boolean;
  /** line of the hashtable literal the splat was resolved to */
  assignedLine?: number;
  /** why it could not be resolved */
  reason?: string;
}

export interface Command {
  /** as written, e.g. `Connect-ExchangeOnline` or `ExchangeOnlineManagement\Connect-ExchangeOnline` */
  name: string;
  /** `dynamic` when the name is computed (`& $cmd`), then `name` is its source text */
  nameKind: 'word' | 'string' | 'dynamic';
  invocation: 'direct' | 'call' | 'dot';
  line: number;
  column: number;
  /** in written order; parameters from resolved splats are appended at the splat's place */
  parameters: CommandParameter[];
  positional: ArgValue[];
  splats: SplatRef[];
  /** nesting depth: 0 = a top-level statement */
  depth: number;
  /** inside a function/filter/workflow body: does not run where it is written */
  inFunction: boolean;
  /** inside the script's param(...) block (a default value) */
  inParamBlock: boolean;
}

export interface ParseOptions {
  /** tells a switch parameter (which takes no value) from one that takes the next argument */
  isSwitch?: (command: string, parameter: string) => boolean;
}

export interface ParseResult {
  commands: Command[];
  tokens: TokenizeResult;
}

/** Reads the commands of a PowerShell script, in source order. */
export function parseCommands(source: string, options: ParseOptions = {}): ParseResult {
  const tokens = tokenize(source);
  const significant = tokens.tokens.filter((t) => t.type !== 'comment');
  const parser = new Parser(significant, source, options);
  parser.parseBlock(null, { depth: 0, inFunction: false, inParamBlock: false });
  return { commands: parser.commands, tokens };
}

/** `Module\Name` -> `Name`. */
export function bareCommandName(name: string): string {
  const i = name.lastIndexOf('\\');
  return i >= 0 ? name.slice(i + 1) : name;
}

interface Ctx {
  depth: number;
  inFunction: boolean;
  inParamBlock: boolean;
}

interface HashEntry {
  key: string;
  value: ArgValue;
  line: number;
  column: number;
}

type Assignment =
  | { kind: 'hashtable'; entries: HashEntry[]; offset: number; line: number; depth: number }
  | { kind: 'literal'; value: string; offset: number; line: number; depth: number }
  | { kind: 'other'; offset: number; line: number; depth: number }
  | { kind: 'modified'; offset: number; line: number; depth: number };

const KEYWORDS = new Set([
  'if',
  'elseif',
  'else',
  'switch',
  'foreach',
  'for',
  'while',
  'do',
  'until',
  'try',
  'catch',
  'finally',
  'trap',
  'return',
  'throw',
  'exit',
  'break',
  'continue',
  'begin',
  'process',
  'end',
  'clean',
  'dynamicparam',
  'in',
  'default',
  'data',
  'parallel',
  'sequence',
  'inlinescript',
  'hidden',
  'static',
]);
const DEFINITIONS = new Set(['function', 'filter', 'workflow', 'configuration']);
const OPENERS = new Set<TokenType>(['lparen', 'subexpr', 'arrayexpr', 'lbrace', 'hashtable', 'lbracket']);
const CLOSERS = new Set<TokenType>(['rparen', 'rbrace', 'rbracket']);
const PIPES = new Set(['|', '||', '&&']);
const ASSIGNMENT_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=']);

class Parser {
  private i = 0;
  readonly commands: Command[] = [];
  private readonly assignments = new Map<string, Assignment[]>();
  private readonly hashtables = new Map<number, HashEntry[]>();

  constructor(
    private readonly t: Token[],
    private readonly src: string,
    private readonly options: ParseOptions,
  ) {}

  private get tok(): Token | undefined {
    return this.t[this.i];
  }

  private isOp(token: Token | undefined, ...ops: string[]): boolean {
    return token !== undefined && token.type === 'operator' && ops.includes(token.text);
  }

  /** End of a statement: a separator, a closing bracket, or a pipeline operator. */
  private atStatementEnd(): boolean {
    const token = this.tok;
    if (token === undefined) return true;
    if (token.type === 'newline' || token.type === 'semicolon' || CLOSERS.has(token.type)) return true;
    return token.type === 'operator' && PIPES.has(token.text);
  }

  /** Statements until `closer` (consumed) or the end of input. */
  parseBlock(closer: TokenType | null, ctx: Ctx): void {
    while (this.tok !== undefined) {
      const token = this.tok;
      if (token.type === 'newline' || token.type === 'semicolon') {
        this.i++;
        continue;
      }
      if (closer !== null && token.type === closer) {
        this.i++;
        return;
      }
      if (CLOSERS.has(token.type)) {
        // unbalanced: leave it to an enclosing block, or drop it at the top
        if (closer !== null) return;
        this.i++;
        continue;
      }
      const before = this.i;
      this.parsePipeline(ctx);
      if (this.i === before) this.i++; // always advance
    }
  }

  private parsePipeline(ctx: Ctx): void {
    this.parseElement(ctx);
    while (this.isOp(this.tok, ...PIPES)) {
      this.i++;
      while (this.tok?.type === 'newline') this.i++; // a pipeline may continue after `|`
      this.parseElement(ctx);
    }
  }

  private parseElement(ctx: Ctx): void {
    const token = this.tok;
    if (token === undefined || this.atStatementEnd()) return;
    if (token.type === 'word') {
      const word = token.value.toLowerCase();
      if (DEFINITIONS.has(word)) {
        this.i++;
        if (this.tok?.type === 'word') this.i++; // the function's name
        const body = { ...ctx, inFunction: true };
        // optional parameter list, then the body (either may follow a newline)
        while (this.tok?.type === 'newline' || this.tok?.type === 'lparen') {
          if (this.tok.type === 'newline') this.i++;
          else this.parseGroup(body);
        }
        if (this.tok?.type === 'lbrace') this.parseGroup(body);
        return;
      }
      if (word === 'param' && this.t[this.i + 1]?.type === 'lparen') {
        this.i++;
        this.parseGroup({ ...ctx, inParamBlock: true });
        return;
      }
      if (word === 'using' || word === 'class' || word === 'enum') {
        this.parseExpression(ctx);
        return;
      }
      if (KEYWORDS.has(word)) {
        this.i++;
        this.parseElement(ctx);
        return;
      }
      this.parseCommand(ctx);
      return;
    }
    if (this.isOp(token, '&', '.')) {
      const next = this.t[this.i + 1];
      if (next !== undefined && !CLOSERS.has(next.type) && next.type !== 'newline' && next.type !== 'semicolon') {
        this.parseCommand(ctx);
        return;
      }
    }
    this.parseExpression(ctx);
  }

  /** A statement that is not a command: scans to its end, reading groups and assignments. */
  private parseExpression(ctx: Ctx): void {
    const start = this.i;
    const first = this.tok;
    const second = this.t[this.i + 1];
    if (
      first?.type === 'variable' &&
      second !== undefined &&
      !second.spaceBefore &&
      (this.isOp(second, '.') || second.type === 'lbracket')
    ) {
      // `$p.Add(...)`, `$p.Key = ...`, `$p['Key'] = ...`: the hashtable may have changed
      this.record(first.value, { kind: 'modified', offset: first.start, line: first.line, depth: ctx.depth });
    }
    while (!this.atStatementEnd()) {
      const token = this.tok as Token;
      if (OPENERS.has(token.type)) {
        this.parseGroup(ctx);
        continue;
      }
      if (token.type === 'operator' && ASSIGNMENT_OPS.has(token.text)) {
        this.i++;
        this.parseAssignment(start, ctx, token.text === '=');
        return;
      }
      this.i++;
    }
  }

  /** After `=`: the right-hand side is a pipeline; remembers simple assignments for splatting. */
  private parseAssignment(lhsStart: number, ctx: Ctx, plain: boolean): void {
    const lhsEnd = this.i - 1;
    // the target: a lone variable, possibly after type constraints ([string]$x = ...)
    let k = lhsStart;
    while (this.t[k]?.type === 'lbracket') {
      k = this.skipBrackets(k);
    }
    const target = this.t[k];
    const simple = target?.type === 'variable' && k === lhsEnd - 1;
    while (this.tok?.type === 'newline') this.i++;
    const rhsStart = this.i;
    this.parsePipeline(ctx);
    if (!simple || target === undefined) return;
    const base = { offset: target.start, line: target.line, depth: ctx.depth };
    const rhs = this.t.slice(rhsStart, this.i);
    const entries = this.hashtables.get(rhsStart);
    if (!plain) {
      this.record(target.value, { kind: 'other', ...base });
    } else if (entries !== undefined && this.groupEnd(rhsStart) === this.i) {
      this.record(target.value, { kind: 'hashtable', entries, ...base });
    } else if (rhs.length === 1 && isLiteral(rhs[0])) {
      this.record(target.value, { kind: 'literal', value: rhs[0].value, ...base });
    } else {
      this.record(target.value, { kind: 'other', ...base });
    }
  }

  private readonly groupEnds = new Map<number, number>();
  private groupEnd(start: number): number | undefined {
    return this.groupEnds.get(start);
  }

  private record(variable: string, assignment: Assignment): void {
    const key = variable.toLowerCase();
    const list = this.assignments.get(key) ?? [];
    list.push(assignment);
    this.assignments.set(key, list);
  }

  /** The latest assignment to `variable` before `offset`, and whether it can be trusted there. */
  private lookup(variable: string, offset: number, depth: number): { found?: Assignment; reason?: string } {
    const list = (this.assignments.get(variable.toLowerCase()) ?? []).filter((a) => a.offset < offset);
    const last = list[list.length - 1];
    if (last === undefined) return { reason: `$${variable} is not assigned earlier in the script` };
    if (last.kind === 'modified') {
      return { reason: `$${variable} is modified on line ${last.line} after it is assigned` };
    }
    if (last.depth > depth) {
      return { reason: `$${variable} is assigned inside a block on line ${last.line}, which may not run` };
    }
    return { found: last };
  }

  private skipBrackets(k: number): number {
    let depth = 0;
    for (; k < this.t.length; k++) {
      const type = this.t[k].type;
      if (type === 'lbracket') depth++;
      if (type === 'rbracket' && --depth === 0) return k + 1;
    }
    return k;
  }

  /** A bracketed group at `this.i`: reads its contents and moves past its closer. */
  private parseGroup(ctx: Ctx): void {
    const start = this.i;
    const token = this.t[start];
    const inner = { ...ctx, depth: ctx.depth + 1 };
    this.i++;
    switch (token.type) {
      case 'lparen':
      case 'subexpr':
      case 'arrayexpr':
        this.parseBlock('rparen', inner);
        break;
      case 'lbrace':
        this.parseBlock('rbrace', inner);
        break;
      case 'hashtable':
        this.hashtables.set(start, this.parseHashtable(inner));
        break;
      case 'lbracket':
        // type literals and attributes: nothing runs inside that matters here
        this.i = this.skipBrackets(start);
        break;
      default:
        break; // not an opener: callers only call this at one
    }
    this.groupEnds.set(start, this.i);
  }

  private parseHashtable(ctx: Ctx): HashEntry[] {
    const entries: HashEntry[] = [];
    while (this.tok !== undefined) {
      const token = this.tok;
      if (token.type === 'newline' || token.type === 'semicolon') {
        this.i++;
        continue;
      }
      if (token.type === 'rbrace') {
        this.i++;
        break;
      }
      if (CLOSERS.has(token.type)) break;
      const keyToken = token;
      if (OPENERS.has(keyToken.type)) this.parseGroup(ctx);
      else this.i++;
      if (!this.isOp(this.tok, '=')) {
        this.parsePipeline(ctx); // malformed: skip the rest of the entry
        continue;
      }
      this.i++;
      while (this.tok?.type === 'newline') this.i++;
      const valueStart = this.i;
      this.parsePipeline(ctx);
      const valueTokens = this.t.slice(valueStart, this.i);
      if (valueTokens.length === 0) continue;
      entries.push({
        key: keyToken.type === 'word' || keyToken.type === 'string' ? keyToken.value : keyToken.text,
        value: this.argValue(valueTokens, ctx),
        line: keyToken.line,
        column: keyToken.column,
      });
    }
    return entries;
  }

  private parseCommand(ctx: Ctx): void {
    const first = this.tok as Token;
    let invocation: Command['invocation'] = 'direct';
    let nameToken = first;
    if (first.type === 'operator') {
      invocation = first.text === '&' ? 'call' : 'dot';
      this.i++;
      nameToken = this.tok as Token;
    }
    const command: Command = {
      name: nameToken.value,
      nameKind: 'word',
      invocation,
      line: first.line,
      column: first.column,
      parameters: [],
      positional: [],
      splats: [],
      depth: ctx.depth,
      inFunction: ctx.inFunction,
      inParamBlock: ctx.inParamBlock,
    };
    // pushed before a computed name is read, so that commands stay in source order
    this.commands.push(command);
    if (nameToken.type === 'string' && !nameToken.expandable) {
      command.nameKind = 'string';
      this.i++;
    } else if (nameToken.type === 'word') {
      this.i++;
    } else {
      command.nameKind = 'dynamic';
      const startTok = this.i;
      this.parsePrimary(ctx);
      command.name = this.textOf(this.t.slice(startTok, this.i));
    }
    const name = command.name;
    const isSwitch = this.options.isSwitch ?? (() => false);
    while (!this.atStatementEnd()) {
      const token = this.tok as Token;
      if (token.type === 'redirection') {
        this.i++;
        if (!/&[12]$/u.test(token.text) && !this.atStatementEnd()) this.parseArg(ctx);
        continue;
      }
      if (token.type === 'parameter') {
        this.i++;
        const parameter: CommandParameter = { name: token.value, line: token.line, column: token.column };
        const next = this.tok;
        const takesValue =
          !this.atStatementEnd() &&
          next !== undefined &&
          next.type !== 'redirection' &&
          (token.colon === true ||
            (next.type !== 'parameter' && next.type !== 'splat' && !isSwitch(name, token.value)));
        if (takesValue) parameter.value = this.parseArg(ctx);
        command.parameters.push(parameter);
        continue;
      }
      if (token.type === 'splat') {
        this.i++;
        this.splat(command, token, ctx);
        continue;
      }
      command.positional.push(this.parseArg(ctx));
    }
  }

  private splat(command: Command, token: Token, ctx: Ctx): void {
    const ref: SplatRef = { variable: token.value, line: token.line, column: token.column, resolved: false };
    command.splats.push(ref);
    const { found, reason } = this.lookup(token.value, token.start, ctx.depth);
    if (found?.kind === 'hashtable') {
      ref.resolved = true;
      ref.assignedLine = found.line;
      for (const entry of found.entries) {
        command.parameters.push({
          name: entry.key,
          value: entry.value,
          line: entry.line,
          column: entry.column,
          fromSplat: token.value,
        });
      }
      return;
    }
    ref.reason =
      reason ??
      (found?.kind === 'literal' || found?.kind === 'other'
        ? `$${token.value} is not assigned a hashtable literal (line ${found.line})`
        : `$${token.value} could not be resolved`);
  }

  /** One argument: a primary plus glued tokens (`$x.Prop`) and comma-joined items (`a, b`). */
  private parseArg(ctx: Ctx): ArgValue {
    const start = this.i;
    this.parsePrimary(ctx);
    for (;;) {
      const token = this.tok;
      if (token === undefined || this.atStatementEnd()) break;
      if (this.isOp(token, ',')) {
        this.i++;
        while (this.tok?.type === 'newline') this.i++;
        if (!this.atStatementEnd()) this.parsePrimary(ctx);
        continue;
      }
      if (!token.spaceBefore && token.type !== 'parameter' && token.type !== 'redirection') {
        this.parsePrimary(ctx);
        continue;
      }
      break;
    }
    return this.argValue(
      this.t.slice(start, this.i).filter((t) => t.type !== 'newline'),
      ctx,
    );
  }

  private parsePrimary(ctx: Ctx): void {
    const token = this.tok;
    if (token === undefined) return;
    if (OPENERS.has(token.type)) this.parseGroup(ctx);
    else this.i++;
  }

  private textOf(tokens: Token[]): string {
    if (tokens.length === 0) return '';
    return this.src.slice(tokens[0].start, tokens[tokens.length - 1].end);
  }

  private argValue(tokens: Token[], ctx: Ctx): ArgValue {
    const first = tokens[0];
    const text = this.textOf(tokens);
    const base = { text, line: first.line, column: first.column };
    if (tokens.length !== 1) return { kind: 'expression', value: text, ...base };
    switch (first.type) {
      case 'string':
        return { kind: first.expandable ? 'expandable' : 'string', value: first.value, ...base };
      case 'word':
        return { kind: 'word', value: first.value, ...base };
      case 'number':
        return { kind: 'number', value: first.value, ...base };
      case 'variable': {
        const arg: ArgValue = { kind: 'variable', value: first.value, ...base };
        const { found } = this.lookup(first.value, first.start, ctx.depth);
        if (found?.kind === 'literal') {
          arg.resolved = found.value;
          arg.resolvedLine = found.line;
        }
        return arg;
      }
      default:
        return { kind: 'expression', value: text, ...base };
    }
  }
}

function isLiteral(token: Token): boolean {
  return (token.type === 'string' && !token.expandable) || token.type === 'number';
}
