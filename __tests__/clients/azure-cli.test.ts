// The Azure CLI (Debian azure-cli 2.45) against the simulator, as a user explores it (README,
// "Explore the simulator with the Azure CLI"): register the simulator as a cloud, sign in with a
// GitHub OIDC token, then az group, az identity and az rest for the Automation, runtime
// environment, package, runbook and Graph calls the action makes. Each command runs in a fresh
// AZURE_CONFIG_DIR, bounded in time, trusting the simulator's CA file.
//
// MSAL Python (inside the CLI) asks login.microsoftonline.com for instance discovery whatever cloud
// is registered (msal/authority.py); HTTPS_PROXY points at the simulator's host proxy, which takes
// that host to the simulator and refuses every other (the last test checks none was asked for).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHostProxy, type HostProxy } from '../../simulator/host-proxy.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { azureCliMissing, cliPython, run, runScript, shellBlockAfter, whenInstalled } from './clients.js';

const GRAPH = 'https://graph.microsoft.com';
const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const V = 'api-version=2024-10-23';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = 'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\n';

whenInstalled('Azure CLI', azureCliMissing(), () => {
  let sim: Simulator;
  let proxy: HostProxy;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sim = await startTestSimulator();
    proxy = await startHostProxy(Number(new URL(sim.url).port));
    dir = mkdtempSync(join(tmpdir(), 'exo-az-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      AZURE_CONFIG_DIR: join(dir, 'azure'),
      REQUESTS_CA_BUNDLE: sim.caCertPath,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1,localhost',
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      AZURE_CORE_NO_COLOR: 'true',
      AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    };
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `az ...args -o json`, parsed; a non-zero exit fails with the CLI's own stderr. */
  async function az(...args: string[]): Promise<any> {
    const r = await run('az', [...args, '-o', 'json'], env, 90_000);
    if (r.code !== 0) throw new Error(`az ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  }
  const aa = () =>
    `${sim.url}/subscriptions/${sim.subscriptionId}/resourceGroups/rg-cli/providers/Microsoft.Automation/automationAccounts/aa-cli`;

  /** `az rest` GET until `done`, bounded (the simulator settles in well under a second). */
  async function until(url: string, done: (body: any) => boolean, what: string): Promise<any> {
    for (let i = 0; i < 10; i++) {
      const body = await az('rest', '--url', url);
      if (done(body)) return body;
    }
    throw new Error(`${what} did not settle`);
  }

  test('the CLI version (read from azure-cli-core: `az version` would ask GitHub for the latest one)', async () => {
    const r = await run(cliPython(), ['-c', 'import azure.cli.core as c; print(c.__version__)'], env, 60_000);
    console.log(`[clients] azure-cli-core ${r.stdout.trim()} (${cliPython()})`);
    expect(r.stdout.trim()).toMatch(/^2\.\d+\.\d+$/);
  });

  test('az cloud register / set: the simulator as a cloud', async () => {
    const config = {
      endpoints: {
        resourceManager: `${sim.url}/`,
        activeDirectory: sim.url,
        activeDirectoryResourceId: 'https://management.core.windows.net/',
        activeDirectoryGraphResourceId: 'https://graph.windows.net/',
        microsoftGraphResourceId: `${GRAPH}/`,
      },
    };
    await az('cloud', 'register', '-n', 'ExoSimulator', '--cloud-config', JSON.stringify(config));
    await az('cloud', 'set', '-n', 'ExoSimulator');
    const show = await az('cloud', 'show');
    expect(show).toMatchObject({ name: 'ExoSimulator', isActive: true });
    expect(show.endpoints.resourceManager).toBe(`${sim.url}/`);
  });

  test('az login --service-principal --federated-token with a token of the simulated GitHub OIDC endpoint', async () => {
    const res = await fetch(`${sim.oidcRequestUrl}&audience=api://AzureADTokenExchange`, {
      headers: { Authorization: `Bearer ${sim.oidcRequestToken}` },
    });
    const { value } = (await res.json()) as { value: string };
    const subs = await az(
      'login',
      '--service-principal',
      '-u',
      sim.clientId,
      '--tenant',
      sim.tenantId,
      '--federated-token',
      value,
    );
    expect(subs).toEqual([
      expect.objectContaining({ id: sim.subscriptionId, tenantId: sim.tenantId, state: 'Enabled' }),
    ]);
    const account = await az('account', 'show');
    expect(account).toMatchObject({
      id: sim.subscriptionId,
      environmentName: 'ExoSimulator',
      user: { name: sim.clientId, type: 'servicePrincipal' },
    });
  });

  test('az group create / show', async () => {
    const rg = await az('group', 'create', '-n', 'rg-cli', '-l', 'westeurope');
    expect(rg).toMatchObject({
      name: 'rg-cli',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
    expect((await az('group', 'show', '-n', 'rg-cli')).id).toBe(rg.id);
  });

  test('az identity create / show (Microsoft.ManagedIdentity 2022-01-31-preview)', async () => {
    const id = await az('identity', 'create', '-g', 'rg-cli', '-n', 'id-cli');
    expect(id).toMatchObject({ name: 'id-cli', tenantId: sim.tenantId });
    expect(id.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await az('identity', 'show', '-g', 'rg-cli', '-n', 'id-cli')).clientId).toBe(id.clientId);
    expect(
      sim.requests.some((r) => r.path.includes('userAssignedIdentities') && r.query.includes('2022-01-31-preview')),
    ).toBe(true);
  });

  test('az rest: Automation account with system- and user-assigned identities, runtime environment, package', async () => {
    const identity = await az('identity', 'show', '-g', 'rg-cli', '-n', 'id-cli');
    const body = {
      location: 'westeurope',
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [identity.id]: {} } },
      properties: { sku: { name: 'Basic' } },
    };
    const account = await az('rest', '--method', 'put', '--url', `${aa()}?${V}`, '--body', JSON.stringify(body));
    expect(account.identity.type).toBe('SystemAssigned, UserAssigned');
    expect(Object.keys(account.identity.userAssignedIdentities)).toEqual([identity.id]);

    const envBody = { location: 'westeurope', properties: { runtime: { language: 'PowerShell', version: '7.4' } } };
    const re = await az(
      'rest',
      '--method',
      'put',
      '--url',
      `${aa()}/runtimeEnvironments/PowerShell-7-4?${V}`,
      '--body',
      JSON.stringify(envBody),
    );
    expect(re.properties.runtime).toEqual({ language: 'PowerShell', version: '7.4' });

    const pkgUrl = `${aa()}/runtimeEnvironments/PowerShell-7-4/packages/ExchangeOnlineManagement?${V}`;
    const uri = `${sim.url}/api/v2/package/ExchangeOnlineManagement/3.7.1`;
    const put = await az(
      'rest',
      '--method',
      'put',
      '--url',
      pkgUrl,
      '--body',
      JSON.stringify({ properties: { contentLink: { uri } } }),
    );
    expect(put.properties.provisioningState).not.toBe('Failed');
    const pkg = await until(
      pkgUrl,
      (b) => ['Succeeded', 'Failed'].includes(b.properties.provisioningState),
      'package import',
    );
    expect(pkg.properties).toMatchObject({ provisioningState: 'Succeeded', version: '3.7.1' });
  });

  test('az rest: runbook, draft content (text/powershell), publish, published content', async () => {
    const rb = `${aa()}/runbooks/rb-cli`;
    const body = {
      location: 'westeurope',
      properties: { runbookType: 'PowerShell', runtimeEnvironment: 'PowerShell-7-4' },
    };
    expect(
      (await az('rest', '--method', 'put', '--url', `${rb}?${V}`, '--body', JSON.stringify(body))).properties.state,
    ).toBe('New');
    const file = join(dir, 'runbook.ps1');
    writeFileSync(file, SCRIPT);
    // 202 + Location: az rest returns at once (it does not poll); the runbook then shows the draft.
    await az(
      'rest',
      '--method',
      'put',
      '--url',
      `${rb}/draft/content?${V}`,
      '--headers',
      'Content-Type=text/powershell',
      '--body',
      `@${file}`,
    );
    const draft = await run('az', ['rest', '--url', `${rb}/draft/content?${V}`], env, 90_000);
    expect(draft.stdout.trim()).toBe(SCRIPT.trim());
    await az('rest', '--method', 'post', '--url', `${rb}/publish?${V}`);
    const published = await until(`${rb}?${V}`, (b) => b.properties.state === 'Published', 'publish');
    expect(published.properties.runtimeEnvironment).toBe('PowerShell-7-4');
    const r = await run('az', ['rest', '--url', `${rb}/content?${V}`], env, 90_000);
    expect(r.stdout.trim()).toBe(SCRIPT.trim());
  });

  test('az rest --resource https://graph.microsoft.com: app role and directory role of the account identity', async () => {
    const account = await az('rest', '--url', `${aa()}?${V}`);
    const principal = account.identity.principalId;
    const graph = (...args: string[]) => az('rest', '--resource', GRAPH, ...args);
    const exo = (await graph('--url', `${sim.url}/v1.0/servicePrincipals?$filter=appId eq '${EXO_APP_ID}'`)).value[0];
    const role = exo.appRoles.find((r: { value: string }) => r.value === 'Exchange.ManageAsApp');
    const grant = await graph(
      '--method',
      'post',
      '--url',
      `${sim.url}/v1.0/servicePrincipals/${principal}/appRoleAssignments`,
      '--body',
      JSON.stringify({ principalId: principal, resourceId: exo.id, appRoleId: role.id }),
    );
    expect(grant).toMatchObject({ principalId: principal, resourceId: exo.id, appRoleId: role.id });
    const listed = await graph('--url', `${sim.url}/v1.0/servicePrincipals/${principal}/appRoleAssignments`);
    expect(listed.value.map((a: { appRoleId: string }) => a.appRoleId)).toEqual([role.id]);

    const defs = await graph(
      '--url',
      `${sim.url}/v1.0/roleManagement/directory/roleDefinitions?$filter=displayName eq 'Exchange Administrator'`,
    );
    const assignment = await graph(
      '--method',
      'post',
      '--url',
      `${sim.url}/v1.0/roleManagement/directory/roleAssignments`,
      '--body',
      JSON.stringify({ principalId: principal, roleDefinitionId: defs.value[0].id, directoryScopeId: '/' }),
    );
    expect(assignment).toMatchObject({ principalId: principal, roleDefinitionId: defs.value[0].id });
  });

  test('nothing left the machine: the proxy served login.microsoftonline.com and refused the rest', () => {
    // Client-side: with an empty version cache (a fresh AZURE_CONFIG_DIR) the CLI first checks that
    // https://azure.microsoft.com answers (azure/cli/core/util.py handle_version_update ->
    // check_connectivity) before asking GitHub for its latest version; refused, it carries on.
    const asked = [...new Set(proxy.requests)].sort();
    expect(asked).toContain('login.microsoftonline.com:443');
    expect(asked.filter((h) => h !== 'login.microsoftonline.com:443')).toEqual(
      asked.includes('azure.microsoft.com:443') ? ['azure.microsoft.com:443'] : [],
    );
    expect(sim.requests.filter((r) => r.status === 0 || r.status >= 500)).toEqual([]);
  });
  test('the README section "Explore the simulator with the Azure CLI" runs as written', async () => {
    const block = shellBlockAfter(
      readFileSync(join(ROOT, 'README.md'), 'utf8'),
      '## Explore the simulator with the Azure CLI',
    );
    // Its own simulator (npm run simulator --host-proxy) and its own CLI profile; only PATH and HOME come from here.
    const r = await runScript(
      block,
      ROOT,
      { PATH: process.env.PATH, HOME: dir, AZURE_CORE_COLLECT_TELEMETRY: 'false' },
      420_000,
    );
    if (r.code !== 0) throw new Error(`the README block exited ${r.code}:\n${r.stderr}`);
    expect(r.stdout).toContain('"provisioningState": "Succeeded"');
    expect(r.stdout).toContain('Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com');
    expect(r.stdout).toContain('"displayName": "Exchange Administrator"');
  }, 450_000);
});
