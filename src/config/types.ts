// The desired-state file (CONTRACT-NEXT section 3) as the loader returns it, defaults applied.
export type Frequency = 'once' | 'hour' | 'day' | 'week' | 'month';
export type ParameterValue = string | number | boolean;

export interface JobScheduleEntry {
  schedule: string;
  parameters: Record<string, ParameterValue>;
}
export interface RunbookEntry {
  path: string;
  runtime?: string;
  description?: string;
  'log-verbose'?: boolean;
  'log-progress'?: boolean;
  schedules: JobScheduleEntry[];
}
export interface ScheduleEntry {
  frequency: Frequency;
  interval: number;
  start: string;
  'time-zone': string;
  'week-days'?: string[];
  'month-days'?: number[];
  'monthly-occurrences'?: { occurrence: number; day: string }[];
  expiry?: string;
  enabled: boolean;
  description?: string;
}
export interface VariableEntry {
  value?: ParameterValue;
  description?: string;
  'from-env'?: string;
  encrypted: boolean;
}
export interface DesiredState {
  version: 1;
  prune: boolean;
  runbooks?: RunbookEntry[];
  schedules: Record<string, ScheduleEntry>;
  variables: Record<string, VariableEntry>;
}

/** One problem of the file: where, and what is accepted there. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** What the file is checked against besides itself. */
export interface ConfigContext {
  /** the `runtime-versions` input */
  runtimeVersions: string[];
  /** the step's environment, for from-env variables */
  env: Record<string, string | undefined>;
  /** true when the `runbooks` input is set too */
  runbooksInputSet?: boolean;
  /** workspace-relative runbook paths discovered, to find a file two entries match */
  runbookPaths?: string[];
  /** the runbooks discovered (workspace-relative path, text), to check job schedule parameters */
  runbooks?: { path: string; content: string }[];
}
