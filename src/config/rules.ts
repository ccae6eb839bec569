// Rules the schema cannot state: each a named function over the schema-valid file.
import { Minimatch } from 'minimatch';
import { parameterProblems, readParamBlock } from '../kinds/runbook/params.js';
import type { ConfigContext } from './types.js';
import type { SchemaProblem } from './schema.js';

type Raw = Record<string, any>;
type Rule = (file: Raw, ctx: ConfigContext, out: (p: SchemaProblem) => void) => void;

const entries = (o: unknown): [string, Raw][] => Object.entries((o ?? {}) as Record<string, Raw>);

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "2026-02-30T02:00" passes the pattern but is no date. */
function isLocalDateTime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

const timeZoneIsIana: Rule = (f, _c, out) => {
  for (const [name, s] of entries(f.schedules)) {
    const tz = s['time-zone'];
    if (tz !== undefined && !isTimeZone(tz)) {
      out({
        path: ['schedules', name, 'time-zone'],
        message: `"${tz}" is not an IANA time zone; expected a name such as Europe/Amsterdam or UTC`,
      });
    }
  }
};

const datesAreReal: Rule = (f, _c, out) => {
  for (const [name, s] of entries(f.schedules)) {
    for (const key of ['start', 'expiry']) {
      if (typeof s[key] === 'string' && !isLocalDateTime(s[key])) {
        out({
          path: ['schedules', name, key],
          message: `"${s[key]}" is not a date-time; expected a real local date-time YYYY-MM-DDTHH:MM[:SS]`,
        });
      }
    }
  }
};

const daysFitFrequency: Rule = (f, _c, out) => {
  for (const [name, s] of entries(f.schedules)) {
    const at = (key: string, message: string) => out({ path: ['schedules', name], key, message });
    if (s['week-days'] && s.frequency !== 'week')
      at('week-days', `week-days is only accepted with frequency week (here ${s.frequency})`);
    for (const key of ['month-days', 'monthly-occurrences']) {
      if (s[key] && s.frequency !== 'month')
        at(key, `${key} is only accepted with frequency month (here ${s.frequency})`);
    }
    if (s['month-days'] && s['monthly-occurrences'])
      at('monthly-occurrences', 'month-days and monthly-occurrences exclude each other; keep one');
    if (s.frequency === 'once' && s.interval !== undefined)
      at('interval', 'interval is not accepted with frequency once');
  }
};

const jobSchedulesExist: Rule = (f, _c, out) => {
  const names = Object.keys(f.schedules ?? {});
  (f.runbooks ?? []).forEach((r: Raw, i: number) =>
    (r.schedules ?? []).forEach((j: Raw, k: number) => {
      if (!names.includes(j.schedule)) {
        out({
          path: ['runbooks', i, 'schedules', k, 'schedule'],
          message: `no schedule "${j.schedule}" under schedules; expected one of: ${names.join(', ') || '(none defined)'}`,
        });
      }
    }),
  );
};

const runtimeIsListed: Rule = (f, c, out) => {
  (f.runbooks ?? []).forEach((r: Raw, i: number) => {
    if (r.runtime !== undefined && !c.runtimeVersions.includes(r.runtime)) {
      out({
        path: ['runbooks', i, 'runtime'],
        message: `runtime "${r.runtime}" is not in runtime-versions; expected one of: ${c.runtimeVersions.join(', ')}`,
      });
    }
  });
};

const variablesHaveOneSource: Rule = (f, c, out) => {
  for (const [name, v] of entries(f.variables)) {
    const has = 'value' in v;
    const env = v['from-env'];
    if (has === (env !== undefined)) {
      out({ path: ['variables', name], message: `variable ${name} needs exactly one of value or from-env` });
    } else if (env !== undefined && v.encrypted !== true) {
      out({
        path: ['variables', name],
        key: 'from-env',
        message: `variable ${name} comes from the environment, so it must be encrypted; add encrypted: true`,
      });
    } else if (env !== undefined && c.env[env] === undefined) {
      out({
        path: ['variables', name, 'from-env'],
        message: `environment variable ${env} is not set in this step; expected it in the step's env (e.g. ${env}: \${{ secrets.${env} }})`,
      });
    }
  }
};

const runbooksOnce: Rule = (f, c, out) => {
  if (!f.runbooks) return;
  if (c.runbooksInputSet)
    out({ path: [], key: 'runbooks', message: 'runbooks is set both here and in the `runbooks` input; keep one' });
  const matchers = (f.runbooks as Raw[]).map((r) => new Minimatch(r.path, { dot: true }));
  for (const file of c.runbookPaths ?? []) {
    const hits = matchers.flatMap((m, i) => (m.match(file) ? [i] : []));
    if (hits.length > 1) {
      out({
        path: ['runbooks', hits[1], 'path'],
        message: `${file} is matched by runbooks entries ${hits.map((h) => h + 1).join(' and ')}; a file may match one entry only`,
      });
    }
  }
};

/** Runbook name of a file: its base name without .ps1 (as the runbook kind names it). */
const runbookName = (path: string) => (path.split('/').pop() ?? path).replace(/\.ps1$/iu, '');

/** Each job schedule's parameters against the param() block of every runbook its entry matches. */
const parametersMatchRunbooks: Rule = (f, c, out) => {
  if (!c.runbooks) return;
  (f.runbooks ?? []).forEach((r: Raw, i: number) => {
    const matcher = new Minimatch(r.path, { dot: true });
    const files = c.runbooks!.filter((rb) => matcher.match(rb.path));
    (r.schedules ?? []).forEach((j: Raw, k: number) => {
      const at = ['runbooks', i, 'schedules', k];
      const given = Object.keys(j.parameters ?? {});
      for (const file of files) {
        for (const p of parameterProblems(runbookName(file.path), readParamBlock(file.content), given)) {
          const message = `${p.message} (${file.path})`;
          if (p.kind === 'unknown') out({ path: [...at, 'parameters'], key: p.name, message });
          else out({ path: at, key: 'schedule', message });
        }
      }
    });
  });
};

export const RULES: Rule[] = [
  timeZoneIsIana,
  datesAreReal,
  daysFitFrequency,
  jobSchedulesExist,
  runtimeIsListed,
  variablesHaveOneSource,
  runbooksOnce,
  parametersMatchRunbooks,
];
