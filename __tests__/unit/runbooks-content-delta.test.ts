// The plan's account of a content change: sizes and the changed line range.
import { describe, expect, it } from '@jest/globals';
import { contentDelta, describeDelta } from '../../src/kinds/runbook/content-delta.js';

const text = (...l: string[]) => l.join('\n');

describe('contentDelta', () => {
  it('finds the changed lines between the common prefix and suffix', () => {
    const d = contentDelta(text('a', 'b', 'c', 'd'), text('a', 'B', 'x', 'c', 'd'));
    expect(d).toMatchObject({ firstLine: 2, lastLine: 3, removedLines: 1, addedLines: 2 });
    expect(describeDelta(d)).toBe('7 -> 9 bytes, lines 2-3 changed (1 removed, 2 added)');
  });

  it('names one changed line, appended lines and removed lines', () => {
    expect(describeDelta(contentDelta(text('a', 'b'), text('a', 'c')))).toBe(
      '3 -> 3 bytes, line 2 changed (1 removed, 1 added)',
    );
    expect(contentDelta(text('a'), text('a', 'b', 'c'))).toMatchObject({ firstLine: 2, lastLine: 3, addedLines: 2 });
    expect(describeDelta(contentDelta(text('a', 'b', 'c'), text('a', 'c')))).toBe(
      '5 -> 3 bytes, lines removed after line 1 (1 removed, 0 added)',
    );
  });

  it('says when only line endings or a byte order mark differ', () => {
    expect(describeDelta(contentDelta('a\r\nb', '\uFEFFa\nb'))).toBe(
      '4 -> 6 bytes, same lines (encoding or line endings differ)',
    );
  });
});
