// The `modules` lines into the desired state: each runtime environment's resolved packages are
// appended after the action's own (their declared dependencies first), and `modules` records the
// names the ownership tag will list. Every problem at once, before any write.
import { ConfigError } from '../errors.js';
import type { Desired } from '../engine/types.js';
import { knownConflicts } from './known.js';
import { resolveRuntime, type GalleryLookup } from './resolve.js';
import type { ModuleSpec } from './spec.js';

const EXO = 'exchangeonlinemanagement';

/** Adds the packages of `specs` to `desired` (in place); returns the warnings (known conflicts). */
export async function addModules(desired: Desired, specs: ModuleSpec[], lookup: GalleryLookup): Promise<string[]> {
  const problems: string[] = [];
  const warnings: string[] = [];
  await Promise.all(
    desired.runtimes.map(async (rt) => {
      rt.modules = [];
      const lines = specs.filter((s) => !s.runtime || s.runtime === rt.runtime);
      if (!lines.length) return;
      const res = await resolveRuntime(rt.runtime, lines, rt.packages, lookup);
      const where = desired.runtimes.length > 1 ? ` (runtime ${rt.runtime})` : '';
      problems.push(...res.problems.map((p) => `modules${where}: ${p}`));
      const exo = rt.packages.find((p) => p.name.toLowerCase() === EXO)?.version;
      for (const c of knownConflicts(res.packages, exo)) {
        (c.severity === 'error' ? problems : warnings).push(`modules${where}: ${c.message}`);
      }
      for (const p of res.packages) {
        rt.packages.push({
          name: p.name,
          version: p.version,
          ...(p.dependsOn.length ? { dependsOn: p.dependsOn } : {}),
        });
      }
      rt.modules = res.packages.map((p) => p.name);
    }),
  );
  if (problems.length) throw new ConfigError(problems);
  return warnings;
}
