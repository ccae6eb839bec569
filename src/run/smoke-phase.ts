// Phase 9: the post-apply test, a job in the account or a Run Command on the VM, with the
// run's clients.
import type { ReconcileResult } from '../engine/index.js';
import { log } from '../log/index.js';
import { runtimeEnvironmentName } from '../kinds/runtime-environments.js';
import { runSmokeTest } from '../smoke/index.js';
import { runVmSmokeTest } from '../smoke/vm.js';
import type { RunReport } from '../types.js';
import type { RunContext } from './context.js';
import type { Session } from './sign-in.js';

export async function smokePhase(
  { inputs, mode }: RunContext,
  session: Session,
  result: ReconcileResult,
): Promise<NonNullable<RunReport['smokeTest']>> {
  if (mode !== 'apply' || !inputs.smokeTest) return { status: 'skipped' };
  const clients = session.clients.writers();
  const runtimeEnvironment = runtimeEnvironmentName(inputs.runbookRuntime);
  // the packages the run put in that runtime environment: with the Graph SDK's and a fitting
  // graph-permissions value, the test job also runs Connect-MgGraph -Identity and a read-only cmdlet
  const modules = result.runtimes.find((r) => r.environment === runtimeEnvironment)?.modules ?? [];
  return inputs.resourceType === 'vm'
    ? runVmSmokeTest({
        compute: clients.compute,
        resourceGroup: inputs.resourceGroup,
        vmName: inputs.vmName ?? '',
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        identity: result.identity,
        log,
      })
    : runSmokeTest({
        clients,
        account: {
          subscriptionId: inputs.subscriptionId,
          resourceGroup: inputs.resourceGroup,
          account: inputs.automationAccount ?? '',
        },
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        identity: result.identity,
        runtimeEnvironment,
        location: inputs.location,
        log,
        graph: { permissions: inputs.graphPermissions, modules: modules.map((m) => m.name) },
      });
}
