// Safe rendering of user-controlled strings (resource names, paths, service messages) in markdown.
import { visibleControls } from '../log/inert.js';

/**
 * Control characters and line breaks become spaces: one value, one line. Bidi and other invisible
 * controls are shown as `<U+202E>`, so `safe\u202Egnp.sys` cannot display as `safesys.png`.
 */
export function oneLine(s: string): string {
  return flatten(s).trim();
}

function flatten(s: string): string {
  // eslint-disable-next-line no-control-regex
  return visibleControls(s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' '));
}

/**
 * Escapes the markdown/HTML syntax that can act inline, plus block syntax when the value starts a line (CommonMark
 * allows a backslash before any ASCII punctuation), and defuses @mentions, so a name or message cannot format, link, inject HTML,
 * break a table cell or ping people in a PR comment.
 */
export function escapeMarkdown(s: string, atLineStart = false): string {
  return escapeInline(oneLine(s), atLineStart);
}

/** escapeMarkdown without trimming: for a piece of a line between code spans. */
function escapeInline(s: string, atLineStart: boolean): string {
  let out = flatten(s)
    // inline syntax: emphasis, code, links/images, HTML and autolinks, entities, table cells, strikethrough
    .replace(/[\\`*_{}[\]<>|~&!]/g, (c) => `\\${c}`)
    // a zero-width space after @ keeps GitHub from notifying users and teams named in a value
    .replace(/(^|[^\w])@(?=[\w-])/g, '$1@\u200b');
  if (atLineStart) {
    // block syntax bites only at the start of a line: headings, lists, quotes, setext, ordered lists
    out = out.replace(/^[#+\-=>]/, (c) => `\\${c}`).replace(/^(\d+)([.)])/, '$1\\$2');
  }
  return out;
}

/** Multi-line text escaped line by line (for alerts and notes). */
export function escapeLines(s: string): string[] {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => escapeMarkdown(l, true));
}

/** An inline code span that survives backticks and table pipes in the value. */
export function codeSpan(s: string, inTable = false): string {
  let v = oneLine(s);
  if (v === '') return '';
  // GFM splits table cells on `|` even inside code spans unless escaped; the backslash is removed there.
  if (inTable) v = v.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...v.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${v}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so content cannot close it. */
export function fence(lang: string, body: string): string {
  const text = body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => visibleControls(l))
    .join('\n')
    .replace(/\n+$/, '');
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

/** A code span (balanced backticks) or a bare URL inside prose: both are safe as they stand. */
const VERBATIM = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|https?:\/\/[^\s<>()"'`\\]+[^\s<>()"'`\\.,;:!?]/g;

/** One line of prose: code spans and URLs kept (they cannot format or inject), the rest escaped. */
function proseLine(line: string): string {
  const list = /^(\s*)([-*]|\d+[.)])\s+(.*)$/.exec(line);
  const [indent, marker, rest] = list ? [list[1].replace(/\t/g, '  '), list[2], list[3].trim()] : ['', '', line.trim()];
  let out = '';
  let at = 0;
  for (const m of rest.matchAll(VERBATIM)) {
    out += escapeInline(rest.slice(at, m.index), at === 0 && !marker);
    out += oneLine(m[0]);
    at = m.index + m[0].length;
  }
  out += escapeInline(rest.slice(at), at === 0 && !marker);
  return marker ? `${indent}${marker.replace('*', '-')} ${out}` : out;
}

/**
 * Text that mixes the action's own wording with values from elsewhere (names, service messages), as
 * markdown lines: list items stay lists, `code` stays code, URLs stay links, lines that start with
 * `az ` (a fix to run) become a shell block; everything else is escaped as untrusted.
 */
export function escapeProse(s: string): string[] {
  const lines = s.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*az\s/.test(lines[i])) {
      const cmds: string[] = [];
      while (i < lines.length && /^\s*az\s/.test(lines[i])) cmds.push(lines[i++].trim());
      i--;
      out.push(fence('sh', cmds.join('\n')));
      continue;
    }
    out.push(proseLine(lines[i]));
  }
  return out.flatMap((l) => l.split('\n'));
}

/**
 * A message's lines stay lines (a hint under its error), not one paragraph: each prose line that
 * another prose line follows ends in a hard break. Fences and list items are left as they are.
 */
export function hardBreaks(lines: string[]): string[] {
  let fence: string | undefined;
  const prose = (l: string) => l.trim() !== '' && !/^\s*([-*]|\d+[.)])\s/.test(l);
  return lines.map((l, i) => {
    const f = /^(`{3,}|~{3,})/.exec(l)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length) fence = undefined;
      return l;
    }
    if (f) {
      fence = f;
      return l;
    }
    const next = lines[i + 1];
    return prose(l) && next !== undefined && prose(next) && !/^(`{3,}|~{3,})/.test(next) ? `${l}<br>` : l;
  });
}
