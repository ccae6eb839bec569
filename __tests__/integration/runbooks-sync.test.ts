// The runbook kind against the simulator, with the action's real ARM clients over HTTPS. The
// account and runtime environments are seeded through ARM; each sync runs the kind the way the
// engine does (observe with read-only clients, diff, apply every change at once).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RequestLogEntry, Simulator } from '../../simulator/server.js';
import { createReadClients, createWriteClients, type ClientOptions } from '../../src/clients/index.js';
import { applyChanges } from '../../src/engine/apply.js';
import { buildDesired } from '../../src/engine/desire.js';
import { reconcile } from '../../src/engine/reconcile.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  silentLogger,
  type Desired,
  type KindRef,
  type EngineChange,
  type OutputRef,
} from '../../src/engine/types.js';
import { ConfigError } from '../../src/errors.js';
import { AUTOMATION_ACCOUNT, RUNBOOK } from '../../src/kinds/names.js';
import {
  desiredRunbooks,
  runbookKind,
  RUNBOOK_MAX_PARALLELISM,
  RUNBOOK_PARALLELISM,
} from '../../src/kinds/runbook/kind.js';
import { discoverRunbooks, type DiscoveredRunbook } from '../../src/kinds/runbook/discover.js';
import { contentHash } from '../../src/kinds/runbook/hash.js';
import type { Inputs } from '../../src/types.js';
import type { TokenCredential } from '@azure/core-auth';
import { aaPath, armFetch, armOk, AUTO, RES, rgPath } from '../helpers/arm.js';
import { simInputs } from '../helpers/inputs.js';
import { startTestSimulator, writeRequests } from '../helpers/sim.js';
import { armCredential, armToken, graphToken } from '../helpers/tokens.js';

const RG = 'rg-runbooks';
const LOCATION = 'westeurope';
const ENV_74 = 'exo-pwsh-7-4';
const ENV_51 = 'exo-pwsh-5-1';

let sim: Simulator;
let org: string;
let workspace: string;
let accountCount = 0;

const arm = (method: string, path: string, apiVersion: string, body?: unknown) =>
  armOk(sim, method, path, apiVersion, body);

/** A fresh Automation account (one per test) with the 7.4 and 5.1 runtime environments. */
async function seedAccount(): Promise<string> {
  const name = `aa-rb-${++accountCount}`;
  const aa = aaPath(sim, RG, name);
  await arm('PUT', aa, AUTO, {
    location: LOCATION,
    identity: { type: 'SystemAssigned' },
    properties: { sku: { name: 'Basic' } },
  });
  for (const [env, version] of [
    [ENV_74, '7.4'],
    [ENV_51, '5.1'],
  ]) {
    await arm('PUT', `${aa}/runtimeEnvironments/${env}`, AUTO, {
      location: LOCATION,
      properties: { runtime: { language: 'PowerShell', version } },
    });
  }
  return name;
}

function inputsFor(account: string, over: Partial<Inputs> = {}): Inputs {
  return simInputs(sim, {
    organization: org,
    resourceGroup: RG,
    location: LOCATION,
    automationAccount: account,
    identityResourceGroup: RG,
    roles: [],
    moduleVersion: '3.7.0',
    runbooks: ['runbooks/*.ps1'],
    commentOnPr: false,
    modules: [],
    ...over,
  });
}

function clientOptions(inputs: Inputs): ClientOptions {
  return {
    endpoints: inputs.endpoints,
    subscriptionId: inputs.subscriptionId,
    credential: armCredential(sim),
    retryOptions: { maxRetries: 0 },
    lroIntervalMs: 10,
  };
}

function runbookText(name: string, body = `Get-Mailbox -Identity ${name}`): string {
  return `Connect-ExchangeOnline -ManagedIdentity -Organization ${org}\n${body}\n`;
}

function item(name: string, content = runbookText(name)): DiscoveredRunbook {
  return {
    name,
    path: `runbooks/${name}.ps1`,
    absolutePath: `/w/${name}.ps1`,
    content,
    hash: contentHash(content),
    encoding: 'utf-8',
  };
}

/**
 * One run of the kind as the engine runs it. `items` given: the desired runbooks directly;
 * otherwise the kind discovers `runbooks/*.ps1` in GITHUB_WORKSPACE itself.
 */
async function sync(account: string, items?: DiscoveredRunbook[], over: Partial<Inputs> = {}): Promise<EngineChange[]> {
  const inputs = inputsFor(account, over);
  const desired: Desired = buildDesired(inputs, undefined);
  if (items) desired.runbooks = desiredRunbooks(desired, items);
  const readers = createReadClients(clientOptions(inputs));
  const ref = { subscriptionId: sim.subscriptionId, resourceGroup: RG, account };
  const accountBody = await readers.automation.getAccount(ref);
  const observed = await runbookKind.observe({
    desired,
    clients: readers,
    log: silentLogger,
    get: async <T>({ kind }: KindRef<T>) => {
      if (kind !== AUTOMATION_ACCOUNT) throw new Error(`unexpected dependency ${kind}`);
      return { account: accountBody } as T;
    },
  });
  // what the account kind would have produced for its dependants
  const output = <T>({ kind }: OutputRef<T>) =>
    (kind === AUTOMATION_ACCOUNT
      ? { location: accountBody?.location, principalId: accountBody?.identity?.principalId }
      : undefined) as T | undefined;
  const changes = runbookKind.diff(desired, observed);
  const writers = createWriteClients(clientOptions(inputs));
  // through the engine's runner, as reconcile applies them (the kind's pool bounds the uploads)
  await applyChanges(
    changes,
    new Map([[RUNBOOK, runbookKind]]),
    { upstream: new Map([[RUNBOOK, new Set<string>()]]) },
    { desired, clients: writers, output, log: silentLogger, options: DEFAULT_ENGINE_OPTIONS },
  );
  return changes;
}

function stored(account: string, name: string): any {
  const id = `${aaPath(sim, RG, account)}/runbooks/${name}`.toLowerCase();
  return sim.sim.state.arm[id];
}

/** Requests since the last clear that touch one runbook (not the list). */
function perRunbook(reqs: RequestLogEntry[]): RequestLogEntry[] {
  return reqs.filter((r) => /\/runbooks\/[^/]+/i.test(r.path));
}

/** The largest number of requests in flight at one moment (from the log's start/end times). */
function maxOverlap(reqs: RequestLogEntry[]): number {
  const edges = reqs.flatMap((r) => [
    { t: r.start, d: 1 },
    { t: r.end, d: -1 },
  ]);
  edges.sort((x, y) => x.t - y.t || x.d - y.d);
  let now = 0;
  let max = 0;
  for (const e of edges) max = Math.max(max, (now += e.d));
  return max;
}

function clearLog(): void {
  sim.requests.length = 0;
}

const count = (reqs: RequestLogEntry[], method: string, re: RegExp) =>
  reqs.filter((r) => r.method === method && re.test(r.path)).length;

beforeAll(async () => {
  sim = await startTestSimulator({ config: { lroMs: 10, retryAfterSeconds: 0, pageSize: 50 } });
  org = sim.sim.state.tenant.organization;
  workspace = await mkdtemp(path.join(tmpdir(), 'exo-rb-'));
  await mkdir(path.join(workspace, 'runbooks'));
  process.env.GITHUB_WORKSPACE = workspace;
  await arm('PUT', rgPath(sim, RG), RES, { location: LOCATION });
});

afterAll(async () => {
  delete process.env.GITHUB_WORKSPACE;
  await rm(workspace, { recursive: true, force: true });
  await sim?.close();
});

beforeEach(() => {
  sim.faults.clear();
});

describe('runbook sync', () => {
  it('converges a repository of 3 runbooks; a second run writes nothing; one changed file is one upload and one publish', async () => {
    const account = await seedAccount();
    const dir = path.join(workspace, 'runbooks');
    for (const name of ['Alpha', 'Beta', 'Gamma']) await writeFile(path.join(dir, `${name}.ps1`), runbookText(name));

    clearLog();
    const first = await sync(account);
    expect(first.map((c) => `${c.action} ${c.name}`).sort()).toEqual(['create Alpha', 'create Beta', 'create Gamma']);
    const files = await discoverRunbooks(['runbooks/*.ps1'], workspace);
    for (const f of files) {
      const rb = stored(account, f.name);
      expect(rb.properties).toMatchObject({
        runbookType: 'PowerShell',
        runtimeEnvironment: ENV_74,
        state: 'Published',
      });
      expect(rb.sim.publishedContent).toBe(f.content);
      expect(rb.tags).toMatchObject({
        'exo-automation:managed': 'true',
        'exo-automation:sha256': f.hash,
        'exo-automation:path': `runbooks/${f.name}.ps1`,
      });
      expect(Date.parse(rb.tags['exo-automation:synced'])).toBeGreaterThan(0);
      expect(rb.location).toBe(LOCATION);
    }

    clearLog();
    expect(await sync(account)).toEqual([]);
    expect(writeRequests(sim)).toEqual([]);
    expect(perRunbook(sim.requests)).toEqual([]);

    await writeFile(path.join(dir, 'Beta.ps1'), runbookText('Beta', 'Get-Mailbox -ResultSize 5'));
    clearLog();
    const third = await sync(account);
    expect(third).toHaveLength(1);
    expect(third[0]).toMatchObject({ name: 'Beta', action: 'update' });
    // the hashes, and what a reviewer needs: the sizes and the changed lines (issue 14); for that
    // the changed runbook's published content is read once (no-op runs still read none, above)
    expect(third[0].reason).toMatch(
      /^content changed \(sha256 [0-9a-f]{12}… -> [0-9a-f]{12}…; \d+ -> \d+ bytes, lines? [\d-]+ changed \(\d+ removed, \d+ added\)\)$/u,
    );
    const writes = writeRequests(sim);
    expect(count(writes, 'PUT', /\/runbooks\/Beta\/draft\/content$/i)).toBe(1);
    expect(count(writes, 'POST', /\/runbooks\/Beta\/publish$/i)).toBe(1);
    // the one other write: the PUT that records the new hash once the publish succeeded
    expect(writes.map((w) => `${w.method} ${w.path.split('/runbooks/')[1]}`)).toEqual([
      'PUT Beta/draft/content',
      'POST Beta/publish',
      'PUT Beta',
    ]);
    expect(stored(account, 'Beta').sim.publishedContent).toBe(runbookText('Beta', 'Get-Mailbox -ResultSize 5'));

    clearLog();
    expect(await sync(account)).toEqual([]);
    expect(writeRequests(sim)).toEqual([]);
    for (const name of ['Alpha', 'Beta', 'Gamma']) await rm(path.join(dir, `${name}.ps1`));
  });

  it('observes 200 unchanged runbooks with list pages only', async () => {
    const account = await seedAccount();
    const items = Array.from({ length: 200 }, (_, i) => item(`Book-${String(i).padStart(3, '0')}`));
    const created = await sync(account, items);
    expect(created).toHaveLength(200);
    expect(count(sim.requests, 'POST', /\/publish$/i)).toBe(200);
    // each runbook has one request in flight at a time, so overlapping requests = runbooks in flight
    // bounded by the runbook pool: it starts at 8 and, while ARM reports write budget left (the
    // simulator's ratelimit headers), grows towards its ceiling
    const overlap = maxOverlap(perRunbook(sim.requests));
    expect(overlap).toBeLessThanOrEqual(RUNBOOK_MAX_PARALLELISM);
    expect(overlap).toBeGreaterThan(RUNBOOK_PARALLELISM);

    clearLog();
    expect(await sync(account, items)).toEqual([]);
    const armRequests = sim.requests.filter((r) => r.service === 'arm');
    expect(perRunbook(armRequests)).toEqual([]);
    const lists = armRequests.filter((r) => /\/runbooks$/i.test(r.path));
    expect(lists).toHaveLength(4); // 200 runbooks, pages of 50
    expect(lists.every((r) => r.method === 'GET')).toBe(true);
    expect(writeRequests(sim)).toEqual([]);

    // one changed out of 200: one draft write, one publish, one tag PUT
    const changed = [...items];
    changed[117] = item('Book-117', runbookText('Book-117', 'Get-Recipient'));
    clearLog();
    const one = await sync(account, changed);
    expect(one.map((c) => `${c.action} ${c.name}`)).toEqual(['update Book-117']);
    const writes = writeRequests(sim);
    expect(count(writes, 'PUT', /\/draft\/content$/i)).toBe(1);
    expect(count(writes, 'POST', /\/publish$/i)).toBe(1);
    expect(writes).toHaveLength(3);
  });

  it('under ARM throttling (429 + Retry-After on uploads) completes every runbook, fewer at once', async () => {
    const account = await seedAccount();
    const items = Array.from({ length: 40 }, (_, i) => item(`Throttled-${String(i).padStart(2, '0')}`));
    sim.faults.add([
      {
        method: 'PUT',
        path: '/draft/content$',
        skip: 10,
        times: 6,
        status: 429,
        headers: { 'retry-after': '1' },
        // ARM's throttling answer, adapted from a recorded one ("Number of 'read' requests for
        // subscription '...' actor '...' exceeded. Please try again after '10' seconds.") to writes
        body: {
          error: {
            code: 'SubscriptionRequestsThrottled',
            message: `Number of 'write' requests for subscription '${sim.subscriptionId}' actor 'x' exceeded. Please try again after '1' seconds.`,
          },
        },
      },
    ]);
    const created = await sync(account, items);
    expect(created).toHaveLength(40);
    expect(sim.faults.list()[0].fired).toBe(6);
    for (const rb of items) expect(stored(account, rb.name).sim.publishedContent).toBe(rb.content);
    clearLog();
    expect(await sync(account, items)).toEqual([]);
    expect(writeRequests(sim)).toEqual([]);
  });

  it('prunes only the runbooks it created whose file is gone', async () => {
    const account = await seedAccount();
    const keep = item('Keep');
    const gone = item('Gone');
    await sync(account, [keep, gone]);
    const aa = aaPath(sim, RG, account);
    // hand-made runbooks: one of the same name pattern, one carrying only our path tag
    await arm('PUT', `${aa}/runbooks/Gone-2`, AUTO, {
      location: LOCATION,
      properties: { runbookType: 'PowerShell', draft: {} },
    });
    await arm('PUT', `${aa}/runbooks/Gone-3`, AUTO, {
      location: LOCATION,
      tags: { 'exo-automation:path': 'runbooks/Gone-3.ps1', 'exo-automation:managed': 'no' },
      properties: { runbookType: 'PowerShell', draft: {} },
    });

    clearLog();
    expect(await sync(account, [keep])).toEqual([]); // prune-runbooks is false by default
    expect(writeRequests(sim)).toEqual([]);

    const changes = await sync(account, [keep], { pruneRunbooks: true });
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual(['delete Gone']);
    expect(stored(account, 'Gone')).toBeUndefined();
    expect(stored(account, 'Keep')).toBeDefined();
    expect(stored(account, 'Gone-2')).toBeDefined();
    expect(stored(account, 'Gone-3')).toBeDefined();
    expect(await sync(account, [keep], { pruneRunbooks: true })).toEqual([]);
  });

  it('restores a runbook edited outside the action, reading only that runbook', async () => {
    const account = await seedAccount();
    const a = item('Alpha');
    const b = item('Beta');
    await sync(account, [a, b]);

    // a portal edit: new published text, modified five minutes after our sync
    const rb = stored(account, 'Alpha');
    const later = new Date(Date.parse(rb.tags['exo-automation:synced']) + 5 * 60_000);
    rb.sim.publishedContent = runbookText('Alpha', 'Remove-Mailbox -Identity everyone -Confirm:$false');
    const editedAt = later.toISOString().replace('Z', '+00:00');
    rb.properties.lastModifiedTime = editedAt;

    clearLog();
    const changes = await sync(account, [a, b]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ name: 'Alpha', action: 'update' });
    expect(changes[0].reason).toContain(`edited outside the action at ${editedAt}`);
    const reads = perRunbook(sim.requests).filter((r) => r.method === 'GET' && !/operationResults/i.test(r.path));
    expect(reads.map((r) => r.path.split('/runbooks/')[1])).toEqual(['Alpha/content']);
    expect(stored(account, 'Alpha').sim.publishedContent).toBe(a.content);

    clearLog();
    expect(await sync(account, [a, b])).toEqual([]);
    expect(perRunbook(sim.requests)).toEqual([]);
  });

  it('leaves a same-named runbook it did not create alone when it holds the same text, replaces and tags it otherwise', async () => {
    const account = await seedAccount();
    const aa = aaPath(sim, RG, account);
    const a = item('Alpha');
    for (const [name, text] of [
      ['Alpha', a.content],
      ['Beta', 'Write-Output "hand made"\n'],
    ]) {
      await arm('PUT', `${aa}/runbooks/${name}`, AUTO, {
        location: LOCATION,
        tags: { team: 'mail' },
        properties: {
          runbookType: 'PowerShell',
          runtimeEnvironment: ENV_74,
          description: 'mail team',
          logVerbose: true,
          draft: {},
        },
      });
      const up = await armFetch(sim, 'PUT', `${aa}/runbooks/${name}/draft/content`, {
        apiVersion: AUTO,
        body: text,
        contentType: 'text/powershell',
      });
      expect(up.status).toBe(202);
      await arm('POST', `${aa}/runbooks/${name}/publish`, AUTO);
    }
    await new Promise((r) => setTimeout(r, 50)); // let the simulated publishes finish

    const b = item('Beta');
    clearLog();
    const changes = await sync(account, [a, b]);
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual(['update Beta']);
    expect(changes[0].reason).toContain('not created by this action');
    expect(stored(account, 'Beta').tags).toMatchObject({
      team: 'mail',
      'exo-automation:managed': 'true',
      'exo-automation:sha256': b.hash,
    });
    expect(stored(account, 'Beta').sim.publishedContent).toBe(b.content);
    expect(stored(account, 'Alpha').tags).toEqual({ team: 'mail' });
    expect(stored(account, 'Beta').properties).toMatchObject({ description: 'mail team', logVerbose: true });
    expect(writeRequests(sim).every((w) => w.path.includes('/runbooks/Beta'))).toBe(true);
  });

  it('rebinds a runbook to the runtime of runbook-runtime with one PUT', async () => {
    const account = await seedAccount();
    const a = item('Alpha');
    await sync(account, [a], { runbookRuntime: '5.1' });
    expect(stored(account, 'Alpha').properties.runtimeEnvironment).toBe(ENV_51);

    clearLog();
    const changes = await sync(account, [a]);
    expect(changes[0].reason).toBe(`bound to ${ENV_74}, was ${ENV_51}`);
    expect(writeRequests(sim).map((w) => `${w.method} ${w.path.split('/runbooks/')[1]}`)).toEqual(['PUT Alpha']);
    expect(stored(account, 'Alpha').properties.runtimeEnvironment).toBe(ENV_74);
    expect(stored(account, 'Alpha').sim.publishedContent).toBe(a.content);
  });

  it('finishes on the next run what a run stopped half-way left', async () => {
    const account = await seedAccount();
    const a = item('Alpha');
    await sync(account, [a]);
    const a2 = item('Alpha', runbookText('Alpha', 'Get-Mailbox -ResultSize 1'));

    sim.faults.add({
      method: 'POST',
      path: '/runbooks/Alpha/publish$',
      status: 409,
      body: { code: 'Conflict', message: 'busy' },
    });
    await expect(sync(account, [a2])).rejects.toThrow(/busy/u);
    // uploaded but not published: the hash tag still names the old text
    expect(stored(account, 'Alpha').tags['exo-automation:sha256']).toBe(a.hash);

    const retry = await sync(account, [a2]);
    expect(retry.map((c) => c.reason)).toEqual([expect.stringMatching(/^content changed/u)]);
    expect(stored(account, 'Alpha').sim.publishedContent).toBe(a2.content);
    expect(stored(account, 'Alpha').tags['exo-automation:sha256']).toBe(a2.hash);
    expect(await sync(account, [a2])).toEqual([]);
  });

  it('stops before any write when a runbook fails the header check', async () => {
    const account = await seedAccount();
    const bad = item('Bad', `Get-Mailbox\nConnect-ExchangeOnline -ManagedIdentity -Organization ${org}\n`);
    clearLog();
    await expect(sync(account, [item('Good'), bad])).rejects.toThrow(ConfigError);
    await expect(sync(account, [item('Good'), bad])).rejects.toThrow(/runbooks\/Bad\.ps1:1/u);
    expect(writeRequests(sim)).toEqual([]);
    // warn lets it through
    expect(await sync(account, [bad], { headerCheck: 'warn' })).toHaveLength(1);
  });

  it('runs through reconcile: the registered kind discovers, converges, then makes no write', async () => {
    const account = `aa-rb-reconcile`;
    const dir = path.join(workspace, 'runbooks');
    for (const name of ['One', 'Two', 'Three']) await writeFile(path.join(dir, `${name}.ps1`), runbookText(name));
    const credential: TokenCredential = {
      async getToken(scopes) {
        const graph = [scopes].flat().some((s) => s.includes('graph'));
        return {
          token: graph ? await graphToken(sim) : await armToken(sim),
          expiresOnTimestamp: Date.now() + 3600_000,
        };
      },
    };
    const inputs = inputsFor(account, {
      roles: [{ displayName: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de' }],
    });
    const opts = {
      credential,
      retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
      lroIntervalMs: 10,
      graphRetryDelaySeconds: 0,
      engine: { importPollInitialMs: 10, importPollMaxMs: 50, replicationInitialMs: 10 },
    };
    clearLog();
    const plan = await reconcile(inputs, { ...opts, mode: 'plan' });
    expect(plan.plan.changes.filter((c) => c.kind === 'runbook').map((c) => `${c.action} ${c.name}`)).toEqual([
      'create One',
      'create Three',
      'create Two',
    ]);
    expect(writeRequests(sim)).toEqual([]);

    const first = await reconcile(inputs, { ...opts, mode: 'apply' });
    const runbooks = first.applied.filter((c) => c.kind === 'runbook');
    expect(runbooks.map((c) => `${c.action} ${c.name}`).sort()).toEqual(['create One', 'create Three', 'create Two']);
    for (const name of ['One', 'Two', 'Three']) {
      expect(stored(account, name).sim.publishedContent).toBe(runbookText(name));
      expect(stored(account, name).properties.runtimeEnvironment).toBe(ENV_74);
    }

    // the grants may end last now (nothing else waits for them): wait out Entra's replication
    await new Promise((r) => setTimeout(r, sim.sim.state.config.replicationDelayMs + 50));
    clearLog();
    const second = await reconcile(inputs, { ...opts, mode: 'apply' });
    expect(second.plan.changes).toEqual([]);
    expect(writeRequests(sim)).toEqual([]);
    expect(perRunbook(sim.requests)).toEqual([]);
    for (const name of ['One', 'Two', 'Three']) await rm(path.join(dir, `${name}.ps1`));
  });
});
