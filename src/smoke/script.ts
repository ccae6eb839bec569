// The temporary runbook the smoke test runs: the exact header the runbooks use, then the
// low-impact command Microsoft's page suggests as a first test, then (when the identity has a Graph
// permission and the runtime the SDK) Connect-MgGraph -Identity and a read-only Graph cmdlet. Pure.
import { connectLine } from '../kinds/runbook/check.js';
import { TAG_MANAGED, TAG_MANAGED_VALUE } from '../kinds/runbook/hash.js';
import type { ExchangeEnvironment, IdentityType } from '../types.js';
import { graphLines, type GraphProbe } from './graph.js';

/** Fixed name: a copy left behind by a failed cleanup is simply replaced by the next run. */
export const SMOKE_RUNBOOK_NAME = 'exo-automation-smoke-test';

export const TAG_PURPOSE = 'exo-automation:purpose';
export const SMOKE_PURPOSE = 'smoke-test';

export function smokeScript(
  organization: string,
  identity: { type: IdentityType; clientId?: string },
  environment: ExchangeEnvironment = 'O365Default',
  graph?: GraphProbe,
): string {
  return [
    '# Temporary runbook of exo-automation (smoke-test: true); deleted after its test job.',
    connectLine(organization, identity, environment),
    'Get-AcceptedDomain | Format-Table -AutoSize | Out-String',
    ...(graph ? graphLines(graph, identity, environment) : []),
    '',
  ].join('\n');
}

/** Tagged as this action's own (prune may delete a leftover) and marked as the smoke test. */
export function smokeRunbookBody(location: string, runtimeEnvironment: string): unknown {
  return {
    name: SMOKE_RUNBOOK_NAME,
    location,
    tags: { [TAG_MANAGED]: TAG_MANAGED_VALUE, [TAG_PURPOSE]: SMOKE_PURPOSE },
    properties: {
      runbookType: 'PowerShell',
      runtimeEnvironment,
      logVerbose: false,
      logProgress: false,
      description: 'Temporary: exo-automation smoke test (Connect-ExchangeOnline, Get-AcceptedDomain).',
      draft: {},
    },
  };
}

/** Whether an existing runbook of that name is ours to overwrite and delete. */
export function isSmokeRunbook(tags: Record<string, string> | undefined): boolean {
  if (!tags) return false;
  const lower = Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  return lower[TAG_MANAGED] === TAG_MANAGED_VALUE && lower[TAG_PURPOSE] === SMOKE_PURPOSE;
}
