// A job summary or PR comment made readable in a terminal: headings underlined, alerts as a labelled
// bar, tables aligned, diff lines colored, markdown escapes and inline syntax removed. Colors only
// when asked (the demo asks when stdout is a terminal). Not part of the action.

const ANSI = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  off: '\x1b[0m',
};
type Paint = (style: keyof typeof ANSI, s: string) => string;

const ALERT_LABEL: Record<string, [string, keyof typeof ANSI]> = {
  NOTE: ['ℹ Note', 'cyan'],
  IMPORTANT: ['❗ Important', 'cyan'],
  WARNING: ['⚠ Warning', 'yellow'],
  CAUTION: ['✖ Caution', 'red'],
  TIP: ['✔ Tip', 'green'],
};

/** Inline markdown as plain text: code spans, bold, links, escapes, a few HTML tags. */
function inline(s: string, paint: Paint): string {
  return s
    .replace(/(`+) ?([^`]|[^`][\s\S]*?[^`]) ?\1(?!`)/g, (_m, _t, code: string) => paint('cyan', code))
    .replace(/\*\*([^*]+)\*\*/g, (_m, b: string) => paint('bold', b))
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 <$2>')
    .replace(/<br\s*\/?>/g, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\u200b/g, '');
}

function cells(row: string): string[] {
  return row
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function table(rows: string[], paint: Paint): string[] {
  const body = rows.filter((r) => !/^\s*\|?\s*:?-{3,}/.test(r)).map((r) => cells(r));
  const plain = (s: string) => s.replace(/\x1b\[\d+m/g, ''); // eslint-disable-line no-control-regex
  const text = body.map((r) => r.map((c) => inline(c, paint)));
  const widths = text[0].map((_, i) => Math.max(...text.map((r) => [...plain(r[i] ?? '')].length)));
  return text.map((r, n) => {
    const line = r.map((c, i) => c + ' '.repeat(widths[i] - [...plain(c)].length)).join('  ');
    return n === 0 ? paint('bold', line) : line;
  });
}

function fenceLines(lines: string[], lang: string, paint: Paint): string[] {
  return lines.map((l) => {
    if (lang !== 'diff') return `    ${l}`;
    const color = l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : l.startsWith('!') ? 'yellow' : 'off';
    return `    ${paint(color, l)}`;
  });
}

export function terminalMarkdown(md: string, options: { color?: boolean } = {}): string {
  const paint: Paint = options.color ? (style, s) => `${ANSI[style]}${s}${ANSI.off}` : (_style, s) => s;
  const src = md
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<details><summary>([\s\S]*?)<\/summary>/g, '▸ $1')
    .replace(/<\/details>/g, '')
    .split('\n');
  const out: string[] = [];
  for (let i = 0; i < src.length; i++) {
    const line = src[i];
    const fence = /^(`{3,}|~{3,})(\w*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < src.length && !src[i].startsWith(fence[1]); i++) body.push(src[i]);
      out.push(...fenceLines(body, fence[2], paint));
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[] = [];
      for (; i < src.length && /^\s*\|/.test(src[i]); i++) rows.push(src[i]);
      i--;
      out.push(...table(rows, paint));
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2], (_s, x) => x);
      out.push(paint('bold', text), (heading[1].length <= 2 ? '═' : '─').repeat(Math.min(100, [...text].length)));
      continue;
    }
    const alert = /^> \[!(\w+)\]$/.exec(line);
    if (alert) {
      const [label, color] = ALERT_LABEL[alert[1]] ?? [alert[1], 'bold'];
      out.push(paint(color, `┃ ${label}`));
      for (i++; i < src.length && src[i].startsWith('>'); i++) {
        const quoted = src[i].replace(/^> ?/, '');
        if (/^`{3,}/.test(quoted)) continue; // a fence inside an alert: its lines read as they are
        out.push(`${paint(color, '┃')} ${inline(quoted, paint)}`);
      }
      i--;
      continue;
    }
    out.push(inline(line, paint));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
