// The job summary: best effort, a failure is a warning and never fails the run.
import * as core from '@actions/core';
import type { RunReport } from '../types.js';
import { renderBadInput, renderMarkdown } from './markdown.js';
import { SUMMARY_LIMIT } from './cap.js';
import { log } from '../log/index.js';

/** Appends the report to the step's job summary; returns whether it was written. */
export async function writeSummary(report: RunReport): Promise<boolean> {
  return write(renderMarkdown(report, { limit: SUMMARY_LIMIT }));
}

/** The summary of a run stopped by bad input (no report exists yet: the inputs could not be read). */
export async function writeBadInputSummary(error: string): Promise<boolean> {
  return write(renderBadInput(error));
}

async function write(markdown: string): Promise<boolean> {
  try {
    await core.summary.addRaw(markdown).write();
    return true;
  } catch (err) {
    // a failed write leaves the buffer full; empty it so a later write does not repeat this report
    core.summary.emptyBuffer();
    log.warning(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}
