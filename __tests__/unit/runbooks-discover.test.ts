import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  discoverRunbooks,
  MAX_RUNBOOK_BYTES,
  RunbookDiscoveryError,
  runbookNameProblem,
} from '../../src/kinds/runbook/discover.js';
import { contentHash } from '../../src/kinds/runbook/hash.js';

let base: string;
let ws: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'exo-runbooks-'));
  ws = path.join(base, 'workspace');
  await mkdir(ws);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function put(rel: string, content: string | Uint8Array = 'Get-Date\n'): Promise<string> {
  const file = path.join(ws, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

async function problemsOf(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(RunbookDiscoveryError);
    return (e as RunbookDiscoveryError).problems;
  }
  throw new Error('expected a RunbookDiscoveryError');
}

describe('discoverRunbooks', () => {
  it('finds .ps1 files by pattern, sorted by name, with path, content and hash', async () => {
    await put('runbooks/Zeta.ps1', 'Zeta\r\n');
    await put('runbooks/alpha-1_x.ps1', 'Alpha\n');
    await put('runbooks/nested/Beta.ps1', 'Beta\n');
    await put('runbooks/notes.txt', 'ignored: the pattern does not match it');
    const found = await discoverRunbooks(['runbooks/**/*.ps1'], ws);
    expect(found.map((r) => [r.name, r.path])).toEqual([
      ['alpha-1_x', 'runbooks/alpha-1_x.ps1'],
      ['Beta', 'runbooks/nested/Beta.ps1'],
      ['Zeta', 'runbooks/Zeta.ps1'],
    ]);
    const zeta = found[2];
    expect(zeta).toMatchObject({
      absolutePath: path.join(ws, 'runbooks/Zeta.ps1'),
      content: 'Zeta\r\n',
      hash: contentHash('Zeta\r\n'),
      encoding: 'utf-8',
    });
  });

  it('applies exclusions, ignores comments and blank lines, and dedupes overlapping patterns', async () => {
    await put('rb/a.ps1');
    await put('rb/skip.ps1');
    const found = await discoverRunbooks(['# comment', '', 'rb/*.ps1', 'rb/a.ps1', '!rb/skip.ps1'], ws);
    expect(found.map((r) => r.name)).toEqual(['a']);
  });

  it('decodes UTF-16 files and reports how they were encoded', async () => {
    await put(
      'u.ps1',
      new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Get-Date\r\n', 'utf16le')])),
    );
    const [u] = await discoverRunbooks(['u.ps1'], ws);
    expect(u).toMatchObject({ content: 'Get-Date\r\n', encoding: 'utf-16le', hash: contentHash('Get-Date\r\n') });
  });

  it('accepts an upper-case extension and symlinks that stay inside the workspace', async () => {
    await put('real/Inner.ps1');
    await mkdir(path.join(ws, 'rb'));
    await symlink(path.join(ws, 'real/Inner.ps1'), path.join(ws, 'rb/Linked.ps1'));
    await put('rb/UPPER.PS1');
    const found = await discoverRunbooks(['rb/*'], ws);
    expect(found.map((r) => [r.name, r.path])).toEqual([
      ['Linked', 'rb/Linked.ps1'],
      ['UPPER', 'rb/UPPER.PS1'],
    ]);
  });

  it('works when the workspace path contains glob characters', async () => {
    ws = path.join(base, 'a[1]*b');
    await mkdir(ws);
    await put('x.ps1');
    expect((await discoverRunbooks(['*.ps1'], ws)).map((r) => r.name)).toEqual(['x']);
  });

  it('reports every problem at once, each naming its path', async () => {
    await put('rb/ok.ps1');
    await put('rb/README.md', '# docs');
    await mkdir(path.join(ws, 'rb/lib'));
    await put('rb/1starts-with-digit.ps1');
    await put('rb/has.dot.ps1');
    await put(`rb/${'n'.repeat(64)}.ps1`);
    await writeFile(path.join(base, 'outside.ps1'), 'Get-Date');
    await symlink(path.join(base, 'outside.ps1'), path.join(ws, 'rb/escape.ps1'));
    await put('rb/Big.ps1', 'x'.repeat(MAX_RUNBOOK_BYTES + 1));
    await put('rb/Dup.ps1');
    await put('other/dup.ps1');
    const problems = await problemsOf(discoverRunbooks(['rb/*', 'other/*.ps1', 'nothing/*.ps1'], ws));
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'nothing/*.ps1',
        'other/dup.ps1',
        'rb/1starts-with-digit.ps1',
        'rb/Big.ps1',
        'rb/Dup.ps1',
        'rb/README.md',
        'rb/escape.ps1',
        'rb/has.dot.ps1',
        'rb/lib',
        `rb/${'n'.repeat(64)}.ps1`,
      ].sort(),
    );
    expect(byPath['nothing/*.ps1']).toMatch(/matches no file/u);
    expect(byPath['rb/README.md']).toMatch(/not a \.ps1 file/u);
    expect(byPath['rb/lib']).toMatch(/is a directory/u);
    expect(byPath['rb/escape.ps1']).toMatch(/outside the workspace/u);
    expect(byPath['rb/Big.ps1']).toMatch(new RegExp(`at most ${MAX_RUNBOOK_BYTES} bytes`, 'u'));
    expect(byPath['rb/has.dot.ps1']).toMatch(/not a valid runbook name/u);
    expect(byPath['rb/1starts-with-digit.ps1']).toMatch(/start with a letter/u);
    expect(byPath[`rb/${'n'.repeat(64)}.ps1`]).toMatch(/64 characters long; Azure allows at most 63/u);
    expect(byPath['rb/Dup.ps1']).toMatch(/"Dup" is also the name of other\/dup\.ps1/u);
    expect(byPath['other/dup.ps1']).toMatch(/also the name of rb\/Dup\.ps1/u);
  });

  it('refuses a symlinked directory that leads out of the workspace', async () => {
    await mkdir(path.join(base, 'elsewhere'));
    await writeFile(path.join(base, 'elsewhere/Secret.ps1'), 'Get-Date');
    await symlink(path.join(base, 'elsewhere'), path.join(ws, 'linked'), 'dir');
    const problems = await problemsOf(discoverRunbooks(['linked/*.ps1'], ws));
    // refused at the link, before its folder is listed (issue 12 item 5)
    expect(problems).toEqual([
      { path: 'linked', message: expect.stringMatching(/outside the workspace; it is not walked/u) },
    ]);
  });

  it('reports a broken symbolic link instead of skipping it', async () => {
    await put('rb/ok.ps1');
    await symlink(path.join(ws, 'missing.ps1'), path.join(ws, 'rb/broken.ps1'));
    const problems = await problemsOf(discoverRunbooks(['rb/*.ps1'], ws));
    expect(problems).toEqual([{ path: 'rb/broken.ps1', message: 'is a broken symbolic link' }]);
  });

  it('ignores a dangling symbolic link under ** that the pattern does not match', async () => {
    await put('rb/deep/ok.ps1');
    await symlink(path.join(ws, 'gone.md'), path.join(ws, 'rb/deep/notes.md'));
    await symlink(path.join(ws, 'gone'), path.join(ws, 'rb/gone-dir'));
    const found = await discoverRunbooks(['rb/**/*.ps1'], ws);
    expect(found.map((r) => r.path)).toEqual(['rb/deep/ok.ps1']);
  });

  it('reports a dangling symbolic link under ** that the pattern matches', async () => {
    await put('rb/deep/ok.ps1');
    await symlink(path.join(ws, 'gone.ps1'), path.join(ws, 'rb/deep/Broken.ps1'));
    const problems = await problemsOf(discoverRunbooks(['rb/**/*.ps1'], ws));
    expect(problems).toEqual([{ path: 'rb/deep/Broken.ps1', message: 'is a broken symbolic link' }]);
  });

  it('refuses a link out of the workspace under ** without walking it', async () => {
    await put('rb/ok.ps1');
    await mkdir(path.join(base, 'big/a/b'), { recursive: true });
    await writeFile(path.join(base, 'big/a/b/Hidden.ps1'), 'Get-Date');
    await symlink(path.join(base, 'big'), path.join(ws, 'rb/usr'), 'dir');
    const problems = await problemsOf(discoverRunbooks(['**/*.ps1'], ws));
    expect(problems).toEqual([
      {
        path: 'rb/usr',
        message: expect.stringMatching(/^is a symbolic link to .*big, outside the workspace; it is not walked/u),
      },
    ]);
  });

  it('follows a symbolic link to a folder inside the workspace, and ends a link loop', async () => {
    await put('shared/Common.ps1');
    await symlink(path.join(ws, 'shared'), path.join(ws, 'rb'), 'dir');
    await symlink(ws, path.join(ws, 'shared/loop'), 'dir');
    const found = await discoverRunbooks(['rb/**/*.ps1'], ws);
    expect(found.map((r) => r.path)).toEqual(['rb/Common.ps1']);
  });

  it('refuses a file of NUL bytes with a short message', async () => {
    await put('rb/Nul.ps1', new Uint8Array(8192));
    const problems = await problemsOf(discoverRunbooks(['rb/*.ps1'], ws));
    expect(problems).toEqual([
      {
        path: 'rb/Nul.ps1',
        message: 'is not text: it holds a NUL character (at character 1); runbooks are PowerShell scripts',
      },
    ]);
  });

  it('shows bidi controls of a path in the error message', async () => {
    await put('rb/safe\u202Egnp.ps1');
    const err = await discoverRunbooks(['rb/*.ps1'], ws).catch((e: Error) => e);
    expect(String(err)).toContain('rb/safe<U+202E>gnp.ps1');
    expect(String(err)).not.toContain('\u202E');
  });

  it('refuses patterns that climb out of the workspace', async () => {
    await writeFile(path.join(base, 'up.ps1'), 'Get-Date');
    const problems = await problemsOf(discoverRunbooks(['../*.ps1'], ws));
    // refused at the folder outside, before it is listed
    expect(problems).toEqual([{ path: '..', message: expect.stringMatching(/outside the workspace/u) }]);
  });

  it('returns nothing for no patterns (runbook sync off)', async () => {
    await put('a.ps1');
    expect(await discoverRunbooks([], ws)).toEqual([]);
    expect(await discoverRunbooks(['', '# only a comment'], ws)).toEqual([]);
  });

  it('puts the problems in the error message too', async () => {
    await put('rb/bad name.ps1');
    await expect(discoverRunbooks(['rb/*.ps1'], ws)).rejects.toThrow(
      /rb\/bad name\.ps1: "bad name" is not a valid runbook name/u,
    );
  });
});

describe('runbookNameProblem', () => {
  it('follows the ARM pattern ^[a-zA-Z][a-zA-Z-_0-9]*$ and 63 characters', () => {
    expect(runbookNameProblem('Get-Mailboxes_2')).toBeUndefined();
    expect(runbookNameProblem('a'.repeat(63))).toBeUndefined();
    expect(runbookNameProblem('a'.repeat(64))).toMatch(/63/u);
    expect(runbookNameProblem('_x')).toMatch(/start with a letter/u);
    expect(runbookNameProblem('café')).toMatch(/not a valid runbook name/u);
    expect(runbookNameProblem('')).toMatch(/empty/u);
  });
});
