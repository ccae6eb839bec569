// The job summary / PR comment markdown from a RunReport. Pure: a string in, a string out.
import type { Change, IdentityInfo, RunReport } from '../types.js';
import { capMarkdown, SUMMARY_LIMIT, type Limit } from './cap.js';
import { codeSpan, escapeLines, escapeMarkdown, fence } from './escape.js';
import { changeLine, countsLine, reportedChanges, unappliedChanges } from './plan-text.js';
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

/** An alert block around untrusted text (a service message, a warning from elsewhere), escaped line by line. */
export function alert(kind: 'NOTE' | 'IMPORTANT' | 'WARNING' | 'CAUTION', text: string, lead?: string): string {
  return alertBlock(kind, [...(lead ? [lead] : []), ...escapeLines(text)]);
}

function diffBlock(changes: Change[]): string {
  return fence('diff', changes.map(changeLine).join('\n'));
}

function title(report: RunReport): string {
  const { resource } = report;
  const failed = report.error !== undefined ? ' (failed)' : '';
  return `## exo-automation ${report.mode}: ${RESOURCE_LABEL[resource.type]} ${codeSpan(resource.name)}${failed}`;
}

function context(report: RunReport): string {
  const parts = [
    `Resource group ${codeSpan(report.resource.resourceGroup)}`,
    `subscription ${codeSpan(report.resource.subscriptionId)}`,
  ];
  if (report.organization) parts.push(`organization ${codeSpan(report.organization)}`);
  if (report.eventName) parts.push(`event ${codeSpan(report.eventName)}`);
  return parts.join(' · ');
}

const NOT_READ_TEXT =
  'Azure and Entra were not read. This run had no OIDC token, as happens on a pull request from a fork (GitHub gives such runs no id-token permission), so it could not sign in. Only the offline checks ran (inputs and runbook headers); the plan is unknown. A run on the base branch, or a pull request from a branch of this repository, shows the plan.';

function planSection(report: RunReport): string[] {
  if (!report.azureRead) return [];
  const changes = reportedChanges(report);
  const out = [report.mode === 'apply' ? '### Changes made' : '### Plan', ''];
  if (changes.length > 0) out.push(diffBlock(changes), '');
  out.push(
    countsLine(report)
      .split('\n')
      .map((l) => `**${l}**`)
      .join('  \n'),
  );
  const pending = unappliedChanges(report);
  if (report.error !== undefined && pending.length > 0) {
    out.push('', '### Planned but not made', '', diffBlock(pending));
  }
  // on a schedule, drift (a change made outside this workflow) is the news; elsewhere changes are expected
  if (report.eventName === 'schedule' && report.drift && report.error === undefined) {
    if (report.mode === 'plan') out.push('', '**Drift found:** the live state differs from the desired state.');
    else if (report.applied.length > 0) {
      out.push(
        '',
        '**Drift found and corrected:** the live state had moved away from the desired state; the changes above restored it.',
      );
    }
  }
  return out;
}

function idCell(value: string | undefined, report: RunReport): string {
  if (value) return codeSpan(value, true);
  return report.mode === 'plan' ? '*known after apply*' : '*unknown*';
}

function identitySection(identity: IdentityInfo | undefined, report: RunReport): string[] {
  if (!identity) return [];
  const out = ['### Managed identity', '', '| Property | Value |', '|---|---|', `| Type | ${identity.type} |`];
  if (identity.type === 'user-assigned') {
    out.push(`| Name | ${identity.name ? codeSpan(identity.name, true) : '*unknown*'} |`);
  }
  out.push(`| Principal id (service principal object id) | ${idCell(identity.principalId, report)} |`);
  out.push(`| Client id (application id) | ${idCell(identity.clientId, report)} |`);
  return out;
}

function connectSection(report: RunReport): string[] {
  const vm = report.resource.type === 'vm';
  const out = [vm ? '### Connect from scripts on the VM' : '### Connect from runbooks', ''];
  if (report.connectLine.trim()) out.push(fence('powershell', report.connectLine.trim()), '');
  else out.push('*The exact line is known after apply.*', '');
  const identity = report.identity;
  if (identity?.type === 'user-assigned') {
    const id = identity.clientId ? ` (${codeSpan(identity.clientId)})` : '';
    out.push(
      `For a user-assigned identity, \`-ManagedIdentityAccountId\` takes its **client id**${id}, not the principal (object) id, which is only for Graph and role assignments.`,
    );
  } else if (identity?.type === 'system-assigned') {
    out.push(
      'For a system-assigned identity, pass no id: `-ManagedIdentity` alone selects the resource’s own identity (no `-ManagedIdentityAccountId`).',
    );
  }
  return out;
}

function runtimesSection(report: RunReport): string[] {
  if (report.runtimes.length === 0) return [];
  // On a VM one installation for all users serves every listed PowerShell version.
  const out =
    report.resource.type === 'vm'
      ? ['### PowerShell on the VM', '', '| Runtime | Installed on | Modules |', '|---|---|---|']
      : ['### Runtime environments', '', '| Runtime | Environment | Modules |', '|---|---|---|'];
  for (const r of report.runtimes) {
    const modules = r.modules.map((m) => `${escapeMarkdown(m.name)} ${escapeMarkdown(m.version)}`).join(', ');
    out.push(`| PowerShell ${escapeMarkdown(r.version)} | ${codeSpan(r.environment, true)} | ${modules || '*none*'} |`);
  }
  return out;
}

function rolesSection(report: RunReport): string[] {
  const roles = report.roles.filter((r) => r.trim() !== '');
  if (roles.length === 0) return [];
  return ['### Directory roles', '', ...roles.map((r) => `- ${escapeMarkdown(r, true)}`)];
}

function runbooksSection(report: RunReport): string[] {
  if (report.runbooks.length === 0) return [];
  const out = ['### Runbooks', '', '| Runbook | Path | Status |', '|---|---|---|'];
  for (const rb of report.runbooks) {
    const path = rb.path ? codeSpan(rb.path, true) : '';
    out.push(`| ${escapeMarkdown(rb.name)} | ${path} | ${escapeMarkdown(rb.status)} |`);
  }
  return out;
}

function smokeSection(report: RunReport): string[] {
  const smoke = report.smokeTest;
  if (!smoke || (smoke.status === 'skipped' && !smoke.detail && !smoke.output)) return [];
  const outcome = { passed: '✅ **Passed**', failed: '❌ **Failed**', skipped: '**Skipped**' }[smoke.status];
  const out = ['### Smoke test', '', `${outcome}: \`Connect-ExchangeOnline\` then \`Get-AcceptedDomain\`.`];
  if (smoke.detail) out.push('', ...escapeLines(smoke.detail).map((l) => l || '<br>'));
  if (smoke.output) {
    out.push('', '<details><summary>Output</summary>', '', fence('text', smoke.output), '', '</details>');
  }
  return out;
}

/** The full markdown, capped to `limit` (default the job summary's 1 MiB). */
export function renderMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const sections: string[][] = [[title(report), '', context(report)]];
  if (report.error !== undefined) sections.push([alert('CAUTION', report.error, '**The run failed.**')]);
  if (!report.azureRead) sections.push([alertBlock('IMPORTANT', [NOT_READ_TEXT])]);
  sections.push(planSection(report));

  // standard warnings are our own markdown; the report's warnings and notices may hold service text
  const own = standardWarnings(report).filter((w) => !report.warnings.includes(w));
  const blocks = [
    ...[...new Set(report.warnings)].map((w) => alert('WARNING', w)),
    ...own.map((w) => alertBlock('WARNING', [w])),
    ...[...new Set(report.notices)].map((n) => alert('NOTE', n)),
  ];
  if (blocks.length > 0) sections.push(['### Warnings and notices', '', blocks.join('\n\n')]);
  sections.push(
    identitySection(report.identity, report),
    report.azureRead || report.connectLine.trim() ? connectSection(report) : [],
    runtimesSection(report),
    rolesSection(report),
    runbooksSection(report),
    smokeSection(report),
  );
  const text = `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
  return capMarkdown(text, options.limit ?? SUMMARY_LIMIT, options.note);
}
