// Apply through the graph runner: each change starts once the changes it needs are done (see
// change-graph.ts), so an import waits for its own environment only and a grant for the principal
// only. A failure skips only what depends on it; everything else is applied and reported.
import { changeNodes } from './change-graph.js';
import { walk, type Outcome } from './graph.js';
import type { KindGraph } from './registry.js';
import type { Outputs } from './outputs.js';
import type { ApplyContext, EngineChange, ResourceKind } from './types.js';
import { Heartbeat } from '../log/heartbeat.js';

/** What a failed apply had done; attached (non-enumerable) to the error it throws. */
export interface ApplyProgress {
  applied: EngineChange[];
  /** the first failure in plan order (its error is the one thrown) */
  failed: EngineChange;
  failures: { change: EngineChange; error: unknown }[];
  /** not attempted: a change they need failed (`because`: those failed changes) */
  skipped: { change: EngineChange; because: EngineChange[] }[];
}

const PROGRESS = Symbol.for('exo-automation.applyProgress');

export function applyProgressOf(err: unknown): ApplyProgress | undefined {
  return err && typeof err === 'object' ? ((err as Record<symbol, ApplyProgress>)[PROGRESS] ?? undefined) : undefined;
}

function withProgress(err: unknown, progress: ApplyProgress): unknown {
  if (err && typeof err === 'object') Object.defineProperty(err, PROGRESS, { value: progress, enumerable: false });
  return err;
}

/** Applies `changes` (in plan order); resolves with them all, or throws the first failure with its progress. */
export async function applyChanges(
  changes: EngineChange[],
  kinds: Map<string, ResourceKind<any, any>>,
  graph: Pick<KindGraph, 'upstream'>,
  ctx: ApplyContext,
  /** where what each change produced goes (ctx.output reads it) */
  outputs?: Outputs,
): Promise<EngineChange[]> {
  // one line every 20 s while changes are in flight, and one as each completes (src/log/heartbeat.ts)
  const beat = new Heartbeat((line) => ctx.log.info(line));
  const pools = new Map([...kinds].flatMap(([name, k]) => (k.pool ? [[name, k.pool(ctx)] as const] : [])));
  const nodes = changeNodes(changes, kinds, graph.upstream, (change) => ({
    pool: pools.get(change.kind),
    run: async () => {
      ctx.log.info(`${sign(change)} ${change.kind} ${change.name}: ${change.reason}`);
      const produced = await beat.track(`${change.kind} ${change.name}`, () =>
        kinds.get(change.kind)!.apply(change, ctx),
      );
      outputs?.merge(change.kind, produced);
    },
  }));
  const outcomes = await walk(nodes);
  const applied: EngineChange[] = [];
  const progress: Omit<ApplyProgress, 'failed'> = { applied, failures: [], skipped: [] };
  changes.forEach((change, i) => {
    const o: Outcome = outcomes.get(nodes[i].id)!;
    if (o.status === 'done') applied.push(change);
    else if (o.status === 'failed') progress.failures.push({ change, error: o.error });
    else progress.skipped.push({ change, because: o.because.map((id) => changes[Number(id)]) });
  });
  if (!progress.failures.length) return applied;
  const [first, ...others] = progress.failures;
  for (const f of others)
    ctx.log.warning(`${f.change.kind} ${f.change.name} also failed: ${(f.error as Error).message}`);
  for (const s of progress.skipped) {
    ctx.log.warning(`${s.change.kind} ${s.change.name} not applied: ${s.because.map(label).join(', ')} failed`);
  }
  throw withProgress(first.error, { ...progress, failed: first.change });
}

function label(c: EngineChange): string {
  return `${c.kind} ${c.name}`;
}

function sign(c: EngineChange): string {
  return c.action === 'create' ? '+' : c.action === 'update' ? '~' : '-';
}
