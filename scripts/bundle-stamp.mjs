#!/usr/bin/env node
// The bundle's source stamp: a SHA-256 over what dist/index.js is built from (src/, package.json,
// package-lock.json, tsconfig.json). `write` records it after a build; `check` exits 1 when dist/
// was built from other sources, so `npm test` rebuilds a stale bundle before the end-to-end tests
// (which run dist/index.js, as the runner does) instead of testing old code.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const STAMP = join(root, 'dist', 'source.sha256');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function sourceHash() {
  const list = [
    ...files(join(root, 'src')),
    ...['package.json', 'package-lock.json', 'tsconfig.json'].map((f) => join(root, f)),
  ]
    .map((f) => relative(root, f).split('\\').join('/'))
    .sort();
  const h = createHash('sha256');
  for (const f of list)
    h.update(`${f}\0`)
      .update(readFileSync(join(root, f)))
      .update('\0');
  return h.digest('hex');
}

const cmd = process.argv[2];
if (cmd === 'write') {
  writeFileSync(STAMP, `${sourceHash()}\n`);
} else if (cmd === 'check') {
  const held = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (held !== sourceHash()) {
    console.error('dist/ was built from other sources than the working tree: rebuilding it before the tests.');
    process.exit(1);
  }
} else {
  console.error('usage: node scripts/bundle-stamp.mjs write|check');
  process.exit(2);
}
