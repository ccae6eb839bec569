// How runbooks use graph-permissions: the Connect-MgGraph line in the summary, and the runbook
// check, which stops suggesting Group.ReadWrite.All once graph-permissions grants it.
import { describe, expect, it } from '@jest/globals';
import { grantsPermission, mgGraphConnectLine } from '../../src/graph-permissions/connect.js';
import { commentBody } from '../../src/report/comment.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { checkRunbook } from '../../src/kinds/runbook/check.js';
import { REPORTS } from './report-fixtures.js';

const ORG = 'contoso.onmicrosoft.com';
const CLIENT = '0f3c6b1e-5d2a-4c8b-9e7f-1a2b3c4d5e6f';
const RUNBOOK = `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG}\nNew-UnifiedGroup -DisplayName Sales\n`;

describe('mgGraphConnectLine', () => {
  it('is Connect-MgGraph -Identity, with -ClientId for a user-assigned identity', () => {
    expect(mgGraphConnectLine({ type: 'system-assigned' })).toBe('Connect-MgGraph -Identity');
    expect(mgGraphConnectLine({ type: 'user-assigned', clientId: CLIENT })).toBe(
      `Connect-MgGraph -Identity -ClientId ${CLIENT}`,
    );
    expect(mgGraphConnectLine({ type: 'user-assigned' })).toBe(
      'Connect-MgGraph -Identity -ClientId <client id of the user-assigned identity>',
    );
  });

  it('names the Graph environment outside the global cloud', () => {
    expect(mgGraphConnectLine({ type: 'system-assigned' }, 'O365USGovGCCHigh')).toBe(
      'Connect-MgGraph -Identity -Environment USGov',
    );
    expect(mgGraphConnectLine({ type: 'system-assigned' }, 'O365USGovDoD')).toBe(
      'Connect-MgGraph -Identity -Environment USGovDoD',
    );
    expect(mgGraphConnectLine({ type: 'system-assigned' }, 'O365China')).toBe(
      'Connect-MgGraph -Identity -Environment China',
    );
  });
});

describe('the summary', () => {
  it('shows the Connect-MgGraph line when graph-permissions is set, and not otherwise', () => {
    const plain = REPORTS['create-system-assigned'];
    expect(renderMarkdown(plain)).not.toContain('Connect-MgGraph');
    const md = renderMarkdown({ ...plain, graphConnectLine: `Connect-MgGraph -Identity -ClientId ${CLIENT}` });
    expect(md).toContain('For Microsoft Graph (`graph-permissions`):');
    expect(md).toContain(`\`\`\`powershell\nConnect-MgGraph -Identity -ClientId ${CLIENT}\n\`\`\``);
  });
});

describe('plan text, summary and comment show the kind', () => {
  const change = {
    kind: 'graph-permissions',
    name: 'Mail.Send',
    action: 'create' as const,
    reason: 'not granted to the identity',
  };
  const removal = {
    kind: 'graph-permissions',
    name: 'User.Read.All',
    action: 'delete' as const,
    reason: 'not in `graph-permissions` and `exclusive-graph-permissions` is true',
  };
  const base = REPORTS['converged-noop'];
  const report = {
    ...base,
    mode: 'plan' as const,
    eventName: 'pull_request',
    drift: true,
    plan: {
      version: 1 as const,
      mode: 'plan' as const,
      changes: [change, removal],
      counts: { create: 1, update: 0, delete: 1 },
    },
  };

  it('in the plan text', () => {
    const text = renderPlanText(report);
    expect(text).toMatch(/\+ graph-permissions Mail\.Send/);
    expect(text).toMatch(/- graph-permissions User\.Read\.All/);
  });

  it('in the summary and the pull request comment', () => {
    for (const md of [renderMarkdown(report), commentBody(report)]) {
      expect(md).toContain('graph-permissions');
      expect(md).toContain('Mail.Send');
      expect(md).toContain('User.Read.All');
    }
  });
});

describe('the runbook check and graph-permissions', () => {
  const opts = { organization: ORG, identityType: 'system-assigned' as const, fileName: 'runbooks/a.ps1' };

  it('suggests granting Group.ReadWrite.All while graph-permissions lacks it', () => {
    const [f] = checkRunbook(RUNBOOK, { ...opts, graphPermissions: ['Mail.Send'] });
    expect(f.code).toBe('unsupported-cmdlet');
    expect(f.message).toContain(
      'The identity then needs the Microsoft Graph application permission Group.ReadWrite.All',
    );
  });

  it.each([['Group.ReadWrite.All'], ['group.readwrite.all'], ['62a82d76-70ea-41e2-9197-370581804d09']])(
    'stops suggesting the grant once graph-permissions names it (%s)',
    (entry) => {
      const [f] = checkRunbook(RUNBOOK, { ...opts, graphPermissions: ['Mail.Send', entry] });
      expect(f.message).not.toContain('then needs the Microsoft Graph application permission');
      expect(f.message).toContain(
        'The identity has the Microsoft Graph application permission Group.ReadWrite.All (graph-permissions)',
      );
      expect(f.message).toContain('Connect-MgGraph -Identity');
    },
  );

  it('grantsPermission matches by value in any case or by id', () => {
    expect(grantsPermission(undefined, 'Group.ReadWrite.All')).toBe(false);
    expect(grantsPermission(['Group.Read.All'], 'Group.ReadWrite.All')).toBe(false);
    expect(grantsPermission(['62a82d76-70ea-41e2-9197-370581804d09'], 'Group.ReadWrite.All')).toBe(true);
  });
});
