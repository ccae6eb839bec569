// Phase 2: what is checked before Azure is read. Runbook discovery and header checks: errors stop
// the run here, before any request; warnings wait for the check with the identity's real ids.
import { ConfigError } from '../errors.js';
import { checkRunbooks, findingText, runbookWorkspace } from '../kinds/runbook/kind.js';
import { runbookStatuses } from '../kinds/runbook/report.js';
import type { Finding } from '../kinds/runbook/check.js';
import { discoverRunbooks, type DiscoveredRunbook } from '../kinds/runbook/discover.js';
import { annotate } from './annotate.js';
import type { RunContext } from './context.js';

export interface OfflineResult {
  runbooks: DiscoveredRunbook[];
  /** warnings of the header check without the identity's ids */
  findings: Finding[];
}

export async function offlineChecks({ inputs, mode, report }: RunContext): Promise<OfflineResult> {
  if (inputs.runbooks.length === 0) return { runbooks: [], findings: [] };
  const runbooks = await discoverRunbooks(inputs.runbooks, runbookWorkspace());
  const findings = checkRunbooks(runbooks, {
    organization: inputs.organization,
    exchangeEnvironment: inputs.exchangeEnvironment,
    graphPermissions: inputs.graphPermissions,
    identityType: inputs.identityType,
    headerCheck: inputs.headerCheck,
  });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    annotate(findings);
    throw new ConfigError(
      errors.map((f) => `header-check: ${findingText(f)}`),
      errors,
    );
  }
  report.runbooks = runbookStatuses(runbooks, [], mode, { read: false });
  return { runbooks, findings };
}
