// Safe rendering of user-controlled strings (resource names, paths, service messages) in markdown.

/** Control characters and line breaks become spaces: one value, one line. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/**
 * Escapes the markdown/HTML syntax that can act inline, plus block syntax when the value starts a line (CommonMark
 * allows a backslash before any ASCII punctuation), and defuses @mentions, so a name or message cannot format, link, inject HTML,
 * break a table cell or ping people in a PR comment.
 */
export function escapeMarkdown(s: string, atLineStart = false): string {
  let out = oneLine(s)
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
  const text = body.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}
