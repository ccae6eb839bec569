// The graph runner (engine/graph.ts) and the change graph apply builds on it: ordering, partial
// failure and resumption, without the network. Order is observed through promises the test
// settles itself, never through timings.
import { describe, expect, it } from '@jest/globals';
import { Pacer } from '../../src/clients/pacing-policy.js';
import { applyChanges, applyProgressOf } from '../../src/engine/apply.js';
import { changeDeps } from '../../src/engine/change-graph.js';
import { walk, type GraphNode, type Outcome } from '../../src/engine/graph.js';
import { Limiter } from '../../src/engine/limiter.js';
import { KINDS, kindGraph } from '../../src/engine/registry.js';
import { silentLogger, type ApplyContext, type EngineChange, type ResourceKind } from '../../src/engine/types.js';
import { diffPackages } from '../../src/kinds/packages.js';
import { desired } from './engine-fixtures.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Nodes whose runs the test ends by hand; `log` records starts. */
function manual(spec: Record<string, string[]>) {
  const log: string[] = [];
  const gates = new Map(Object.keys(spec).map((id) => [id, deferred()]));
  const nodes: GraphNode[] = Object.entries(spec).map(([id, deps]) => ({
    id,
    deps,
    run: async () => {
      log.push(id);
      await gates.get(id)!.promise;
      return id;
    },
  }));
  return { nodes, log, gates };
}

describe('walk', () => {
  it('starts a node once its dependencies are done, and independent nodes at once', async () => {
    const { nodes, log, gates } = manual({ a: [], b: ['a'], c: [], d: ['b', 'c'] });
    const done = walk(nodes);
    await tick();
    expect(log).toEqual(['a', 'c']);
    gates.get('a')!.resolve();
    await tick();
    expect(log).toEqual(['a', 'c', 'b']); // b does not wait for c
    gates.get('b')!.resolve();
    await tick();
    expect(log).not.toContain('d'); // d still waits for c
    gates.get('c')!.resolve();
    await tick();
    expect(log).toContain('d');
    gates.get('d')!.resolve();
    const outcomes = await done;
    expect([...outcomes.values()].every((o) => o.status === 'done')).toBe(true);
  });

  it('a failure skips only its dependants (transitively, naming the failed node); the rest completes', async () => {
    const ran: string[] = [];
    const node = (id: string, deps: string[], fail = false): GraphNode => ({
      id,
      deps,
      run: async () => {
        ran.push(id);
        if (fail) throw new Error(`${id} broke`);
      },
    });
    const outcomes = await walk([
      node('env', []),
      node('import', ['env'], true),
      node('after-import', ['import']),
      node('later', ['after-import']),
      node('runbook', ['env']),
      node('grant', []),
    ]);
    expect(ran.sort()).toEqual(['env', 'grant', 'import', 'runbook']);
    expect(outcomes.get('import')).toMatchObject({ status: 'failed' });
    expect(outcomes.get('after-import')).toEqual({ status: 'skipped', because: ['import'] });
    expect(outcomes.get('later')).toEqual({ status: 'skipped', because: ['import'] });
    expect(outcomes.get('runbook')).toEqual({ status: 'done', value: undefined });
    expect(outcomes.get('grant')?.status).toBe('done');
  });

  it('refuses cycles, unknown and duplicate nodes before running anything', async () => {
    let ran = 0;
    const n = (id: string, deps: string[]): GraphNode => ({ id, deps, run: async () => ran++ });
    await expect(walk([n('a', ['b']), n('b', ['a'])])).rejects.toThrow(/cycle/);
    await expect(walk([n('a', ['x'])])).rejects.toThrow(/unknown node x/);
    await expect(walk([n('a', []), n('a', [])])).rejects.toThrow(/duplicate/);
    expect(ran).toBe(0);
  });

  it("get gives a node another's value (or its failure) without a graph dependency", async () => {
    const outcomes = await walk([
      { id: 'late', deps: [], run: async (get) => `saw ${String(await get('early'))}` },
      { id: 'early', deps: [], run: async () => 'x' },
      { id: 'broken', deps: [], run: () => Promise.reject(new Error('no')) },
      { id: 'reader', deps: [], run: (get) => get('broken') },
    ]);
    expect(outcomes.get('late')).toEqual({ status: 'done', value: 'saw x' });
    expect((outcomes.get('reader') as Extract<Outcome, { status: 'failed' }>).error).toEqual(new Error('no'));
  });

  it("a pool bounds its nodes' concurrency, and its limit can change while they run", async () => {
    const pool = new Limiter(2);
    let active = 0;
    let peak = 0;
    const gates = Array.from({ length: 6 }, () => deferred());
    const started: number[] = [];
    const nodes: GraphNode[] = gates.map((g, i) => ({
      id: String(i),
      deps: [],
      pool,
      run: async () => {
        started.push(i);
        peak = Math.max(peak, ++active);
        await g.promise;
        active--;
      },
    }));
    const done = walk(nodes);
    await tick();
    expect(started).toEqual([0, 1]);
    pool.setLimit(4);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    pool.setLimit(1);
    gates.slice(0, 3).forEach((g) => g.resolve());
    await tick();
    expect(started).toHaveLength(4); // 3 still runs: nothing new under a limit of 1
    gates[3].resolve();
    await tick();
    expect(started).toHaveLength(5);
    gates.slice(4).forEach((g) => g.resolve());
    await done;
    expect(peak).toBe(4);
  });
});

/** Converge from empty, system-assigned, 5.1 + 7.4, two roles, two runbooks bound to 7.4. */
function convergePlan() {
  const d = desired({ runtimeVersions: ['5.1', '7.4'] });
  const c = (kind: string, name: string, data?: unknown): EngineChange => ({
    kind,
    name,
    action: 'create',
    reason: 'missing',
    data,
  });
  const changes: EngineChange[] = [
    c('resource-group', 'rg'),
    c('exchange-service-principal', 'Office 365 Exchange Online'),
    c('automation-account', 'aa'),
    c('runtime-environment', 'exo-pwsh-5-1'),
    c('runtime-environment', 'exo-pwsh-7-4'),
    c('app-role-assignment', 'Exchange.ManageAsApp'),
    c('directory-role-assignment', 'Exchange Administrator'),
    c('directory-role-assignment', 'Security Reader'),
    ...diffPackages(d, { 'exo-pwsh-5-1': undefined, 'exo-pwsh-7-4': undefined }),
    c('runbook', 'rb-1', { runtimeEnvironment: 'exo-pwsh-7-4' }),
    c('runbook', 'rb-2', { runtimeEnvironment: 'exo-pwsh-7-4' }),
  ];
  d.runbooks = { items: [], runtimeEnvironment: 'exo-pwsh-7-4', publish: true, prune: false };
  const graph = kindGraph(KINDS, d);
  const kinds = new Map(graph.enabled.map((k) => [k.kind, k]));
  const deps = changeDeps(changes, kinds, graph.upstream);
  const label = (i: number) => `${changes[i].kind} ${changes[i].name}`;
  const needs = (name: string) => {
    const i = changes.findIndex((x) => x.name === name);
    return deps[i].map(label);
  };
  return { changes, needs };
}

describe('the change graph of a converge from empty', () => {
  const { needs } = convergePlan();

  it("imports wait for their own environment only; one environment's packages in parallel but for declared dependencies", () => {
    expect(needs('exo-pwsh-7-4/ExchangeOnlineManagement')).toEqual([
      'resource-group rg',
      'automation-account aa',
      'runtime-environment exo-pwsh-7-4',
    ]);
    expect(needs('exo-pwsh-5-1/PackageManagement')).toEqual([
      'resource-group rg',
      'automation-account aa',
      'runtime-environment exo-pwsh-5-1',
    ]);
    expect(needs('exo-pwsh-5-1/PowerShellGet')).toContain('package exo-pwsh-5-1/PackageManagement');
    expect(needs('exo-pwsh-5-1/ExchangeOnlineManagement')).not.toContain('package exo-pwsh-5-1/PowerShellGet');
  });

  it('grants need the principal (the account), not the imports; the app role also the Exchange SP', () => {
    expect(needs('Exchange Administrator')).toEqual(['resource-group rg', 'automation-account aa']);
    expect(needs('Exchange.ManageAsApp')).toEqual([
      'resource-group rg',
      'exchange-service-principal Office 365 Exchange Online',
      'automation-account aa',
    ]);
  });

  it('runbooks need their runtime environment, not the grants, the imports or each other', () => {
    expect(needs('rb-1')).toEqual(['resource-group rg', 'automation-account aa', 'runtime-environment exo-pwsh-7-4']);
  });
});

describe('applyChanges', () => {
  /** Kinds whose apply records the change and fails where told to. */
  function fakeKinds(failing: Set<string>, order: string[]) {
    const { changes } = convergePlan();
    const d = desired({ runtimeVersions: ['5.1', '7.4'] });
    d.runbooks = { items: [], runtimeEnvironment: 'exo-pwsh-7-4', publish: true, prune: false };
    const graph = kindGraph(KINDS, d);
    const kinds = new Map<string, ResourceKind<any, any>>(
      graph.enabled.map((k) => [
        k.kind,
        {
          ...k,
          apply: async (change: EngineChange) => {
            await tick();
            if (failing.has(change.name)) throw new Error(`${change.name} failed`);
            order.push(change.name);
          },
        },
      ]),
    );
    const ctx = { desired: d, log: silentLogger, clients: { pacer: new Pacer() } } as unknown as ApplyContext;
    return { changes, graph, kinds, ctx };
  }

  it('applies every branch a failure does not reach, reports the failure and what it skipped', async () => {
    const order: string[] = [];
    const { changes, graph, kinds, ctx } = fakeKinds(new Set(['exo-pwsh-5-1']), order);
    const err = await applyChanges(changes, kinds, graph, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toEqual(new Error('exo-pwsh-5-1 failed'));
    const progress = applyProgressOf(err)!;
    expect(progress.failed.name).toBe('exo-pwsh-5-1');
    expect(progress.failures.map((f) => f.change.name)).toEqual(['exo-pwsh-5-1']);
    expect(progress.skipped.map((s) => s.change.name)).toEqual([
      'exo-pwsh-5-1/PackageManagement',
      'exo-pwsh-5-1/PowerShellGet',
      'exo-pwsh-5-1/ExchangeOnlineManagement',
    ]);
    expect(progress.skipped.every((s) => s.because.map((c) => c.name).join() === 'exo-pwsh-5-1')).toBe(true);
    // the 7.4 branch, the grants and the runbooks completed
    expect(progress.applied.map((c) => c.name)).toEqual(
      changes.map((c) => c.name).filter((n) => !n.startsWith('exo-pwsh-5-1')),
    );
    expect(new Set(order)).toEqual(new Set(progress.applied.map((c) => c.name)));
  });

  it('resumes: the next run, given what was not applied, completes it in dependency order', async () => {
    const order: string[] = [];
    const { changes, graph, kinds, ctx } = fakeKinds(new Set(), order);
    const rest = changes.filter((c) => c.name.startsWith('exo-pwsh-5-1'));
    expect(await applyChanges(rest, kinds, graph, ctx)).toEqual(rest);
    expect(order[0]).toBe('exo-pwsh-5-1');
    expect(order.indexOf('exo-pwsh-5-1/PowerShellGet')).toBeGreaterThan(
      order.indexOf('exo-pwsh-5-1/PackageManagement'),
    );
  });
});
