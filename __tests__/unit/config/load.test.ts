import { describe, expect, it } from '@jest/globals';
import { loadConfig, ConfigFileError } from '../../../src/config/load.js';
import type { ConfigContext, ConfigProblem } from '../../../src/config/types.js';

const ctx: ConfigContext = {
  runtimeVersions: ['7.4', '7.6'],
  env: { REPORT_KEY: 'x' },
  runbookPaths: ['runbooks/a.ps1', 'runbooks/b.ps1'],
};
const S = 'schedules:\n  nightly:\n    frequency: day\n    start: "2026-12-03T02:00"\n';

function problems(text: string, c: ConfigContext = ctx): ConfigProblem[] {
  try {
    loadConfig(text, 'exo.yml', c);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    return (e as ConfigFileError).locations;
  }
  throw new Error('no problem reported');
}

const BAD: [string, string, ConfigContext | undefined, number, number, RegExp][] = [
  ['version 2', 'version: 2\n', undefined, 1, 10, /2 is not accepted; expected 1/],
  ['no version', 'prune: true\n', undefined, 1, 1, /missing required key "version"/],
  [
    'unknown top key',
    'version: 1\nprunes: true\n',
    undefined,
    2,
    1,
    /unknown key "prunes"; accepted keys: version, prune, runbooks, schedules, variables/,
  ],
  [
    'prune not boolean',
    'version: 1\nprune: yes please\n',
    undefined,
    2,
    8,
    /"yes please" is not accepted; expected boolean/,
  ],
  ['runbooks not array', 'version: 1\nrunbooks: x\n', undefined, 2, 11, /"x" is not accepted; expected array/],
  ['runbook no path', 'version: 1\nrunbooks:\n  - runtime: "7.4"\n', undefined, 3, 5, /missing required key "path"/],
  [
    'runbook unknown key',
    'version: 1\nrunbooks:\n  - path: a.ps1\n    logverbose: true\n',
    undefined,
    4,
    5,
    /unknown key "logverbose"; accepted keys: path, runtime/,
  ],
  [
    'frequency enum',
    'version: 1\nschedules:\n  n:\n    frequency: daily\n    start: "2026-12-03T02:00"\n',
    undefined,
    4,
    16,
    /"daily" is not accepted; expected one of "once", "hour", "day", "week", "month"/,
  ],
  [
    'start with offset',
    'version: 1\nschedules:\n  n:\n    frequency: day\n    start: "2026-12-03T02:00+01:00"\n',
    undefined,
    5,
    12,
    /expected A local date-time in the schedule's time-zone, without offset/,
  ],
  [
    'interval zero',
    'version: 1\nschedules:\n  n:\n    frequency: day\n    interval: 0\n    start: "2026-12-03T02:00"\n',
    undefined,
    5,
    15,
    /0 is not accepted; it must be >= 1/,
  ],
  [
    'month-day 32',
    'version: 1\nschedules:\n  n:\n    frequency: month\n    start: "2026-12-03T02:00"\n    month-days: [1, 32]\n',
    undefined,
    6,
    21,
    /32 is not accepted; expected a day of the month 1 to 31, or -1 for the last day/,
  ],
  [
    'week-day typo',
    'version: 1\nschedules:\n  n:\n    frequency: week\n    start: "2026-12-03T02:00"\n    week-days: [mon]\n',
    undefined,
    6,
    17,
    /"mon" is not accepted; expected one of "monday"/,
  ],
  [
    'variable value object',
    'version: 1\nvariables:\n  V:\n    value: {a: 1}\n',
    undefined,
    4,
    12,
    /is not accepted; expected string, number, boolean/,
  ],
  [
    'variable unknown key',
    'version: 1\nvariables:\n  V:\n    value: 1\n    secret: true\n',
    undefined,
    5,
    5,
    /unknown key "secret"; accepted keys: value, description, from-env, encrypted/,
  ],
  [
    'schedule name with slash',
    'version: 1\nschedules:\n  a/b:\n    frequency: day\n    start: "2026-12-03T02:00"\n',
    undefined,
    3,
    3,
    /expected 1 to 128 characters/,
  ],
  [
    'bad time zone',
    `version: 1\n${S}    time-zone: Europe/Amsterdm\n`,
    undefined,
    6,
    16,
    /"Europe\/Amsterdm" is not an IANA time zone; expected a name such as Europe\/Amsterdam/,
  ],
  [
    'impossible date',
    'version: 1\nschedules:\n  n:\n    frequency: day\n    start: "2026-02-30T02:00"\n',
    undefined,
    5,
    12,
    /"2026-02-30T02:00" is not a date-time; expected a real local date-time/,
  ],
  [
    'week-days on day',
    `version: 1\n${S}    week-days: [monday]\n`,
    undefined,
    6,
    5,
    /week-days is only accepted with frequency week \(here day\)/,
  ],
  [
    'month-days on week',
    'version: 1\nschedules:\n  n:\n    frequency: week\n    start: "2026-12-03T02:00"\n    month-days: [1]\n',
    undefined,
    6,
    5,
    /month-days is only accepted with frequency month \(here week\)/,
  ],
  [
    'both month forms',
    'version: 1\nschedules:\n  n:\n    frequency: month\n    start: "2026-12-03T02:00"\n    month-days: [1]\n    monthly-occurrences: [{occurrence: 1, day: monday}]\n',
    undefined,
    7,
    5,
    /month-days and monthly-occurrences exclude each other/,
  ],
  [
    'interval on once',
    'version: 1\nschedules:\n  n:\n    frequency: once\n    interval: 2\n    start: "2026-12-03T02:00"\n',
    undefined,
    5,
    5,
    /interval is not accepted with frequency once/,
  ],
  [
    'unknown job schedule',
    `version: 1\nrunbooks:\n  - path: runbooks/a.ps1\n    schedules:\n      - schedule: nigthly\n${S}`,
    undefined,
    5,
    19,
    /no schedule "nigthly" under schedules; expected one of: nightly/,
  ],
  [
    'runtime not listed',
    'version: 1\nrunbooks:\n  - path: a.ps1\n    runtime: "7.2"\n',
    undefined,
    4,
    14,
    /runtime "7.2" is not in runtime-versions; expected one of: 7.4, 7.6/,
  ],
  [
    'from-env not encrypted',
    'version: 1\nvariables:\n  K:\n    from-env: REPORT_KEY\n',
    undefined,
    4,
    5,
    /must be encrypted; add encrypted: true/,
  ],
  [
    'from-env missing',
    'version: 1\nvariables:\n  K:\n    from-env: NOPE\n    encrypted: true\n',
    undefined,
    4,
    15,
    /environment variable NOPE is not set in this step/,
  ],
  [
    'value and from-env',
    'version: 1\nvariables:\n  K:\n    value: 1\n    from-env: REPORT_KEY\n    encrypted: true\n',
    undefined,
    4,
    5,
    /needs exactly one of value or from-env/,
  ],
  [
    'two entries match',
    'version: 1\nrunbooks:\n  - path: runbooks/*.ps1\n  - path: runbooks/a.ps1\n',
    undefined,
    4,
    11,
    /runbooks\/a.ps1 is matched by runbooks entries 1 and 2; a file may match one entry only/,
  ],
  [
    'runbooks input too',
    'version: 1\nrunbooks:\n  - path: a.ps1\n',
    { ...ctx, runbooksInputSet: true },
    2,
    1,
    /runbooks is set both here and in the `runbooks` input/,
  ],
  ['bad yaml', 'version: 1\nschedules: [\n', undefined, 3, 1, /not valid YAML/],
  ['duplicate key', 'version: 1\nversion: 1\n', undefined, 2, 1, /not valid YAML: Map keys must be unique/],
];

describe('loadConfig: bad files', () => {
  it.each(BAD)('%s', (_name, text, c, line, column, message) => {
    const found = problems(text, c ?? ctx);
    expect(found).toContainEqual({ file: 'exo.yml', line, column, message: expect.stringMatching(message) });
  });

  it('reports every schema problem at once', () => {
    const found = problems('version: 3\nprune: 1\nextra: true\n');
    expect(found.map((p) => p.line).sort()).toEqual([1, 2, 3]);
  });

  it('the error lists each problem with file:line:column', () => {
    expect(() => loadConfig('version: 2\n', 'exo.yml', ctx)).toThrow(/exo\.yml:1:10: 2 is not accepted; expected 1/);
  });
});

describe('loadConfig: good files', () => {
  it('parses the contract example with defaults applied', () => {
    const text = `version: 1
runbooks:
  - path: runbooks/*.ps1
    runtime: '7.4'
    schedules:
      - schedule: nightly
        parameters:
          DaysInactive: 90
schedules:
  nightly:
    frequency: day
    start: '2026-12-03T02:00'
    time-zone: Europe/Amsterdam
  monthly:
    frequency: month
    start: '2026-12-01T06:00:00'
    month-days: [1, 15, -1]
variables:
  TenantDomain:
    value: contoso.onmicrosoft.com
  ReportKey:
    from-env: REPORT_KEY
    encrypted: true
`;
    const config = loadConfig(text, 'exo.yml', ctx);
    expect(config.prune).toBe(false);
    expect(config.runbooks?.[0].schedules[0]).toEqual({ schedule: 'nightly', parameters: { DaysInactive: 90 } });
    expect(config.schedules.nightly).toEqual({
      frequency: 'day',
      start: '2026-12-03T02:00',
      'time-zone': 'Europe/Amsterdam',
      interval: 1,
      enabled: true,
    });
    expect(config.schedules.monthly['month-days']).toEqual([1, 15, -1]);
    expect(config.variables.ReportKey).toEqual({ 'from-env': 'REPORT_KEY', encrypted: true });
    expect(config.variables.TenantDomain.encrypted).toBe(false);
  });

  it('a minimal file is valid', () => {
    expect(loadConfig('version: 1\n', 'exo.yml', ctx)).toEqual({
      version: 1,
      prune: false,
      schedules: {},
      variables: {},
    });
  });
});
