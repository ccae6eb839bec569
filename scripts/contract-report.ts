// Runs the simulator contract cases (the same ones __tests__/contract runs) and writes the
// coverage table to __tests__/contract/COVERAGE.md. Exit code 1 when a case fails.
// Usage: npx tsx scripts/contract-report.ts [--stdout] [--no-traffic]
// (traffic: runs the built dist/index.js against the simulator to list the operations it sends)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCoverage, runAll } from '../__tests__/contract/coverage.js';

/** Failing cases of requests the action sends (informational Graph cases excluded). */
function blocking(run: Awaited<ReturnType<typeof runAll>>) {
  return [...run.arm.filter((r) => !r.ok), ...run.graph.filter((r) => !r.ok && !r.informational)];
}

async function main(): Promise<void> {
  const run = await runAll({ traffic: !process.argv.includes('--no-traffic') });
  const md = renderCoverage(run);
  if (process.argv.includes('--stdout')) process.stdout.write(md + '\n');
  else {
    const file = join(process.cwd(), '__tests__', 'contract', 'COVERAGE.md');
    writeFileSync(file, md + '\n');
    const fails = blocking(run).length;
    console.log(
      `wrote ${file}: ${run.arm.length + run.graph.length} cases, ${fails} failing (informational cases excluded)`,
    );
  }
  process.exitCode = blocking(run).length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
