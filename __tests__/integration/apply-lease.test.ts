// Two applies racing with different runbook content (issue 12 item 4), against the simulator with
// the real clients. Without the lease, the interleaving of the issue is reproduced (the newer
// run's final tag PUT lands after the older run published) and a re-plan calls it clean; the
// final check (verifyRunbooks) catches and corrects it; with the lease (reconcileUnderLease) the
// runs take turns and the state is whatever the last one wrote, tag and content alike.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Simulator } from '../../simulator/server.js';
import { createWriteClients } from '../../src/clients/index.js';
import type { ReconcileResult } from '../../src/engine/index.js';
import { verifyRunbooks } from '../../src/kinds/runbook/verify.js';
import { discoverRunbooks, type DiscoveredRunbook } from '../../src/kinds/runbook/discover.js';
import { reconcileUnderLease } from '../../src/run/lease.js';
import { createClientSet } from '../../src/clients/index.js';
import { resetState, run, simCredential } from './engine-helpers.js';
import { simInputs } from '../helpers/inputs.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
const NAME = 'Report';
const header = "Connect-ExchangeOnline -ManagedIdentity -Organization 'contoso.onmicrosoft.com'\n";

async function workspaceWith(body: string): Promise<{ dir: string; items: DiscoveredRunbook[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'exo-race-'));
  await writeFile(path.join(dir, `${NAME}.ps1`), `${header}${body}\n`);
  return { dir, items: await discoverRunbooks(['*.ps1'], dir) };
}

const OVERRIDES = { runbooks: ['*.ps1'] };
const apply = (items: DiscoveredRunbook[]) => run(sim, 'apply', OVERRIDES, { runbooks: items });
const plan = (items: DiscoveredRunbook[]) => run(sim, 'plan', OVERRIDES, { runbooks: items });
const runbookChanges = (r: ReconcileResult) => r.plan.changes.filter((c) => c.kind === 'runbook');

function published(): string | undefined {
  const rb = Object.values(sim.sim.state.arm).find(
    (r) => r.type?.toLowerCase().endsWith('/runbooks') && r.name?.endsWith(NAME),
  );
  return rb?.sim?.publishedContent as string | undefined;
}

/** Starts `first`, waits until its final tag PUT is on the wire (delayed), then starts `second`. */
async function interleave(first: () => Promise<unknown>, second: () => Promise<unknown>) {
  sim.faults.add({ method: 'PUT', path: `/runbooks/${NAME}$`, skip: 0, times: 1, delayMs: 2500 });
  const a = first();
  const since = sim.requests.length;
  const until = Date.now() + 20_000;
  while (
    !sim.requests.slice(since).some((r) => r.method === 'PUT' && /\/runbooks\/Report$/.test(r.path) && r.end === 0)
  ) {
    if (Date.now() > until) throw new Error('the first run never sent its final runbook PUT');
    await new Promise((r) => setTimeout(r, 10));
  }
  const b = second();
  return Promise.all([a, b]);
}

beforeAll(async () => {
  sim = await startTestSimulator();
  Object.assign(process.env, {
    EXO_LEASE_SETTLE_SECONDS: '0.2',
    EXO_LEASE_POLL_SECONDS: '0.2',
    EXO_LEASE_WAIT_SECONDS: '60',
  });
}, 30_000);
afterAll(() => sim.close());

describe('two applies racing with different runbook content', () => {
  let base: DiscoveredRunbook[];
  let older: DiscoveredRunbook[];
  let newer: DiscoveredRunbook[];
  beforeEach(async () => {
    resetState(sim);
    [base, older, newer] = await Promise.all(
      ['Get-Date', 'Get-Mailbox -ResultSize 1', 'Get-Mailbox -ResultSize 2'].map(
        async (b) => (await workspaceWith(b)).items,
      ),
    );
    await apply(base); // the account and the runbook exist, tagged with the base content
    // account creation without this test's fault, from a clean request log
    sim.requests.length = 0;
  }, 60_000);

  it('without the lease: the issue interleaving hides a wrong state, the final check exposes it', async () => {
    // the newer run starts first; its final tag PUT is held while the older run uploads and publishes
    const [newerRun] = (await interleave(
      () => apply(newer),
      () => apply(older),
    )) as ReconcileResult[];
    expect(runbookChanges(newerRun)).toHaveLength(1);
    expect(published()).toBe(older[0].content); // the older run published last
    // the bug: the tag claims the newer content, and a re-plan of it calls the account clean
    expect(runbookChanges(await plan(newer))).toEqual([]);

    const inputs = simInputs(sim, { mode: 'apply' });
    const clients = createWriteClients({
      endpoints: inputs.endpoints,
      subscriptionId: inputs.subscriptionId,
      credential: simCredential(sim, inputs),
    });
    const ref = {
      subscriptionId: inputs.subscriptionId,
      resourceGroup: inputs.resourceGroup,
      account: inputs.automationAccount!,
    };
    const found = await verifyRunbooks({
      automation: clients.automation,
      ref,
      names: [NAME],
      items: newer,
      publish: true,
    });
    expect(found).toEqual([{ name: NAME, claimed: newer[0].hash, held: older[0].hash }]);
    // corrected: neither content is called clean until one is uploaded again
    expect(runbookChanges(await plan(newer))).toHaveLength(1);
    expect(runbookChanges(await plan(older))).toHaveLength(1);
  }, 60_000);

  it('with the lease: the runs take turn and a re-plan sees exactly what was published', async () => {
    const leased = (items: DiscoveredRunbook[], runId: string) => {
      const inputs = simInputs(sim, { mode: 'apply', runbooks: ['*.ps1'] });
      const credential = simCredential(sim, inputs);
      const env = { GITHUB_RUN_ID: process.env.GITHUB_RUN_ID, GITHUB_REPOSITORY: process.env.GITHUB_REPOSITORY };
      Object.assign(process.env, { GITHUB_RUN_ID: runId, GITHUB_REPOSITORY: 'octo-org/octo-repo' });
      const clients = createClientSet({
        endpoints: inputs.endpoints,
        subscriptionId: inputs.subscriptionId,
        credential,
      });
      const outcome = reconcileUnderLease(inputs, 'apply', clients, items, (beforeApply) =>
        run(sim, 'apply', OVERRIDES, { runbooks: items, beforeApply }),
      );
      Object.assign(process.env, env); // the owner was read when the lease was made
      return outcome;
    };
    const [newerRun, olderRun] = await interleave(
      () => leased(newer, '101'),
      () => leased(older, '102'),
    );
    expect([newerRun, olderRun].map((o) => (o as { problem?: string }).problem)).toEqual([undefined, undefined]);
    // the older run waited for the newer one, planned again, and published last: tag and content agree
    expect(published()).toBe(older[0].content);
    expect(runbookChanges(await plan(older))).toEqual([]);
    expect(runbookChanges(await plan(newer))).toHaveLength(1);
    // the lease is gone once both are done
    const account = Object.values(sim.sim.state.arm).find(
      (r) => r.type?.toLowerCase() === 'microsoft.automation/automationaccounts',
    );
    expect(Object.keys(account?.tags ?? {})).not.toContain('exo-automation:lease');
  }, 90_000);
});
