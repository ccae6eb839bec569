// Apply level by level; a level's independent changes in parallel (a serial key keeps order
// where one package needs another). A level finishes all it can before a failure stops the run.
import type { ApplyContext, EngineChange, ResourceKind } from './types.js';
import { Heartbeat } from '../log/heartbeat.js';

/** What a failed apply had done; attached (non-enumerable) to the error it throws. */
export interface ApplyProgress {
  applied: EngineChange[];
  failed: EngineChange;
}

const PROGRESS = Symbol.for('exo-automation.applyProgress');

export function applyProgressOf(err: unknown): ApplyProgress | undefined {
  return err && typeof err === 'object' ? ((err as Record<symbol, ApplyProgress>)[PROGRESS] ?? undefined) : undefined;
}

function withProgress(err: unknown, progress: ApplyProgress): unknown {
  if (err && typeof err === 'object') Object.defineProperty(err, PROGRESS, { value: progress, enumerable: false });
  return err;
}

export async function applyChanges(
  changes: EngineChange[],
  kinds: Map<string, ResourceKind<any>>,
  levelOf: Map<string, number>,
  ctx: ApplyContext,
): Promise<EngineChange[]> {
  const applied: EngineChange[] = [];
  // one line every 20 s while changes are in flight, and one as each completes (src/log/heartbeat.ts)
  const beat = new Heartbeat((line) => ctx.log.info(line));
  const maxLevel = Math.max(-1, ...changes.map((c) => levelOf.get(c.kind) ?? 0));
  for (let level = 0; level <= maxLevel; level++) {
    const here = changes.filter((c) => (levelOf.get(c.kind) ?? 0) === level);
    if (!here.length) continue;
    const groups = new Map<string, EngineChange[]>();
    here.forEach((c, i) => {
      const key = c.serial ? `${c.kind}:${c.serial}` : `#${i}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    });
    const failures: { change: EngineChange; error: unknown }[] = [];
    await Promise.all(
      [...groups.values()].map(async (group) => {
        for (const change of group) {
          try {
            ctx.log.info(`${sign(change)} ${change.kind} ${change.name}: ${change.reason}`);
            await beat.track(`${change.kind} ${change.name}`, () => kinds.get(change.kind)!.apply(change, ctx));
            applied.push(change);
          } catch (error) {
            failures.push({ change, error });
            return; // later changes of this group depend on this one
          }
        }
      }),
    );
    if (failures.length) {
      for (const f of failures.slice(1))
        ctx.log.warning(`${f.change.kind} ${f.change.name} also failed: ${(f.error as Error).message}`);
      throw withProgress(failures[0].error, { applied: [...applied], failed: failures[0].change });
    }
  }
  return applied;
}

function sign(c: EngineChange): string {
  return c.action === 'create' ? '+' : c.action === 'update' ? '~' : '-';
}
