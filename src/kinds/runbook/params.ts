// The script-level param() block of a runbook, read with the tokenizer: each parameter's name,
// whether it is mandatory ([Parameter(Mandatory)] or Mandatory=$true) and whether it has a default.
// Pure; the desired-state file's job schedule parameters are checked against it (config/rules.ts).
import { tokenize, type Token } from './tokenizer.js';

export interface RunbookParameter {
  name: string;
  mandatory: boolean;
  hasDefault: boolean;
  /** where `$Name` is written (1-based) */
  line: number;
  column: number;
}

export interface ParamBlock {
  /** the line of the `param` keyword; undefined: the script has no param() block */
  line?: number;
  parameters: RunbookParameter[];
}

const CODE = (t: Token) => t.type !== 'comment' && t.type !== 'newline';
const OPEN = new Set(['lparen', 'lbracket', 'lbrace', 'subexpr', 'arrayexpr', 'hashtable']);
const CLOSE = new Set(['rparen', 'rbracket', 'rbrace']);

/**
 * The index of the `(` of the script's param block: the first `param (` at brace depth 0, before any
 * other statement (only attributes such as [CmdletBinding()], comments and #Requires may precede it).
 */
function paramStart(tokens: Token[]): number | undefined {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'word' && depth === 0 && t.value.toLowerCase() === 'param') {
      return tokens[i + 1]?.type === 'lparen' ? i + 1 : undefined;
    }
    if (OPEN.has(t.type)) depth++;
    else if (CLOSE.has(t.type)) depth--;
    else if (depth === 0 && t.type !== 'semicolon') return undefined; // a statement came first
  }
  return undefined;
}

/** The tokens of each parameter (split at the block's top-level commas), up to the closing `)`. */
function segments(tokens: Token[], open: number): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (depth === 0 && t.type === 'rparen') break;
    if (OPEN.has(t.type)) depth++;
    else if (CLOSE.has(t.type)) depth--;
    if (depth === 0 && t.type === 'operator' && t.value === ',') out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((s) => s.length > 0);
}

/** true when `[Parameter(... Mandatory ...)]` in these tokens says so (Mandatory, Mandatory=$true, =1). */
function isMandatory(seg: Token[]): boolean {
  for (let i = 0; i < seg.length; i++) {
    if (seg[i].type !== 'word' || seg[i].value.toLowerCase() !== 'mandatory') continue;
    const next = seg[i + 1];
    if (!(next?.type === 'operator' && next.value === '=')) return true;
    const v = seg[i + 2];
    if (v?.type === 'variable') return v.value.toLowerCase() === 'true';
    if (v?.type === 'number') return Number(v.value) !== 0;
    return true;
  }
  return false;
}

function parameterOf(seg: Token[]): RunbookParameter | undefined {
  let depth = 0;
  for (let i = 0; i < seg.length; i++) {
    const t = seg[i];
    if (OPEN.has(t.type)) depth++;
    else if (CLOSE.has(t.type)) depth--;
    else if (depth === 0 && t.type === 'variable') {
      const rest = seg.slice(i + 1);
      return {
        name: t.value,
        mandatory: isMandatory(seg.slice(0, i)),
        hasDefault: rest.some((r) => r.type === 'operator' && r.value === '='),
        line: t.line,
        column: t.column,
      };
    }
  }
  return undefined;
}

/** The script's param() block; `parameters` is empty when there is none. Never throws. */
export function readParamBlock(script: string): ParamBlock {
  const tokens = tokenize(script).tokens.filter(CODE);
  const open = paramStart(tokens);
  if (open === undefined) return { parameters: [] };
  const parameters = segments(tokens, open).flatMap((s) => parameterOf(s) ?? []);
  return { line: tokens[open - 1].line, parameters };
}

export interface ParameterProblem {
  /** a name the block does not declare, or a mandatory parameter not given */
  kind: 'unknown' | 'missing';
  name: string;
  message: string;
}

/**
 * What is wrong with `given` (a job schedule's parameters) for a runbook with `block`: unknown names
 * (PowerShell binds names case-insensitively) and mandatory parameters without a default not given.
 */
export function parameterProblems(runbook: string, block: ParamBlock, given: string[]): ParameterProblem[] {
  const declared = block.parameters.map((p) => p.name);
  const known = new Set(declared.map((n) => n.toLowerCase()));
  const givenLower = new Set(given.map((n) => n.toLowerCase()));
  const accepted = declared.length ? declared.join(', ') : '(none: the runbook has no param() block)';
  const problems: ParameterProblem[] = given
    .filter((n) => !known.has(n.toLowerCase()))
    .map((name) => ({
      kind: 'unknown' as const,
      name,
      message: `runbook ${runbook} has no parameter "${name}"${block.line ? ` (param() block at line ${block.line})` : ''}; expected one of: ${accepted}`,
    }));
  for (const p of block.parameters) {
    if (p.mandatory && !p.hasDefault && !givenLower.has(p.name.toLowerCase())) {
      problems.push({
        kind: 'missing',
        name: p.name,
        message: `runbook ${runbook} requires parameter "${p.name}" (mandatory, declared at line ${p.line}); add it under parameters`,
      });
    }
  }
  return problems;
}
