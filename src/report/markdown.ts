// The job summary / PR comment markdown from a RunReport. Pure: a string in, a string out.
import type { Change, RunReport } from '../types.js';
import { capMarkdown, SUMMARY_LIMIT, type Limit } from './cap.js';
import { codeSpan, escapeProse, fence, hardBreaks } from './escape.js';
import { changeLine, countsLine, reportedChanges, unappliedChanges } from './plan-text.js';
import {
  connectSection,
  identitySection,
  rolesSection,
  runbooksSection,
  runtimesSection,
  smokeSection,
} from './sections.js';
import { brokenAccess, failureOf, nextStep } from './status.js';
import { standardWarnings } from './warnings.js';

export { capMarkdown, COMMENT_LIMIT, DEFAULT_CUT_NOTE, SUMMARY_LIMIT, type Limit } from './cap.js';
export { standardWarnings } from './warnings.js';

export interface MarkdownOptions {
  /** size cap; default the job summary's 1 MiB */
  limit?: Limit;
  /** the note appended when the text is cut */
  note?: string;
}

const RESOURCE_LABEL = { 'automation-account': 'Automation account', vm: 'VM' } as const;

/** A GitHub alert block (`> [!WARNING]` ...) quoting markdown that is already safe. */
export function alertBlock(kind: 'NOTE' | 'IMPORTANT' | 'WARNING' | 'CAUTION', markdownLines: string[]): string {
  return [`> [!${kind}]`, ...markdownLines.map((l) => (l === '' ? '>' : `> ${l}`))].join('\n');
}

/** An alert block around text that mixes the action's wording with untrusted values (see escapeProse). */
export function alert(kind: 'NOTE' | 'IMPORTANT' | 'WARNING' | 'CAUTION', text: string, lead?: string): string {
  return alertBlock(kind, hardBreaks([...(lead ? [lead] : []), ...escapeProse(text)]));
}

/** GitHub's diff grammar colors `+`, `-` and `!` lines, not `~`: an update is shown with `!`. */
function diffBlock(changes: Change[], made = false): string {
  return fence('diff', changes.map((c) => changeLine(c, made).replace(/^~/, '!')).join('\n'));
}

/** A diff longer than this is folded, so the counts, warnings and connect line stay in view. */
const FOLD_CHANGES = 15;

function folded(summary: string, block: string, fold: boolean): string[] {
  return fold ? [`<details><summary>${summary}</summary>`, '', block, '', '</details>'] : [block];
}

function title(report: RunReport): string {
  const { resource } = report;
  const failure = failureOf(report);
  const what = `${RESOURCE_LABEL[resource.type]} ${codeSpan(resource.name)}`;
  if (failure) return `## ❌ exo-automation ${report.mode} failed: ${what}`;
  if (brokenAccess(report).length) return `## ⚠️ exo-automation ${report.mode}: ${what} has lost access`;
  return `## ${report.mode === 'apply' ? '✅ ' : ''}exo-automation ${report.mode}: ${what}`;
}

function context(report: RunReport): string {
  const parts = [
    `Resource group ${codeSpan(report.resource.resourceGroup)}`,
    `subscription ${codeSpan(report.resource.subscriptionId)}`,
  ];
  if (report.organization) parts.push(`organization ${codeSpan(report.organization)}`);
  if (report.eventName) parts.push(`event ${codeSpan(report.eventName)}`);
  const run = report.run;
  if (run?.commit && /^[0-9a-f]{7,64}$/i.test(run.commit)) {
    const short = codeSpan(run.commit.slice(0, 7));
    parts.push(`commit ${run.commitUrl ? `[${short}](${run.commitUrl})` : short}`);
  }
  if (run?.url) parts.push(`[workflow run](${run.url})`);
  return parts.join(' · ');
}

const NOT_READ_TEXT =
  'Azure and Entra were not read. This run had no OIDC token, as happens on a pull request from a fork (GitHub gives such runs no id-token permission), so it could not sign in. Only the offline checks ran (inputs and runbook headers); the plan is unknown. A run on the base branch, or a pull request from a branch of this repository, shows the plan.';

/** The banner under the title: why the run failed, what was not read, or what is broken now. */
function statusSection(report: RunReport): string[] {
  const failure = failureOf(report);
  if (failure?.kind === 'error') return [alert('CAUTION', failure.text, '**The run failed.**')];
  const out: string[] = [];
  if (failure?.kind === 'smoke') {
    out.push(
      alertBlock('CAUTION', ['**The step failed:** the smoke test failed; what it found is under *Smoke test* below.']),
    );
  } else if (failure) out.push(alert('CAUTION', failure.text, '**The step failed.**'));
  else if (!report.azureRead) return [alertBlock('IMPORTANT', [NOT_READ_TEXT])];
  // drift that breaks access now is said as such, also when fail-on-drift already failed the step
  const broken = brokenAccess(report);
  if (broken.length) {
    const names = broken.map((c) => codeSpan(c.name)).join(', ');
    out.push(
      alertBlock('CAUTION', [
        `**Runbooks cannot connect to Exchange Online now:** the identity lacks ${names}. Run the apply workflow to restore it; until then every runbook that connects fails.`,
      ]),
    );
  }
  return out.length ? [out.join('\n\n')] : [];
}

function countsSection(report: RunReport): string[] {
  if (!report.azureRead) return [];
  const out = [
    countsLine(report)
      .split('\n')
      .map((l) => `**${l}**`)
      .join('  \n'),
  ];
  // on a schedule, drift (a change made outside this workflow) is the news; elsewhere changes are expected
  if (report.eventName === 'schedule' && report.drift && report.error === undefined) {
    if (report.mode === 'plan') out.push('', '**Drift found:** the live state differs from the desired state.');
    else if (report.applied.length > 0) {
      out.push(
        '',
        '**Drift found and corrected:** the live state had moved away from the desired state; the changes below restored it.',
      );
    }
  }
  return out;
}

function planSection(report: RunReport): string[] {
  if (!report.azureRead) return [];
  const changes = reportedChanges(report);
  const out: string[] = [];
  if (changes.length > 0) {
    const heading = report.mode === 'apply' ? '### Changes made' : '### Plan';
    const fold = changes.length > FOLD_CHANGES;
    out.push(
      heading,
      '',
      ...folded(`Show the ${changes.length} changes`, diffBlock(changes, report.mode === 'apply'), fold),
    );
  }
  const pending = unappliedChanges(report);
  if (report.error !== undefined && pending.length > 0) {
    if (out.length) out.push('');
    out.push(
      '### Planned but not made',
      '',
      ...folded(`Show the ${pending.length} changes`, diffBlock(pending), pending.length > FOLD_CHANGES),
    );
  }
  return out;
}

function warningsSection(report: RunReport): string[] {
  // standard warnings are our own markdown; the report's warnings and notices may hold service text
  const own = standardWarnings(report).filter((w) => !report.warnings.includes(w));
  const blocks = [
    ...[...new Set(report.warnings)].map((w) => alert('WARNING', w)),
    ...own.map((w) => alertBlock('WARNING', [w])),
    ...[...new Set(report.notices)].map((n) => alert('NOTE', n)),
  ];
  return blocks.length ? [blocks.join('\n\n')] : [];
}

function nextStepSection(report: RunReport): string[] {
  const step = nextStep(report);
  return step ? [`**Next step:** ${step}`] : [];
}

/**
 * The full markdown, capped to `limit` (default the job summary's 1 MiB). Order: what happened
 * (title, failure banner, counts), then warnings, then the changes (folded when long), then the
 * connect line and details, then the next step.
 */
export function renderMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const sections: string[][] = [
    [title(report), '', context(report)],
    statusSection(report),
    countsSection(report),
    warningsSection(report),
    planSection(report),
    report.azureRead || report.connectLine.trim() ? connectSection(report) : [],
    identitySection(report.identity, report),
    runtimesSection(report),
    rolesSection(report),
    runbooksSection(report),
    smokeSection(report),
    nextStepSection(report),
  ];
  const text = `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
  return capMarkdown(text, options.limit ?? SUMMARY_LIMIT, options.note);
}

/** The summary of a run stopped by bad input: what is wrong, in the step's own words, and what to do. */
export function renderBadInput(error: string): string {
  const text = [
    '## ❌ exo-automation failed: bad input',
    '',
    alert('CAUTION', error, '**The run failed before any request:** nothing in Azure or Entra was read or changed.'),
    '',
    "**Next step:** fix the inputs named above in the workflow file (the step's `with:`), then re-run the job.",
  ].join('\n');
  return capMarkdown(`${text}\n`, SUMMARY_LIMIT);
}
