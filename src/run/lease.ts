// An apply of an Automation account under its apply lease (engine/lease.ts), with the final
// check of what it wrote (resources/runbooks-verify.ts). Plans take no lease and write nothing.
import type { ClientSet } from '../clients/index.js';
import { accountPath, AUTOMATION_API_VERSION, type AccountRef } from '../clients/automation.js';
import { ApplyLease } from '../engine/lease.js';
import type { ReconcileResult } from '../engine/index.js';
import { verifyRunbooks, mismatchMessage, writtenRunbooks } from '../kinds/runbook/verify.js';
import type { DiscoveredRunbook } from '../kinds/runbook/discover.js';
import type { Inputs } from '../types.js';
import { Heartbeat, log } from '../log/index.js';

/** Thrown by the lease hook when this run waited for another: what it observed may be stale. */
class StalePlan extends Error {}

export interface LeasedOutcome {
  result: ReconcileResult;
  /** set when the final check found (and corrected) a runbook whose content is not what its tag claims */
  problem?: string;
}

export async function reconcileUnderLease(
  inputs: Inputs,
  mode: 'plan' | 'apply',
  clientSet: ClientSet,
  runbooks: DiscoveredRunbook[],
  run: (beforeApply?: () => Promise<void>) => Promise<ReconcileResult>,
): Promise<LeasedOutcome> {
  if (mode !== 'apply' || inputs.resourceType !== 'automation-account') return { result: await run() };
  const clients = clientSet.writers();
  const ref: AccountRef = {
    subscriptionId: inputs.subscriptionId,
    resourceGroup: inputs.resourceGroup,
    account: inputs.automationAccount ?? '',
  };
  const label = `Automation account ${ref.account}`;
  const lease = new ApplyLease(
    { arm: clients.arm, path: accountPath(ref), apiVersion: AUTOMATION_API_VERSION, label },
    log,
  );
  const beforeApply = async () => {
    // waiting for another run's lease can take minutes: heartbeat it (src/log/heartbeat.ts)
    const { outcome, waited } = await new Heartbeat((l) => log.info(l)).track(`the apply lease on ${label}`, () =>
      lease.acquire(),
    );
    if (outcome === 'absent') {
      log.info(`${label} does not exist yet: this first apply holds no lease; the final check verifies what it wrote.`);
    } else log.info(`Holding the apply lease on ${label} as ${lease.owner.run}.`);
    if (waited) throw new StalePlan();
  };
  try {
    let result: ReconcileResult;
    try {
      result = await run(beforeApply);
    } catch (e) {
      if (!(e instanceof StalePlan)) throw e;
      log.info(`Another apply changed ${label} while this run waited: observing and planning again under the lease.`);
      result = await run(beforeApply);
    }
    const names = writtenRunbooks(result.applied);
    if (names.length === 0) return { result };
    const mismatches = await verifyRunbooks({
      automation: clients.automation,
      ref,
      names,
      items: runbooks,
      publish: inputs.publishRunbooks,
    });
    return mismatches.length ? { result, problem: mismatchMessage(mismatches) } : { result };
  } finally {
    await lease.release();
  }
}
