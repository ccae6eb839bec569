// User-controlled strings (names, paths, service messages) cannot change the markdown around them.
import { describe, expect, it } from '@jest/globals';
import { codeSpan, escapeMarkdown, fence } from '../../src/report/escape.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import type { RunReport } from '../../src/types.js';
import { REPORTS } from './report-fixtures.js';

const HOSTILE = '**bold** | <img src=x onerror=alert(1)> [link](http://evil) @octocat\n# heading `tick` ~~s~~ &amp;';

/** Table cell separators that GFM sees: pipes not preceded by a backslash. */
function cells(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length;
}

describe('escaping', () => {
  it('escapes inline syntax, HTML and mentions, and keeps one line', () => {
    const s = escapeMarkdown(HOSTILE);
    expect(s).not.toContain('\n');
    expect(s).not.toMatch(/(?<!\\)</);
    expect(s).not.toMatch(/(?<!\\)\*\*/);
    expect(s).not.toMatch(/(?<!\\)\[link(?<!\\)\]/);
    expect(s).toContain('@\u200boctocat');
    expect(s).toContain('\\&amp;');
    expect(escapeMarkdown('user@contoso.com')).toBe('user@contoso.com');
  });

  it('escapes block syntax only where a value starts a line', () => {
    expect(escapeMarkdown('# x', true)).toBe('\\# x');
    expect(escapeMarkdown('1. x', true)).toBe('1\\. x');
    expect(escapeMarkdown('7.4')).toBe('7.4');
  });

  it('makes code spans and fences that their content cannot close', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`a')).toBe('`` `a ``');
    expect(codeSpan('a|b', true)).toBe('`a\\|b`');
    expect(fence('text', 'x\n```\ny')).toBe('````text\nx\n```\ny\n````');
  });

  it('keeps hostile names inside their table cells, diff lines and alerts', () => {
    const base = REPORTS['user-assigned-plan'];
    const report: RunReport = {
      ...base,
      resource: { ...base.resource, name: 'aa`x`' },
      plan: {
        ...base.plan,
        changes: [{ kind: 'runbook', name: 'evil\n```\n# injected', action: 'create', reason: HOSTILE }],
      },
      runbooks: [{ name: HOSTILE, path: 'a|b/`c`.ps1', status: HOSTILE }],
      warnings: [`first line\n${HOSTILE}`],
      roles: ['# Exchange Administrator'],
    };
    const md = renderMarkdown(report);
    expect(md).toContain('## exo-automation plan: Automation account `` aa`x` ``\n');
    const row = md.split('\n').find((l) => l.startsWith('| **') || l.startsWith('| \\*\\*'))!;
    expect(cells(row)).toBe(4);
    expect(md).toContain('```diff\n+ runbook evil ``` # injected  (');
    expect(md).not.toMatch(/^# (heading|injected)/m);
    // outside code (where text is literal) no HTML and no mention survives
    const prose = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1\n/gm, '');
    expect(prose).not.toContain('```diff');
    expect(prose).not.toMatch(/(?<!\\)<img/);
    expect(prose).not.toMatch(/@octocat/);
    expect(md).toContain('> [!WARNING]\n> first line<br>\n> \\*\\*bold');
    expect(md).toContain('\n> \\# heading `tick` \\~\\~s');
    expect(md).toContain('- \\# Exchange Administrator');
  });

  it('keeps the log text one line per change, so no workflow command can start a line', () => {
    const base = REPORTS['user-assigned-plan'];
    const text = renderPlanText({
      ...base,
      plan: {
        ...base.plan,
        changes: [{ kind: 'runbook', name: 'x\n::warning::pwned', action: 'update', reason: 'r\r\n::error::x' }],
      },
    });
    expect(text).not.toMatch(/^\s*::/m);
    expect(text).toContain('  ~ runbook x ::warning::pwned  (r ::error::x)\n');
  });
});
