// The detail sections of the job summary and PR comment (identity, connect line, runtimes, roles,
// runbooks, smoke test). Pure: a report in, markdown lines out.
import type { IdentityInfo, RunReport } from '../types.js';
import { codeSpan, escapeMarkdown, escapeProse, fence, hardBreaks } from './escape.js';

function idCell(value: string | undefined, report: RunReport): string {
  if (value) return codeSpan(value, true);
  return report.mode === 'plan' ? '*known after apply*' : '*unknown*';
}

export function identitySection(identity: IdentityInfo | undefined, report: RunReport): string[] {
  if (!identity) return [];
  const out = ['### Managed identity', '', '| Property | Value |', '|---|---|', `| Type | ${identity.type} |`];
  if (identity.type === 'user-assigned') {
    out.push(`| Name | ${identity.name ? codeSpan(identity.name, true) : '*unknown*'} |`);
  }
  out.push(`| Principal id (service principal object id) | ${idCell(identity.principalId, report)} |`);
  out.push(`| Client id (application id) | ${idCell(identity.clientId, report)} |`);
  return out;
}

export function connectSection(report: RunReport): string[] {
  const vm = report.resource.type === 'vm';
  const out = [vm ? '### Connect from scripts on the VM' : '### Connect from runbooks', ''];
  if (report.connectLine.trim()) out.push(fence('powershell', report.connectLine.trim()), '');
  else out.push('*The exact line is known after apply.*', '');
  if (report.graphConnectLine?.trim()) {
    out.push('For Microsoft Graph (`graph-permissions`):', '', fence('powershell', report.graphConnectLine.trim()), '');
  }
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

export function runtimesSection(report: RunReport): string[] {
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

export function rolesSection(report: RunReport): string[] {
  const roles = report.roles.filter((r) => r.trim() !== '');
  if (roles.length === 0) return [];
  return ['### Directory roles', '', ...roles.map((r) => `- ${escapeMarkdown(r, true)}`)];
}

/** A table longer than this is folded, so what follows (the next step) stays in view. */
const FOLD_ROWS = 15;

export function runbooksSection(report: RunReport): string[] {
  const n = report.runbooks.length;
  if (n === 0) return [];
  const rows = ['| Runbook | Path | Status |', '|---|---|---|'];
  for (const rb of report.runbooks) {
    const path = rb.path ? codeSpan(rb.path, true) : '';
    rows.push(`| ${escapeMarkdown(rb.name)} | ${path} | ${escapeMarkdown(rb.status)} |`);
  }
  if (n <= FOLD_ROWS) return ['### Runbooks', '', ...rows];
  const counts = new Map<string, number>();
  for (const rb of report.runbooks) counts.set(rb.status, (counts.get(rb.status) ?? 0) + 1);
  const tally = [...counts].map(([status, k]) => `${k} ${escapeMarkdown(status)}`).join(', ');
  return [
    '### Runbooks',
    '',
    `${n} runbooks: ${tally}.`,
    '',
    `<details><summary>Show the ${n} runbooks</summary>`,
    '',
    ...rows,
    '',
    '</details>',
  ];
}

export function smokeSection(report: RunReport): string[] {
  const smoke = report.smokeTest;
  if (!smoke || (smoke.status === 'skipped' && !smoke.detail && !smoke.output)) return [];
  const outcome = { passed: '✅ **Passed**', failed: '❌ **Failed**', skipped: '**Skipped**' }[smoke.status];
  const out = ['### Smoke test', '', `${outcome}: \`Connect-ExchangeOnline\` then \`Get-AcceptedDomain\`.`];
  if (smoke.detail) out.push('', ...hardBreaks(escapeProse(smoke.detail)));
  if (smoke.output) {
    out.push('', '<details><summary>Output</summary>', '', fence('text', smoke.output), '', '</details>');
  }
  return out;
}
