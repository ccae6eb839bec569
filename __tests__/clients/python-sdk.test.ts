// The Azure SDK for Python (Debian python3-azure) completes the action's kinds of calls against
// the simulator: python_sdk.py runs them, this test starts the simulator and checks each step's
// answer and what reached the simulator.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { PYTHON, pythonSdkMissing, run, whenInstalled } from './clients.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'python_sdk.py');

whenInstalled('Azure SDK for Python', pythonSdkMissing(), () => {
  let sim: Simulator;
  let steps: Record<string, any>;
  let stderr = '';

  beforeAll(async () => {
    sim = await startTestSimulator();
    const pkg = sim.sim.state.gallery.ExchangeOnlineManagement.find((v) => v.version === '3.7.1');
    expect(pkg).toBeDefined();
    const r = await run(
      PYTHON,
      [SCRIPT],
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SIM_URL: sim.url,
        SIM_TENANT_ID: sim.tenantId,
        SIM_CLIENT_ID: sim.clientId,
        SIM_SUBSCRIPTION_ID: sim.subscriptionId,
        SIM_OIDC_REQUEST_URL: sim.oidcRequestUrl,
        SIM_OIDC_REQUEST_TOKEN: sim.oidcRequestToken,
        SIM_PACKAGE_URI: `${sim.url}/api/v2/package/ExchangeOnlineManagement/3.7.1`,
        // requests (azure-core, azure-identity) and urllib trust the simulator's CA file.
        REQUESTS_CA_BUNDLE: sim.caCertPath,
        SSL_CERT_FILE: sim.caCertPath,
        NO_PROXY: '127.0.0.1,localhost',
      },
      150_000,
    );
    stderr = r.stderr;
    steps = Object.fromEntries(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, any>)
        .map((s) => [s.step ?? 'done', s]),
    );
    if (r.code !== 0) console.error(`python_sdk.py exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  }, 180_000);
  afterAll(async () => {
    await sim?.close();
  });

  test('runs every step to the end', () => {
    expect({ done: steps.done !== undefined, stderr: steps.done ? '' : stderr }).toEqual({ done: true, stderr: '' });
  });

  test('signs in with a federated assertion and lists the subscription (azure-identity, azure-mgmt-resource)', () => {
    expect(steps['subscriptions.list']).toMatchObject({ ids: [sim.subscriptionId], state: 'Enabled' });
    expect(steps['resource_groups.create_or_update']).toMatchObject({ state: 'Succeeded' });
  });

  test('creates the user-assigned identity and the account with both identities (azure-mgmt-msi, -automation)', () => {
    const ident = steps['user_assigned_identities.create_or_update'];
    expect(ident.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(steps['automation_account.create_or_update']).toMatchObject({
      identityType: 'SystemAssigned, UserAssigned',
      userAssigned: [ident.id],
    });
  });

  test('creates the runtime environment and imports the package (generic resources by id)', () => {
    expect(steps['resources.create_or_update_by_id runtimeEnvironment'].runtime).toEqual({
      language: 'PowerShell',
      version: '7.4',
    });
    expect(steps['resources.get_by_id package']).toMatchObject({ state: 'Succeeded', version: '3.7.1' });
  });

  test('uploads the draft (LRO), publishes it (LRO) and reads the published content', () => {
    expect(steps['runbook_draft.begin_replace_content'].status).toBe('Succeeded');
    expect(steps['runbook.begin_publish']).toMatchObject({
      state: 'Published',
      content: 'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\n',
    });
  });

  test('grants Exchange.ManageAsApp and Exchange Administrator through Graph (azure-core pipeline)', () => {
    expect(steps['graph appRoleAssignments'].resourceId).toBeDefined();
    expect(steps['graph roleAssignments'].principalId).toBe(steps['automation_account.create_or_update'].principalId);
  });

  test('every request reached the simulator with the SDK api-versions, and none was refused for a version', () => {
    const arm = sim.requests.filter((r) => r.service === 'arm');
    const versions = new Set(arm.map((r) => new URLSearchParams(r.query).get('api-version')));
    // azure-mgmt-resource 22: subscriptions 2021-01-01, groups 2022-09-01; -msi 6.1.0 2018-11-30;
    // -automation 1.1.0b3 2022-08-08; the runtime environment calls 2024-10-23.
    expect([...versions].sort()).toEqual(['2018-11-30', '2021-01-01', '2022-08-08', '2022-09-01', '2024-10-23']);
    expect(arm.filter((r) => r.status === 400)).toEqual([]);
  });
});
