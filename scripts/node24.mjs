#!/usr/bin/env node
// Runs a command under Node 24, the Actions runtime this project targets (and the version the
// Azure SDK packages declare). On an older Node it installs Node 24 from the npm registry once,
// into ~/.cache/exo-node24 (the same place .ci/run uses), and re-runs the command with it first
// on PATH, so `npm ci && npm test` works on a fresh machine whatever its own Node is.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/node24.mjs <command> [args...]');
  process.exit(2);
}

let env = process.env;
if (Number(process.versions.node.split('.')[0]) < 24) {
  const prefix = process.env.EXO_NODE24_PREFIX || join(homedir(), '.cache', 'exo-node24');
  const bin = join(prefix, 'node_modules', 'node', 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(
      `Node ${process.versions.node} is older than 24; installing Node 24 from the npm registry into ${prefix} ...`,
    );
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', 'node@24'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0 || !existsSync(join(bin, 'node'))) {
      console.error('Could not install Node 24; install Node 24 and run the command again.');
      process.exit(1);
    }
  }
  env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
}
// Asynchronous, and signals passed on: `npm run simulator` must stop on SIGINT/SIGTERM with
// nothing left running.
const child = spawn(cmd, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (e) => {
  console.error(e.message);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
