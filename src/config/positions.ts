// Maps a path inside the parsed YAML (an ajv instancePath or a rule's key path) to the line and
// column of its node, so every problem becomes an annotation on the right place of the file.
import { isMap, type Document, type LineCounter } from 'yaml';

export type KeyPath = (string | number)[];

/** "/schedules/a~1b/0" -> ['schedules', 'a/b', 0] (JSON Pointer unescaping). */
export function pointerToPath(pointer: string): KeyPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Line and column (1-based) of the value at `path`, or of its key when `key` names one in that map. */
export function positionOf(doc: Document, lines: LineCounter, path: KeyPath, key?: string) {
  let node = path.length === 0 ? doc.contents : (doc.getIn(path, true) as { range?: [number, number, number] });
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
    if (pair?.key) node = pair.key as typeof node;
  }
  const offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}
