// Size caps: GitHub's 1 MiB (bytes) job summary and 65,536-character comment limits.
import { describe, expect, it } from '@jest/globals';
import { capMarkdown, COMMENT_LIMIT, DEFAULT_CUT_NOTE, measure, SUMMARY_LIMIT } from '../../src/report/cap.js';
import { commentBody } from '../../src/report/comment.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Change, RunReport } from '../../src/types.js';
import { REPORTS } from './report-fixtures.js';

/** Independent check: every fence opened is closed, every <details> closed, outside fences. */
function structure(md: string): { openFence: string | undefined; details: number } {
  let openFence: string | undefined;
  let details = 0;
  for (const line of md.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (openFence) {
      if (m && m[1][0] === openFence[0] && m[1].length >= openFence.length && m[2].trim() === '') openFence = undefined;
      continue;
    }
    if (m) {
      openFence = m[1];
      continue;
    }
    details += (line.match(/<details\b/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  return { openFence, details };
}

function hugeReport(changes: number, name: (i: number) => string): RunReport {
  const many: Change[] = Array.from({ length: changes }, (_, i) => ({
    kind: 'runbook',
    name: name(i),
    action: (['create', 'update', 'delete'] as const)[i % 3],
    reason: 'contenu modifié — 内容が変更されました 🚀',
  }));
  const base = REPORTS['user-assigned-plan'];
  return { ...base, plan: { ...base.plan, changes: many }, runbooks: [] };
}

describe('capMarkdown', () => {
  it('returns text that fits unchanged', () => {
    const text = '# title\n\n```diff\n+ a\n```\n';
    expect(capMarkdown(text, { max: text.length, unit: 'chars' })).toBe(text);
  });

  it('keeps a huge multibyte summary within 1 MiB of UTF-8 bytes and closes the diff fence', () => {
    const report = hugeReport(20_000, (i) => `Überprüfung-日本語-${i}`);
    const full = renderMarkdown(report, { limit: { max: Number.MAX_SAFE_INTEGER, unit: 'bytes' } });
    expect(Buffer.byteLength(full)).toBeGreaterThan(SUMMARY_LIMIT.max);
    // far fewer characters than bytes: a character count would wrongly let it through
    const capped = renderMarkdown(report, { limit: SUMMARY_LIMIT });
    expect(Buffer.byteLength(capped, 'utf8')).toBeLessThanOrEqual(SUMMARY_LIMIT.max);
    expect(Buffer.byteLength(capped, 'utf8')).toBeGreaterThan(SUMMARY_LIMIT.max - 1000);
    expect(capped).not.toContain('\ufffd');
    expect(structure(capped)).toEqual({ openFence: undefined, details: 0 });
    expect(capped.endsWith(`\n\n${DEFAULT_CUT_NOTE}\n`)).toBe(true);
    // cut inside the diff block (folded in <details>): the block and the fold were closed right before the note
    expect(capped).toMatch(/\n```\n\n<\/details>\n\n> \[!NOTE\]\n> This report was cut/);
    expect(capped).toContain("the step's `plan` output and in the job log");
    // whole lines only: the last diff line is complete
    const lastDiffLine = capped.split('\n```\n')[0].split('\n').pop()!;
    expect(lastDiffLine).toMatch(
      /^[+!-] runbook Überprüfung-日本語-\d+ {2}\(contenu modifié — 内容が変更されました 🚀\)$/,
    );
  });

  it('keeps a PR comment within 65,536 characters, marker included', () => {
    const report = hugeReport(5_000, (i) => `rb-${i}`);
    const body = commentBody(report);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT.max);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT.max - 500);
    expect(body.startsWith('<!-- exo-automation:plan:')).toBe(true);
    expect(body).toContain('The full plan is in the job summary');
    expect(structure(body)).toEqual({ openFence: undefined, details: 0 });
  });

  it('cuts a giant single line inside a fence and a <details> block, at a character boundary', () => {
    const report: RunReport = {
      ...REPORTS['smoke-test-failed'],
      smokeTest: { status: 'failed', output: '€'.repeat(600_000) }, // 1.8 MB on one line
    };
    const capped = renderMarkdown(report, { limit: SUMMARY_LIMIT });
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(SUMMARY_LIMIT.max);
    expect(Buffer.byteLength(capped)).toBeGreaterThan(SUMMARY_LIMIT.max - 100);
    expect(capped).not.toContain('\ufffd');
    expect(structure(capped)).toEqual({ openFence: undefined, details: 0 });
    expect(capped).toMatch(/€\n```\n\n<\/details>\n\n> \[!NOTE\]/);
  });

  it('never splits a surrogate pair when counting characters', () => {
    const text = '```text\n' + '😀'.repeat(1000) + '\n```\n';
    for (const max of [301, 302, 303, 777]) {
      const capped = capMarkdown(text, { max, unit: 'chars' }, 'cut');
      expect(capped.length).toBeLessThanOrEqual(max);
      expect(capped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(structure(capped).openFence).toBeUndefined();
    }
  });

  it('fits every limit and stays well formed, wherever the cut falls', () => {
    const md = renderMarkdown(REPORTS['smoke-test-failed']);
    for (let max = 200; max < measure(md, 'bytes'); max += 13) {
      for (const unit of ['bytes', 'chars'] as const) {
        const capped = capMarkdown(md, { max, unit });
        expect(measure(capped, unit)).toBeLessThanOrEqual(max);
        expect(structure(capped)).toEqual({ openFence: undefined, details: 0 });
        expect(
          md.startsWith(
            capped.slice(0, capped.lastIndexOf('\n> [!NOTE]')).replace(/\n(`{3,}\n|\n<\/details>\n)*$/, ''),
          ),
        ).toBe(true);
      }
    }
  });

  it('returns at most the limit even when the note alone does not fit', () => {
    expect(capMarkdown('x'.repeat(100), { max: 20, unit: 'chars' }).length).toBeLessThanOrEqual(20);
  });
});
