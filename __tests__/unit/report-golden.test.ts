// Golden files for the log text and the markdown of representative runs. UPDATE_GOLDEN=1 rewrites them.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown, COMMENT_LIMIT } from '../../src/report/markdown.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { REPORTS } from './report-fixtures.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden', 'report');

function golden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  // a missing golden fails: goldens are written only on purpose
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(Object.keys(REPORTS))('report %s', (name) => {
  const report = REPORTS[name];
  it('renders the log text', () => golden(`${name}.txt`, renderPlanText(report)));
  it('renders the markdown', () => golden(`${name}.md`, renderMarkdown(report)));
  it('fits a PR comment uncut', () => {
    expect(renderMarkdown(report, { limit: COMMENT_LIMIT })).toBe(renderMarkdown(report));
  });
});

describe('golden content', () => {
  it('says "No changes." only when converged and Azure was read', () => {
    expect(renderPlanText(REPORTS['converged-noop'])).toBe('No changes. Azure and Entra match the desired state.\n');
    expect(renderPlanText(REPORTS['fork-pr-no-azure'])).not.toMatch(/No changes/);
    expect(renderMarkdown(REPORTS['fork-pr-no-azure'])).not.toMatch(/No changes/);
    expect(renderPlanText({ ...REPORTS['converged-noop'], error: 'boom' })).not.toMatch(/No changes/);
  });

  it('puts the client id, not the principal id, in the user-assigned connect line sentence', () => {
    const r = REPORTS['user-assigned-plan'];
    const md = renderMarkdown(r);
    const sentence = md.split('\n').find((l) => l.startsWith('For a user-assigned identity'));
    expect(sentence).toContain(r.identity!.clientId!);
    expect(sentence).not.toContain(r.identity!.principalId!);
  });

  it('counts in Terraform words, past tense after apply', () => {
    expect(renderPlanText(REPORTS['user-assigned-plan'])).toMatch(/^Plan: 3 to add, 1 to change, 1 to destroy\.$/m);
    expect(renderPlanText(REPORTS['drift-corrected-schedule'])).toMatch(
      /^Apply complete: 1 added, 2 changed, 0 destroyed\.$/m,
    );
    expect(renderPlanText(REPORTS['error-midway'])).toMatch(/^Apply failed after 1 added, 1 changed, 0 destroyed\.$/m);
  });

  it('keeps hostile smoke output inside its code fence', () => {
    const md = renderMarkdown(REPORTS['smoke-test-failed']);
    expect(md).toContain('````text\nUnAuthorized');
    expect(md).toMatch(/<script>alert\('x'\)<\/script>\n````\n/);
  });
});
