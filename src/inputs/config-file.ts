// The `config` input's file (CONTRACT-NEXT section 3): read relative to the workspace and checked
// by src/config/load.ts together with the other inputs, so that every problem, of the inputs and
// of the file, is reported at once, before any request. The file's problems keep their line and
// column (InputsError.locations) for annotations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFileError, loadConfig } from '../config/load.js';
import type { ConfigProblem, DesiredState } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { q } from './parse.js';
import type { Given, Values } from './table.js';

/** Where the file and the from-env variables come from. */
export interface ConfigSource {
  /** the file's text; throws the fs error (ENOENT, EISDIR, ...) when it cannot be read */
  read(path: string): string;
  env: Record<string, string | undefined>;
}

/** The step's workspace (GITHUB_WORKSPACE, else the working directory) and environment. */
export function workspaceSource(): ConfigSource {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  return { read: (path) => readFileSync(join(root, path), 'utf8'), env: process.env };
}

/** Bad inputs, some of them problems of the desired-state file at a line and column. */
export class InputsError extends ConfigError {
  readonly locations: ConfigProblem[];
  constructor(problems: string[], locations: ConfigProblem[]) {
    super(problems);
    this.locations = [...locations];
  }
}

export interface FileOut {
  problem(text: string): void;
  location(p: ConfigProblem): void;
}

function unreadable(path: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') {
    return `no file ${q(path)} in the workspace; expected the path of the desired-state file relative to the workspace (GITHUB_WORKSPACE), e.g. .github/exo-automation.yml`;
  }
  if (code === 'EISDIR') return `${q(path)} is a directory; expected the path of the desired-state YAML file`;
  return `${q(path)} cannot be read (${code ?? String(e)})`;
}

/** The loaded file, or undefined when `config` is empty or the file has problems (given to `out`). */
export function readConfigFile(v: Values, given: Given, source: () => ConfigSource, out: FileOut) {
  const path = v.config.replace(/^(?:\.[\\/])+/, '');
  if (path === '') return undefined;
  const src = source();
  let text: string;
  try {
    text = src.read(path);
  } catch (e) {
    out.problem(unreadable(path, e));
    return undefined;
  }
  try {
    return loadConfig(text, path, {
      runtimeVersions: v['runtime-versions'],
      env: src.env,
      runbooksInputSet: given.runbooks && v.runbooks.length > 0,
    }) satisfies DesiredState;
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    for (const l of e.locations) {
      out.problem(`${l.file}:${l.line}:${l.column}: ${l.message}`);
      out.location(l);
    }
    return undefined;
  }
}

/** The values of the environment variables the file's encrypted variables come from (to mask them). */
export function secretValues(config: DesiredState | undefined, env: Record<string, string | undefined>): string[] {
  return Object.values(config?.variables ?? {}).flatMap((v) => {
    const value = v['from-env'] === undefined ? undefined : env[v['from-env']];
    return value ? [value, JSON.stringify(value)] : [];
  });
}
