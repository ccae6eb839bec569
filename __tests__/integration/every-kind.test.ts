// One test over every registered kind (issue 15): from an empty start, plan writes nothing and plans
// a change of the kind; apply converges; a re-plan shows 0 changes and writes nothing. A kind added
// to the registry that no scenario below makes changes to fails the coverage test, so each new kind
// brings its scenario.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KINDS } from '../../src/engine/registry.js';
import { discoverRunbooks } from '../../src/kinds/runbook/discover.js';
import type { Inputs } from '../../src/types.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { seedVmWithOtherIdentity, VM_RG } from '../helpers/vm.js';
import { lastSeq, replicated, resetState, run, writesSince } from './engine-helpers.js';

const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

let sim: Simulator;
let workspace: string;
beforeAll(async () => {
  sim = await startTestSimulator();
  workspace = await mkdtemp(path.join(os.tmpdir(), 'exo-every-kind-'));
  await mkdir(path.join(workspace, 'runbooks'));
  for (const name of ['Alpha', 'Beta']) {
    await writeFile(
      path.join(workspace, 'runbooks', `${name}.ps1`),
      `Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\nGet-Mailbox -Identity ${name}\n`,
    );
  }
});
afterAll(async () => {
  await sim.close();
  await rm(workspace, { recursive: true, force: true });
});
beforeEach(() => resetState(sim));

interface Scenario {
  name: string;
  inputs: Partial<Inputs>;
  /** state the scenario starts from, beyond the empty subscription */
  seed?: () => Promise<void>;
  runbooks?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'automation account, system-assigned, runbooks, no Exchange service principal yet',
    inputs: { runbooks: ['runbooks/*.ps1'], organization: 'contoso.onmicrosoft.com' },
    runbooks: true,
    seed: async () => {
      // creating the Exchange Online SP needs Application.ReadWrite.All (not in the default set)
      sim.sim.state.deployer.graphPermissions.push('Application.ReadWrite.All');
      sim.sim.state.graph.servicePrincipals = sim.sim.state.graph.servicePrincipals.filter(
        (sp) => sp.appId !== EXO_APP_ID,
      );
    },
  },
  {
    name: 'automation account, user-assigned identity in its own group, Graph permissions',
    inputs: {
      identityType: 'user-assigned',
      identityName: 'id-exo',
      identityResourceGroup: 'rg-id',
      graphPermissions: ['Mail.Send', 'Group.Read.All'],
      // an extra gallery module: its declared dependency, and the ownership tag of the environment
      modules: [{ name: 'Microsoft.Graph.Users', version: '2.18.0', line: 'Microsoft.Graph.Users@2.18.0' }],
      // the desired-state file's variables: one plain, one encrypted from the environment
      config: {
        version: 1,
        prune: true,
        schedules: {},
        variables: {
          TenantDomain: { value: 'contoso.onmicrosoft.com', encrypted: false },
          ReportKey: { 'from-env': 'EVERY_KIND_REPORT_KEY', encrypted: true },
        },
      },
    },
    seed: async () => {
      process.env.EVERY_KIND_REPORT_KEY = 'every-kind-secret';
    },
  },
  {
    name: 'automation account, config file: schedules (daily in Europe/Amsterdam, weekly) and job schedules',
    inputs: {
      runbooks: ['runbooks/*.ps1'],
      organization: 'contoso.onmicrosoft.com',
      config: {
        version: 1,
        prune: true,
        runbooks: [{ path: 'runbooks/Alpha.ps1', schedules: [{ schedule: 'nightly', parameters: {} }] }],
        schedules: {
          nightly: {
            frequency: 'day',
            interval: 1,
            start: '2026-01-01T02:00',
            'time-zone': 'Europe/Amsterdam',
            enabled: true,
          },
          weekly: {
            frequency: 'week',
            interval: 1,
            start: '2026-01-05T07:30',
            'time-zone': 'UTC',
            'week-days': ['monday', 'friday'],
            enabled: true,
          },
        },
        variables: {},
      },
    },
    runbooks: true,
  },
  {
    name: 'Windows VM, system-assigned',
    inputs: {
      resourceType: 'vm',
      automationAccount: undefined,
      vmName: 'vm1',
      resourceGroup: VM_RG,
      identityResourceGroup: VM_RG,
    },
    seed: async () => {
      await seedVmWithOtherIdentity(sim, { name: 'vm1', os: 'Windows' });
    },
  },
];

/** The kinds each scenario made changes to, filled as the scenarios run. */
const covered = new Map<string, string>();

describe.each(SCENARIOS)('every kind: $name', (scenario) => {
  it('plan writes nothing; apply converges; a re-plan shows 0 changes and writes nothing', async () => {
    await scenario.seed?.();
    const opts = scenario.runbooks ? { runbooks: await discoverRunbooks(['runbooks/*.ps1'], workspace) } : {};
    let mark = lastSeq(sim);
    const plan = await run(sim, 'plan', scenario.inputs, opts);
    expect(writesSince(sim, mark)).toEqual([]);
    expect(plan.plan.changes.length).toBeGreaterThan(0);

    const applied = await run(sim, 'apply', scenario.inputs, opts);
    // apply made what plan showed, no more and no less
    expect(applied.plan.changes.map((c) => `${c.kind} ${c.name}`).sort()).toEqual(
      plan.plan.changes.map((c) => `${c.kind} ${c.name}`).sort(),
    );
    expect(applied.applied).toHaveLength(applied.plan.changes.length);
    for (const c of applied.plan.changes) covered.set(c.kind, scenario.name);

    await replicated(sim);
    mark = lastSeq(sim);
    const again = await run(sim, 'plan', scenario.inputs, opts);
    expect(again.plan.changes).toEqual([]);
    expect(writesSince(sim, mark)).toEqual([]);
  });
});

describe('coverage', () => {
  it('every registered kind was converged by one of the scenarios above', () => {
    const missing = KINDS.map((k) => k.kind).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });
});
