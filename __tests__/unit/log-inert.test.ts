// The sanitizer every log line passes through: what the runner would run as a command stays text.
import { describe, expect, it } from '@jest/globals';
import { inertLine, inertLines, inertText, visibleControls } from '../../src/log/inert.js';

/** The runner's own tests for a command line: `::` after leading whitespace (.NET TrimStart), or `##[` anywhere. */
function isCommand(line: string): boolean {
  return /^[\s\u0085]*::/.test(line) || line.includes('##[');
}

describe('inertLine', () => {
  it.each([
    '::warning title=X::pwn',
    '   ::stop-commands::TOKEN',
    '\t::add-mask::x',
    '\u00a0\u2003::error::x',
    '\u0085::debug::x',
    'text ##[warning]legacy',
    '##[group]x',
    '##[set-output name=a;]b',
  ])('defuses %j', (line) => {
    const out = inertLine(line);
    expect(isCommand(out)).toBe(false);
    // the text stays readable: only a zero-width space was added
    // NEL is a line break to some readers: it becomes a space
    expect(out.replace(/\u200b/g, '')).toBe(line.replace(/\u0085/g, ' '));
  });

  it('leaves ordinary lines alone', () => {
    for (const line of [
      '+ runbook Get-Mail  (new file)',
      'a::b',
      'Plan: 1 to add, 0 to change, 0 to destroy.',
      '  ~ x',
    ])
      expect(inertLine(line)).toBe(line);
  });

  it('never leaves a line break inside one line (the runner splits on CR too)', () => {
    const out = inertLine('n\r::warning::pwn\n::stop-commands::T');
    expect(out).not.toMatch(/[\r\n]/);
    expect(out.split(/\r|\n/).some(isCommand)).toBe(false);
  });

  it('shows bidi and control characters instead of letting them act', () => {
    expect(visibleControls('safe\u202Egnp.sys')).toBe('safe<U+202E>gnp.sys');
    expect(inertLine('a\u001b[8mhidden')).toBe('a<U+001B>[8mhidden');
    expect(inertLine('tab\tstays')).toBe('tab\tstays');
  });
});

describe('inertLines / inertText', () => {
  it('splits on CR, LF and CRLF and defuses every resulting line', () => {
    const text = 'dir n\n::warning title=X::pwn\rx\r\n::stop-commands::TOKEN\n##[error]y';
    const lines = inertLines(text);
    expect(lines).toHaveLength(5);
    expect(lines.some(isCommand)).toBe(false);
    expect(inertText(text).split('\n')).toEqual(lines);
  });
});
