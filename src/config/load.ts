// Loads the desired-state file: YAML with positions, then the schema, then the rules; every problem
// at once, each on its line and column. Pure: the caller reads the file and the environment.
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { positionOf } from './positions.js';
import { RULES } from './rules.js';
import { schemaProblems, type SchemaProblem } from './schema.js';
import type { ConfigContext, ConfigProblem, DesiredState } from './types.js';

/** The file's problems, with where they are. */
export class ConfigFileError extends ConfigError {
  readonly locations: ConfigProblem[];
  constructor(locations: ConfigProblem[]) {
    super(locations.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`));
    this.locations = locations;
  }
}

function withDefaults(raw: any): DesiredState {
  const schedules = Object.fromEntries(
    Object.entries(raw.schedules ?? {}).map(([k, s]: [string, any]) => [
      k,
      { interval: 1, 'time-zone': 'UTC', enabled: true, ...s },
    ]),
  );
  const variables = Object.fromEntries(
    Object.entries(raw.variables ?? {}).map(([k, v]) => [k, { encrypted: false, ...(v as object) }]),
  );
  const runbooks = raw.runbooks?.map((r: any) => ({
    ...r,
    schedules: (r.schedules ?? []).map((j: any) => ({ parameters: {}, ...j })),
  }));
  return { version: 1, prune: raw.prune ?? false, ...(runbooks ? { runbooks } : {}), schedules, variables };
}

/** Parses and checks `text` (the file `file`); throws ConfigFileError listing every problem. */
export function loadConfig(text: string, file: string, context: ConfigContext): DesiredState {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, message: `not valid YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const data: unknown = doc.toJS();
  let found: SchemaProblem[] = schemaProblems(data);
  if (found.length === 0) RULES.forEach((rule) => rule(data as object, context, (p) => found.push(p)));
  found = found.slice();
  if (found.length > 0) {
    throw new ConfigFileError(
      found.map((p) => ({ file, ...positionOf(doc, lines, p.path, p.key), message: p.message })),
    );
  }
  return withDefaults(data);
}
