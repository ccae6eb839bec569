// Issue 12 vector 5, through node dist/index.js: a dangling link beside the runbooks is no problem
// (only a matched .ps1 is), a link out of the workspace is refused before it is walked, a file of
// NUL bytes gets a short error, and bidi controls in a path are shown, never passed on raw.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../simulator/server.js';
import { act, log } from '../helpers/e2e.js';
import { startTestSimulator } from '../helpers/sim.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPT = readFileSync(join(HERE, '..', 'fixtures', 'runbooks', 'system-assigned-good.ps1'), 'utf8');

function workspace(build: (ws: string) => void): string {
  const ws = mkdtempSync(join(tmpdir(), 'exo-adv-fs-'));
  mkdirSync(join(ws, 'runbooks', 'deep'), { recursive: true });
  writeFileSync(join(ws, 'runbooks', 'deep', 'Report.ps1'), SCRIPT);
  build(ws);
  return ws;
}

const errorText = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%');

describe('filesystem through node dist/index.js', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  }, 30_000);
  afterAll(() => sim.close());
  // no OIDC: only the offline checks run, so every case makes 0 requests
  const offline = (ws: string) =>
    act(sim, { runbooks: 'runbooks/**/*.ps1', mode: 'plan' }, { workspace: ws, oidc: false });

  test('a dangling symbolic link beside the runbooks does not fail the run', async () => {
    const ws = workspace((w) => symlinkSync(join(w, 'gone.md'), join(w, 'runbooks', 'deep', 'README.md')));
    const run = await offline(ws);
    expect(log(run)).not.toMatch(/^::error/m);
    expect(run.code).toBe(0);
  });

  test('a dangling symbolic link that is a matched .ps1 is named', async () => {
    const ws = workspace((w) => symlinkSync(join(w, 'gone.ps1'), join(w, 'runbooks', 'deep', 'Gone.ps1')));
    const run = await offline(ws);
    expect(run.code).not.toBe(0);
    expect(errorText(log(run))).toContain('runbooks/deep/Gone.ps1: is a broken symbolic link');
  });

  test('a link out of the workspace (to /usr) is refused before it is walked', async () => {
    const ws = workspace((w) => symlinkSync('/usr', join(w, 'runbooks', 'usr'), 'dir'));
    const run = await offline(ws);
    expect(run.code).not.toBe(0);
    expect(errorText(log(run))).toMatch(
      /runbooks\/usr: is a symbolic link to \/usr, outside the workspace; it is not walked/,
    );
    expect(errorText(log(run))).not.toMatch(/runbooks\/usr\/\S/); // nothing below it was listed
  });

  test('a file of NUL bytes gets a short error', async () => {
    const ws = workspace((w) => writeFileSync(join(w, 'runbooks', 'Nul.ps1'), Buffer.alloc(8192)));
    const run = await offline(ws);
    expect(run.code).not.toBe(0);
    const text = errorText(log(run));
    expect(text).toContain('runbooks/Nul.ps1: is not text: it holds a NUL character');
    expect(log(run)).not.toContain('\u0000');
    expect(text.length).toBeLessThan(1000);
  });

  test('bidi controls in a path are shown as <U+XXXX>, in the log and the summary', async () => {
    const ws = workspace((w) => writeFileSync(join(w, 'runbooks', 'safe\u202Egnp.ps1'), SCRIPT));
    const run = await offline(ws);
    expect(run.code).not.toBe(0);
    expect(errorText(log(run))).toContain('runbooks/safe<U+202E>gnp.ps1');
    expect(log(run)).not.toContain('\u202E');
    expect(run.summary).not.toContain('\u202E');
  });

  test('not one request reached the simulator', () => {
    expect(sim.requests).toEqual([]);
  });
});
