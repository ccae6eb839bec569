// The job summary: written through @actions/core to GITHUB_STEP_SUMMARY; a failure is a warning.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../../src/report/markdown.js';
import { writeSummary } from '../../src/report/summary.js';
import { REPORTS } from './report-fixtures.js';
import { captureStdout } from '../helpers/stdout.js';

// In order: @actions/core remembers the summary path after its first success.
describe('writeSummary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exo-summary-'));
  const saved = process.env.GITHUB_STEP_SUMMARY;
  afterAll(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = saved;
  });

  it('warns and returns false when the runner gives no summary file', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    const { result, out } = await captureStdout(() => writeSummary(REPORTS['error-midway']));
    expect(result).toBe(false);
    expect(out).toMatch(/^::warning::Could not write the job summary: Unable to find environment variable/m);
  });

  it('warns and returns false when the summary file cannot be written', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'missing', 'summary.md');
    const { result, out } = await captureStdout(() => writeSummary(REPORTS['error-midway']));
    expect(result).toBe(false);
    expect(out).toMatch(/^::warning::Could not write the job summary: Unable to access summary file/m);
  });

  it('appends the rendered markdown, and nothing left over from the failed attempts', async () => {
    const file = join(dir, 'summary.md');
    writeFileSync(file, 'earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    const report = REPORTS['create-system-assigned'];
    const { result, out } = await captureStdout(() => writeSummary(report));
    expect(result).toBe(true);
    expect(out).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(`earlier step\n${renderMarkdown(report)}`);
  });
});
