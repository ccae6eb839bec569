// `npm run demo`: the embedded simulator, then the built action run three times as the runner
// runs it (plan, apply, apply again), each job summary printed to the terminal.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../simulator/server.js';
import { DIST, ROOT, runAction, simulatorInputs, type ActionRun } from './run-action.js';
import { terminalMarkdown } from './terminal-markdown.js';

if (!existsSync(DIST)) {
  console.error(`${DIST} is missing: run "npm run package" first.`);
  process.exit(1);
}

const sim = await startSimulator();
const examples = join(ROOT, 'examples', 'runbooks');
const inputs = simulatorInputs(sim.readyInfo() as never, {
  roles: 'Exchange Administrator',
  'runtime-versions': '7.4',
  ...(existsSync(examples) ? { runbooks: 'runbooks/*.ps1' } : {}),
});

let failed = false;
const workspace = mkdtempSync(join(tmpdir(), 'exo-demo-'));
if (existsSync(examples)) cpSync(examples, join(workspace, 'runbooks'), { recursive: true });
const runs: [string, Record<string, string>][] = [
  ['1. plan (what a pull request shows)', { mode: 'plan' }],
  ['2. apply (a push to main)', { mode: 'apply' }],
  ['3. apply again (nothing left to do)', { mode: 'apply' }],
];
for (const [title, extra] of runs) {
  const run: ActionRun = await runAction(
    sim.readyInfo() as never,
    { ...inputs, ...extra },
    { workspace, event: 'push' },
  );
  console.log(
    `\n${'='.repeat(100)}\n${title}: exit code ${run.code}, changes=${run.outputs.changes ?? '?'}\n${'='.repeat(100)}`,
  );
  console.log(terminalMarkdown(run.summary || '(no job summary written)'));
  if (run.code !== 0) {
    failed = true;
    console.log('--- log ---\n' + run.stdout + run.stderr);
    break;
  }
}
await sim.close();
process.exit(failed ? 1 : 0);
