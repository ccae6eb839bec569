// Phase 1: the inputs. Bad input is one message listing every problem, before any request; the
// summary says it too.
import * as core from '@actions/core';
import { describeError } from '../describe-error.js';
import { readInputs } from '../inputs.js';
import { InputsError, secretValues } from '../inputs/config-file.js';
import { log } from '../log/index.js';
import { writeBadInputSummary } from '../report/index.js';
import type { Inputs } from '../types.js';

/** The inputs and the warnings about settings that have no effect; undefined once bad input failed the step. */
export async function inputsPhase(): Promise<{ inputs: Inputs; warnings: string[] } | undefined> {
  const warnings: string[] = [];
  try {
    // Untrimmed, so that a value of only whitespace can be told from an unset input (table.ts).
    const inputs = readInputs(
      (name) => core.getInput(name, { trimWhitespace: false }),
      (w) => warnings.push(w),
    );
    if (inputs.githubToken) log.setSecret(inputs.githubToken);
    for (const secret of secretValues(inputs.config, process.env)) log.setSecret(secret);
    return { inputs, warnings };
  } catch (e) {
    // each problem of the desired-state file also as an annotation on its line and column
    for (const l of e instanceof InputsError ? e.locations : []) {
      log.error(l.message, { title: 'exo-automation: config', file: l.file, startLine: l.line, startColumn: l.column });
    }
    const text = describeError(e);
    await writeBadInputSummary(text);
    log.fail(text);
    return undefined;
  }
}
