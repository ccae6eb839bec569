// `npm run demo`: the embedded simulator, then the built action run three times as the runner
// runs it (a pull request's plan, an apply on push, the same apply again), each job summary shown
// readably in the terminal, and the three summaries and the PR comment written as HTML files.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startSimulator } from '../simulator/server.js';
import { markdownPage } from './render-html.js';
import { DIST, ROOT, runAction, simulatorInputs, type ActionRun, type RunOptions } from './run-action.js';
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
const workspace = mkdtempSync(join(tmpdir(), 'exo-demo-'));
if (existsSync(examples)) cpSync(examples, join(workspace, 'runbooks'), { recursive: true });
const outDir = join(process.cwd(), 'demo-output');
mkdirSync(outDir, { recursive: true });

const PR = 1;
const HEAD = 'de30de30de30de30de30de30de30de30de30de30';
const claims = sim.sim.state.github.claims;
const pushClaims = { sub: String(claims.sub), ref: String(claims.ref), event_name: String(claims.event_name) };
const pullRequestClaims = {
  sub: 'repo:octo-org/octo-repo:pull_request',
  ref: `refs/pull/${PR}/merge`,
  event_name: 'pull_request',
};

interface Step {
  file: string;
  title: string;
  extra: Record<string, string>;
  options: RunOptions;
  claims: Record<string, string>;
}
const steps: Step[] = [
  {
    file: '1-plan-on-pull-request',
    title: '1. plan (a pull request: the plan, as its job summary and PR comment)',
    extra: {},
    options: { event: 'pull_request', payload: { pull_request: { number: PR, head: { sha: HEAD } } } },
    claims: pullRequestClaims,
  },
  { file: '2-apply', title: '2. apply (a push to main)', extra: {}, options: { event: 'push' }, claims: pushClaims },
  {
    file: '3-apply-again',
    title: '3. apply again (nothing left to do)',
    extra: {},
    options: { event: 'push' },
    claims: pushClaims,
  },
];

const color = process.stdout.isTTY === true;
const written: string[] = [];
function writePage(name: string, title: string, markdown: string): void {
  const path = join(outDir, `${name}.html`);
  writeFileSync(path, markdownPage(title, markdown));
  written.push(path);
}

let failed = false;
for (const step of steps) {
  Object.assign(claims, step.claims);
  const run: ActionRun = await runAction(
    sim.readyInfo() as never,
    { ...inputs, ...step.extra },
    { workspace, ...step.options },
  );
  const bar = '═'.repeat(100);
  console.log(`\n${bar}\n${step.title}: exit code ${run.code}, changes=${run.outputs.changes ?? '?'}\n${bar}\n`);
  console.log(terminalMarkdown(run.summary || '(no job summary written)', { color }));
  writePage(`${step.file}-summary`, `exo-automation demo: ${step.title}`, run.summary || '*(no job summary written)*');
  const comment = sim.sim.state.github.comments[`octo-org/octo-repo#${PR}`]?.[0]?.body;
  if (step.options.event === 'pull_request' && comment) {
    writePage(`${step.file}-comment`, 'exo-automation demo: the pull request comment', comment);
  }
  if (run.code !== 0) {
    failed = true;
    console.log('--- log ---\n' + run.stdout + run.stderr);
    break;
  }
}
await sim.close();

console.log(`\n${'═'.repeat(100)}\nThe job summaries and the pull request comment, as GitHub would show them:`);
for (const path of written) console.log(`  ${relative(process.cwd(), path) || path}`);
console.log(
  `\nNext step: open them in a browser (e.g. xdg-open ${relative(process.cwd(), written[0])}); to use the action for real, ` +
    'copy examples/workflows/*.yml into .github/workflows/ and create the federated credentials the README describes.',
);
process.exit(failed ? 1 : 0);
