// Makes text inert for the GitHub Actions runner's command parser. Pure.
//
// The runner reads the step's stdout and stderr line by line (a line ends at CR, LF or CRLF) and
// treats a line as a workflow command when, after leading whitespace, it starts with `::`
// (`::warning::`, `::add-mask::`, `::stop-commands::`), or when it holds the legacy `##[`
// anywhere. @actions/core escapes only the data it formats into a command itself (`%`, CR, LF;
// also `:` and `,` in properties), so `core.info(untrusted)` is an injection. Every line the
// action writes therefore passes through `inertLine`.

/** Line breaks the runner splits on, plus the Unicode ones a viewer might render as breaks. */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/;

/**
 * Characters that change what a reader sees without being seen: C0/C1 controls (ANSI escapes can
 * conceal or recolor text in the log viewer) and the bidi controls (`safe\u202Egnp.sys` displays as
 * `safesys.png`). Tab stays: it is plain layout.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Whitespace that .NET's TrimStart removes before the runner looks for `::` (JS `\s` plus NEL). */
const LEADING_SPACE = /^[\s\u0085]*/;

/** A zero-width space: not whitespace to .NET, so `:\u200b:` is no longer a command prefix. */
const ZWSP = '\u200b';

/** Hidden and control characters shown as `<U+202E>`, so they can be seen and cannot act. */
export function visibleControls(s: string): string {
  return s.replace(HIDDEN, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** One line of output that the runner shows as text and never runs as a command. */
export function inertLine(line: string): string {
  let s = visibleControls(line.replace(new RegExp(LINE_BREAK.source, 'g'), ' '));
  // Legacy commands match `##[` anywhere in a line.
  s = s.replace(/##\[/g, `##${ZWSP}[`);
  // Current commands: `::` at the start, after whitespace.
  const lead = LEADING_SPACE.exec(s)?.[0] ?? '';
  if (s.startsWith('::', lead.length)) s = `${lead}:${ZWSP}${s.slice(lead.length + 1)}`;
  return s;
}

/** Multi-line text as inert lines (the caller writes each as its own line). */
export function inertLines(text: string): string[] {
  return text.split(LINE_BREAK).map(inertLine);
}

/** Multi-line text made inert line by line, joined again with LF. */
export function inertText(text: string): string {
  return inertLines(text).join('\n');
}
