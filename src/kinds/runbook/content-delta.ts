// What a content change amounts to, for the plan: sizes and the changed line range. Pure.
// Hashes alone tell a reviewer nothing; this says how big the change is and where to look.

export interface ContentDelta {
  oldBytes: number;
  newBytes: number;
  /** first and last line (1-based, in the new file) that differ; empty range = lines only removed */
  firstLine: number;
  lastLine: number;
  removedLines: number;
  addedLines: number;
}

const lines = (s: string) =>
  s
    .replace(/^\uFEFF/u, '')
    .replace(/\r\n?/gu, '\n')
    .split('\n');

/** The lines between the common prefix and the common suffix of the two texts. */
export function contentDelta(oldText: string, newText: string): ContentDelta {
  const a = lines(oldText);
  const b = lines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  return {
    oldBytes: Buffer.byteLength(oldText, 'utf8'),
    newBytes: Buffer.byteLength(newText, 'utf8'),
    firstLine: prefix + 1,
    lastLine: b.length - suffix,
    removedLines: a.length - prefix - suffix,
    addedLines: b.length - prefix - suffix,
  };
}

/** `1,204 -> 1,350 bytes, lines 12-15 changed (3 removed, 4 added)`. */
export function describeDelta(d: ContentDelta): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const size = `${n(d.oldBytes)} -> ${n(d.newBytes)} bytes`;
  if (d.removedLines === 0 && d.addedLines === 0) return `${size}, same lines (encoding or line endings differ)`;
  const where =
    d.addedLines === 0
      ? `lines removed after line ${d.firstLine - 1}`
      : d.firstLine === d.lastLine
        ? `line ${d.firstLine} changed`
        : `lines ${d.firstLine}-${d.lastLine} changed`;
  return `${size}, ${where} (${d.removedLines} removed, ${d.addedLines} added)`;
}
