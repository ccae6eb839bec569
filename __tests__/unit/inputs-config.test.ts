// The `config` input: the desired-state file is read from the workspace and checked with the other
// inputs, every problem at once, each file problem with its line and column.
import { describe, expect, it } from '@jest/globals';
import { readInputs } from '../../src/inputs.js';
import { InputsError, secretValues, type ConfigSource } from '../../src/inputs/config-file.js';

const BASE: Record<string, string> = {
  'tenant-id': '72f988bf-0000-4000-8000-000000000001',
  'client-id': '11111111-2222-4333-8444-555555555555',
  'subscription-id': 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  organization: 'contoso.onmicrosoft.com',
  'resource-group': 'rg-exo',
  'automation-account': 'aa-exo-prod',
};
const GOOD = 'version: 1\nvariables:\n  A:\n    value: abc\n  K:\n    from-env: KEY\n    encrypted: true\n';

function source(files: Record<string, string>, env: Record<string, string> = { KEY: 's3cr3t' }): () => ConfigSource {
  return () => ({
    read: (path) => {
      if (!(path in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return files[path];
    },
    env,
  });
}

function read(inputs: Record<string, string>, files: Record<string, string>, env?: Record<string, string>) {
  const all = { ...BASE, ...inputs };
  return readInputs(
    (n) => all[n] ?? '',
    () => {},
    source(files, env),
  );
}

function failure(inputs: Record<string, string>, files: Record<string, string>, env?: Record<string, string>) {
  try {
    read(inputs, files, env);
  } catch (e) {
    expect(e).toBeInstanceOf(InputsError);
    return e as InputsError;
  }
  throw new Error('expected bad input');
}

describe('config input', () => {
  it('is optional: without it there is no desired-state file and nothing is read', () => {
    const inputs = readInputs(
      (n) => BASE[n] ?? '',
      () => {},
      () => {
        throw new Error('read without config');
      },
    );
    expect(inputs.config).toBeUndefined();
  });

  it('loads the file relative to the workspace, defaults applied', () => {
    const inputs = read({ config: './.github/exo.yml' }, { '.github/exo.yml': GOOD });
    expect(inputs.config?.variables).toEqual({
      A: { value: 'abc', encrypted: false },
      K: { 'from-env': 'KEY', encrypted: true },
    });
    expect(inputs.config?.prune).toBe(false);
  });

  it('a missing file is a problem naming config and the path', () => {
    expect(failure({ config: 'nope.yml' }, {}).problems).toEqual([
      expect.stringMatching(
        /^config: no file "nope\.yml" in the workspace; expected the path of the desired-state file/,
      ),
    ]);
  });

  it('refuses a path that leaves the workspace', () => {
    expect(failure({ config: '../x.yml' }, {}).problems[0]).toMatch(/^config: "\.\.\/x\.yml" leaves the workspace/);
  });

  it('reports the problems of the file and of the other inputs at once, with their places', () => {
    const text = 'version: 1\nprun: true\nvariables:\n  K:\n    from-env: KEY\n';
    const e = failure({ config: 'exo.yml', cloud: 'Mars' }, { 'exo.yml': text });
    expect(e.problems).toEqual([
      expect.stringMatching(/^cloud: "Mars" is not accepted/),
      expect.stringMatching(/^config: exo\.yml:2:1: unknown key "prun"/),
    ]);
    expect(e.locations.map((l) => [l.file, l.line, l.column])).toEqual([['exo.yml', 2, 1]]);
  });

  it('a from-env variable must be encrypted and its environment variable set', () => {
    const notEncrypted = 'version: 1\nvariables:\n  K:\n    from-env: KEY\n';
    expect(failure({ config: 'a.yml' }, { 'a.yml': notEncrypted }).locations).toEqual([
      expect.objectContaining({ line: 4, column: 5, message: expect.stringMatching(/must be encrypted/) }),
    ]);
    expect(failure({ config: 'a.yml' }, { 'a.yml': GOOD }, {}).locations).toEqual([
      expect.objectContaining({ line: 6, column: 15, message: expect.stringMatching(/KEY is not set in this step/) }),
    ]);
  });

  it('runbooks in the file and in the runbooks input is an error at the file key', () => {
    const text = 'version: 1\nrunbooks:\n  - path: runbooks/*.ps1\n';
    const e = failure({ config: 'a.yml', runbooks: 'runbooks/*.ps1' }, { 'a.yml': text });
    expect(e.locations).toEqual([
      expect.objectContaining({ line: 2, column: 1, message: expect.stringMatching(/keep one/) }),
    ]);
  });

  it('secretValues names the from-env values (raw and as Azure stores them) to mask', () => {
    const inputs = read({ config: 'a.yml' }, { 'a.yml': GOOD }, { KEY: 'p"w' });
    expect(secretValues(inputs.config, { KEY: 'p"w' })).toEqual(['p"w', '"p\\"w"']);
  });
});
