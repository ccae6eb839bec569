// Size caps for GitHub: the job summary takes at most 1 MiB (UTF-8 bytes) per step, a comment body at
// most 65,536 characters. Cutting keeps the markdown well formed: an open code fence or <details>
// block is closed before the note that says the text was cut.

export interface Limit {
  max: number;
  unit: 'bytes' | 'chars';
}

export const SUMMARY_LIMIT: Limit = { max: 1_048_576, unit: 'bytes' };
export const COMMENT_LIMIT: Limit = { max: 65_536, unit: 'chars' };

export const DEFAULT_CUT_NOTE =
  "> [!NOTE]\n> This report was cut to fit GitHub's size limit. The full plan is in the step's `plan` output and in the job log.";

/** UTF-8 bytes or UTF-16 code units (which never undercount GitHub's character count). */
export function measure(s: string, unit: Limit['unit']): number {
  return unit === 'bytes' ? Buffer.byteLength(s, 'utf8') : s.length;
}

interface Block {
  /** the opening fence (e.g. "````" or "~~~") when inside a fenced code block */
  fence?: string;
  /** open <details> elements outside code */
  details: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

function next(state: Block, line: string): Block {
  const l = line.replace(/\r?\n$/, '');
  const m = FENCE.exec(l);
  if (state.fence) {
    const closes = m && m[1][0] === state.fence[0] && m[1].length >= state.fence.length && m[2].trim() === '';
    return closes ? { details: state.details } : state;
  }
  if (m && !(m[1][0] === '`' && m[2].includes('`'))) return { fence: m[1], details: state.details };
  const opens = (l.match(/<details\b/gi) ?? []).length;
  const closes = (l.match(/<\/details>/gi) ?? []).length;
  return { details: Math.max(0, state.details + opens - closes) };
}

/** What must follow a cut so that every open block is closed, then the note. */
function tail(state: Block, atLineStart: boolean, note: string): string {
  let t = atLineStart ? '' : '\n';
  if (state.fence) t += `${state.fence}\n`;
  t += '\n</details>\n'.repeat(state.details);
  return `${t}\n${note}\n`;
}

/** The longest start of `s` within `budget`, never splitting a character. */
function slicePrefix(s: string, budget: number, unit: Limit['unit']): string {
  if (budget <= 0) return '';
  if (unit === 'chars') {
    let out = s.slice(0, budget);
    const last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
    return out;
  }
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= budget) return s;
  let end = budget;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--; // back off to the start of a UTF-8 sequence
  return buf.subarray(0, end).toString('utf8');
}

/**
 * Returns `text` unchanged when it fits `limit`; otherwise the longest start of it that fits together
 * with the closers of any open fence/<details> and `note`. Cuts at a line end, or inside a line when
 * that one line is larger than half the limit.
 */
export function capMarkdown(text: string, limit: Limit = SUMMARY_LIMIT, note: string = DEFAULT_CUT_NOTE): string {
  const { max, unit } = limit;
  if (measure(text, unit) <= max) return text;
  if (measure(`\n${note}\n`, unit) > max) return slicePrefix(note, max, unit);

  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let state: Block = { details: 0 };
  let used = 0;
  let best = { index: 0, used: 0, state };
  for (let i = 0; i < lines.length; i++) {
    if (used + measure(tail(state, true, note), unit) <= max) best = { index: i, used, state };
    used += measure(lines[i], unit);
    state = next(state, lines[i]);
    if (used > max) break;
  }

  let out = lines.slice(0, best.index).join('');
  const endState = best.state;
  let atLineStart = true;
  const line = lines[best.index];
  const isFenceLine = FENCE.test(line.replace(/\r?\n$/, ''));
  if (!isFenceLine && measure(line, unit) > max / 2) {
    // a giant line (a long message or output): keep as much of it as fits rather than none
    const budget = max - best.used - measure(tail(endState, false, note), unit);
    let part = slicePrefix(line.replace(/\n$/, ''), budget, unit);
    if (!endState.fence) {
      if (/<\/?details\b/i.test(part)) part = '';
      if (/(^|[^\\])(\\\\)*\\$/.test(part)) part = part.slice(0, -1); // a lone trailing backslash would escape the cut
    }
    if (part) {
      out += part;
      atLineStart = false;
    }
  }
  return out + tail(endState, atLineStart, note);
}
