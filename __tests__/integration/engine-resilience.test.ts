// Sign-in failures, transient faults, exclusive roles and several runtimes, end to end.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createCredential } from '../../src/auth/credential.js';
import { AuthError } from '../../src/errors.js';
import { resolveRole } from '../../src/roles.js';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { githubIdToken, kindsOf, lastSeq, replicated, resetState, run, writesSince } from './engine-helpers.js';
import { simInputs } from '../helpers/inputs.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => resetState(sim));

const ARM_SCOPE = 'https://management.azure.com/.default';

describe('sign-in', () => {
  it('reuses a GitHub ID token while it is valid beyond the margin, and masks every token', async () => {
    const inputs = simInputs(sim);
    let idTokens = 0;
    const secrets: string[] = [];
    const credential = createCredential({
      tenantId: inputs.tenantId,
      clientId: inputs.clientId,
      audience: inputs.audience,
      authorityHost: sim.url,
      getIdToken: (aud) => {
        idTokens++;
        return githubIdToken(sim, aud);
      },
      setSecret: (s) => secrets.push(s),
    });
    const arm = await credential.getToken(ARM_SCOPE);
    const graph = await credential.getToken('https://graph.microsoft.com/.default');
    const again = await credential.getToken(ARM_SCOPE);
    expect(again!.token).toBe(arm!.token); // MSAL's cache
    expect(idTokens).toBe(1); // one GitHub token (5 min) serves both sign-ins and the cached answer
    expect(secrets).toContain(arm!.token);
    expect(secrets).toContain(graph!.token);
    expect(new Set(secrets).size).toBe(idTokens + 2); // every GitHub token and both access tokens
  });

  it('asks GitHub for a fresh ID token when the one held expires within the margin', async () => {
    const inputs = simInputs(sim);
    let idTokens = 0;
    const credential = createCredential({
      tenantId: inputs.tenantId,
      clientId: inputs.clientId,
      audience: inputs.audience,
      authorityHost: sim.url,
      getIdToken: (aud) => {
        idTokens++;
        return githubIdToken(sim, aud);
      },
      setSecret: () => {},
      // longer than the simulator's GitHub token lives (300 s): every token is too close to its exp
      assertionMarginMs: 10 * 60_000,
    });
    await credential.getToken(ARM_SCOPE);
    const afterFirst = idTokens;
    await credential.getToken('https://graph.microsoft.com/.default');
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    expect(idTokens).toBeGreaterThan(afterFirst);
  });

  it('turns a refused assertion into the exact federated credential to add, with iss/sub/aud and no token', async () => {
    sim.sim.state.github.claims.sub = 'repo:octo-org/octo-repo:environment:production';
    const inputs = simInputs(sim);
    const credential = createCredential({
      tenantId: inputs.tenantId,
      clientId: inputs.clientId,
      audience: inputs.audience,
      authorityHost: sim.url,
      getIdToken: (aud) => githubIdToken(sim, aud),
      setSecret: () => {},
    });
    let error: unknown;
    try {
      await credential.getToken(ARM_SCOPE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthError);
    const auth = error as AuthError;
    expect(auth.code).toBe('AADSTS700213'); // current Entra names the subject
    expect(auth.message).toContain('sub=repo:octo-org/octo-repo:environment:production');
    expect(auth.message).toContain('iss=https://token.actions.githubusercontent.com');
    expect(auth.message).toContain('aud=api://AzureADTokenExchange');
    expect(auth.hint).toContain('subject repo:octo-org/octo-repo:environment:production');
    expect(auth.message).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT anywhere
  });

  it('without ACTIONS_ID_TOKEN_REQUEST_URL says which permission is missing and that fork PRs never get it', async () => {
    const saved = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    try {
      const credential = createCredential({
        tenantId: sim.tenantId,
        clientId: sim.clientId,
        audience: 'api://AzureADTokenExchange',
        authorityHost: sim.url,
      });
      await expect(credential.getToken(ARM_SCOPE)).rejects.toThrow(/id-token: write[\s\S]*forks/);
    } finally {
      if (saved !== undefined) process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved;
    }
  });
});

describe('transient faults', () => {
  it('retries 429 with Retry-After, 5xx and dropped connections, and converges', async () => {
    sim.faults.add([
      {
        method: 'GET',
        path: '/resourcegroups/rg-exo$',
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { code: 'TooManyRequests', message: 'throttled' } },
      },
      {
        method: 'PUT',
        path: '/runtimeEnvironments/exo-pwsh-7-4$',
        status: 503,
        body: { error: { code: 'ServiceUnavailable', message: 'busy' } },
      },
      { method: 'PUT', path: '/automationAccounts/aa-exo$', drop: 'after' },
      { method: 'POST', path: '/roleManagement/directory/roleAssignments$', drop: 'after' },
      {
        method: 'GET',
        path: '/servicePrincipals$',
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'throttled' } },
      },
    ]);
    const result = await run(sim, 'apply');
    expect(result.applied).toHaveLength(6);
    expect(sim.faults.list().every((f) => f.fired === 1)).toBe(true);
    await replicated(sim);
    // the dropped role assignment POST had succeeded: its retry was answered "conflict", adopted
    expect(
      sim.sim.state.graph.roleAssignments.filter((a) => a.principalId === result.identity.principalId),
    ).toHaveLength(1);
    const from = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply'))).toEqual([]);
    expect(writesSince(sim, from)).toEqual([]);
  });
});

describe('adoption', () => {
  it('two applies at once from empty both succeed, and nothing is duplicated', async () => {
    const ua = { identityType: 'user-assigned' as const, identityName: 'id-exo' };
    const [a, b] = await Promise.all([run(sim, 'apply', ua), run(sim, 'apply', ua)]);
    expect(a.identity.principalId).toBe(b.identity.principalId);
    await replicated(sim);
    const g = sim.sim.state.graph;
    expect(g.appRoleAssignments.filter((x) => x.principalId === a.identity.principalId)).toHaveLength(1);
    expect(g.roleAssignments.filter((x) => x.principalId === a.identity.principalId)).toHaveLength(1);
    const from = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply', ua))).toEqual([]);
    expect(writesSince(sim, from)).toEqual([]);
  });

  it('adopts grants made by hand: only what is missing is planned', async () => {
    const first = await run(sim, 'apply', { roles: [] });
    await replicated(sim);
    const principalId = first.identity.principalId!;
    sim.sim.state.graph.roleAssignments.push({
      id: 'by-hand',
      principalId,
      roleDefinitionId: resolveRole('Exchange Administrator')!.templateId,
      directoryScopeId: '/',
    });
    const from = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply'))).toEqual([]);
    expect(writesSince(sim, from)).toEqual([]);
  });
});

describe('roles and runtimes', () => {
  it('exclusive-roles removes the other supported roles only', async () => {
    const first = await run(sim, 'apply');
    const principalId = first.identity.principalId!;
    const s = sim.sim.state;
    const securityReader = resolveRole('Security Reader')!.templateId;
    const userAdmin = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
    s.graph.roleAssignments.push(
      { id: 'hand-made-1', principalId, roleDefinitionId: securityReader, directoryScopeId: '/' },
      { id: 'hand-made-2', principalId, roleDefinitionId: userAdmin, directoryScopeId: '/' },
    );
    await replicated(sim);

    expect(kindsOf(await run(sim, 'plan'))).toEqual([]); // not exclusive: left alone
    const plan = await run(sim, 'plan', { exclusiveRoles: true });
    expect(kindsOf(plan)).toEqual(['delete directory-role-assignment Security Reader']);
    await run(sim, 'apply', { exclusiveRoles: true });
    await replicated(sim);
    const left = s.graph.roleAssignments.filter((a) => a.principalId === principalId).map((a) => a.roleDefinitionId);
    expect(left.sort()).toEqual([resolveRole('Exchange Administrator')!.templateId, userAdmin].sort());
  });

  it('imports PowerShellGet after PackageManagement (its declared dependency), ExchangeOnlineManagement beside them on 5.1; resolves latest per runtime', async () => {
    const result = await run(sim, 'apply', { runtimeVersions: ['5.1', '7.4', '7.6'] });
    expect(result.runtimes.map((r) => [r.environment, r.modules.map((m) => `${m.name} ${m.version}`)])).toEqual([
      ['exo-pwsh-5-1', ['PackageManagement 1.4.8.1', 'PowerShellGet 2.2.5', 'ExchangeOnlineManagement 3.10.0']],
      ['exo-pwsh-7-4', ['ExchangeOnlineManagement 3.9.2']],
      ['exo-pwsh-7-6', ['ExchangeOnlineManagement 3.10.0']],
    ]);
    const puts51 = sim.requests
      .filter((r) => r.method === 'PUT' && /runtimeEnvironments\/exo-pwsh-5-1\/packages\//i.test(r.path))
      .map((r) => r.path.split('/').pop());
    expect([...puts51].sort()).toEqual(['ExchangeOnlineManagement', 'PackageManagement', 'PowerShellGet']);
    // PowerShellGet is put only once PackageManagement's import is done; ExchangeOnlineManagement does not wait
    expect(puts51.indexOf('PowerShellGet')).toBeGreaterThan(puts51.indexOf('PackageManagement'));
    expect(puts51.indexOf('PowerShellGet')).toBeGreaterThan(puts51.indexOf('ExchangeOnlineManagement'));
    const pmDone = sim.requests.findIndex(
      (r) => r.method === 'GET' && /exo-pwsh-5-1\/packages\/PackageManagement$/i.test(r.path),
    );
    const psgetPut = sim.requests.findIndex(
      (r) => r.method === 'PUT' && /exo-pwsh-5-1\/packages\/PowerShellGet$/i.test(r.path),
    );
    expect(pmDone).toBeGreaterThanOrEqual(0);
    expect(psgetPut).toBeGreaterThan(pmDone);
    // the grants may end before the imports now: wait out Entra's replication as the other re-runs do
    await replicated(sim);
    const from = lastSeq(sim);
    expect(kindsOf(await run(sim, 'apply', { runtimeVersions: ['5.1', '7.4', '7.6'] }))).toEqual([]);
    expect(writesSince(sim, from)).toEqual([]);
  });
});
