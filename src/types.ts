// Shared shapes between inputs, engine, runbooks and reports. Pure types, no logic.
import type { DesiredState } from './config/types.js';
import type { ModuleSpec } from './modules/spec.js';

export type Cloud = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';
/** 7.1 and 7.2 are retired: accepted only with allow-retired-runtimes (Azure still runs them, in reduced support). */
export type Runtime = '5.1' | '7.1' | '7.2' | '7.4' | '7.6';
export type ResourceType = 'automation-account' | 'vm';
export type IdentityType = 'system-assigned' | 'user-assigned';
export type Mode = 'auto' | 'plan' | 'apply';
export type HeaderCheck = 'error' | 'warn' | 'off';
/** Connect-ExchangeOnline -ExchangeEnvironmentName values the action supports (module reference page). */
export type ExchangeEnvironment = 'O365Default' | 'O365USGovGCCHigh' | 'O365USGovDoD' | 'O365China';

/** A supported Entra directory role, resolved from a display name or a template id. */
export interface RoleRef {
  displayName: string;
  templateId: string;
}

export interface Endpoints {
  arm: string;
  graph: string;
  authorityHost: string;
  gallery: string;
  /** Token scopes always follow `cloud`, even when the endpoints are overridden. */
  armScope: string;
  graphScope: string;
}

/** Every input of action.yml, read and validated. */
export interface Inputs {
  tenantId: string;
  clientId: string;
  subscriptionId: string;
  audience: string;
  cloud: Cloud;
  endpoints: Endpoints;
  organization: string;
  /** -ExchangeEnvironmentName of the connect line, header check and smoke test (from `cloud` by default) */
  exchangeEnvironment: ExchangeEnvironment;
  resourceType: ResourceType;
  resourceGroup: string;
  location?: string;
  automationAccount?: string;
  vmName?: string;
  identityType: IdentityType;
  identityName?: string;
  identityResourceGroup: string;
  createMissing: boolean;
  roles: RoleRef[];
  exclusiveRoles: boolean;
  allowGlobalAdmin: boolean;
  /** Microsoft Graph application permissions: canonical values or lower-case app role ids, resolved at plan time */
  graphPermissions: string[];
  /** remove every other Graph application permission from the identity */
  exclusiveGraphPermissions: boolean;
  /** privileged Graph permissions accepted (with a warning) instead of refused */
  allowPrivilegedPermissions: boolean;
  runtimeVersions: Runtime[];
  /** 7.1 / 7.2 accepted (with a warning) instead of refused */
  allowRetiredRuntimes: boolean;
  /** 'latest' or an explicit version already checked against every runtime. */
  moduleVersion: string;
  /** extra gallery packages per runtime environment (the `modules` input), parsed and checked offline */
  modules: ModuleSpec[];
  runbooks: string[];
  runbookRuntime: Runtime;
  publishRunbooks: boolean;
  pruneRunbooks: boolean;
  headerCheck: HeaderCheck;
  mode: Mode;
  failOnDrift: boolean;
  smokeTest: boolean;
  githubToken: string;
  commentOnPr: boolean;
  config?: DesiredState;
}

export type Action = 'create' | 'update' | 'delete';

/** One planned change. `before`/`after` are small, printable descriptions (never secrets). */
export interface Change {
  kind: string;
  name: string;
  action: Action;
  reason: string;
  before?: unknown;
  after?: unknown;
}

/** The plan JSON of CONTRACT.md section 3 (internal fields stripped when output). */
export interface Plan {
  version: 1;
  mode: 'plan' | 'apply';
  changes: Change[];
  counts: { create: number; update: number; delete: number };
}

export interface IdentityInfo {
  type: IdentityType;
  /** user-assigned identity resource name */
  name?: string;
  principalId?: string;
  clientId?: string;
}

export interface RuntimeInfo {
  version: Runtime;
  environment: string;
  modules: { name: string; version: string }[];
}

export interface RunbookInfo {
  name: string;
  path?: string;
  /** 'unchanged' or the planned/performed action with what it covers */
  status: string;
}

export interface SmokeTestResult {
  status: 'passed' | 'failed' | 'skipped';
  output?: string;
  detail?: string;
}

/** Everything the log, job summary and PR comment render. Built by main, rendered purely. */
export interface RunReport {
  mode: 'plan' | 'apply';
  eventName: string;
  resource: { type: ResourceType; name: string; resourceGroup: string; subscriptionId: string };
  organization: string;
  plan: Plan;
  /** changes actually made (apply mode) */
  applied: Change[];
  drift: boolean;
  /** false when Azure could not be read (fork pull request without an OIDC token) */
  azureRead: boolean;
  identity?: IdentityInfo;
  runtimes: RuntimeInfo[];
  roles: string[];
  runbooks: RunbookInfo[];
  warnings: string[];
  notices: string[];
  connectLine: string;
  /** the Connect-MgGraph line, when graph-permissions is set */
  graphConnectLine?: string;
  smokeTest?: SmokeTestResult;
  /** set when the run failed; the service's own text plus the hint */
  error?: string;
  /** how many of the error's problems were also written as annotations on their file and line */
  annotated?: number;
  /** fail-on-drift was set: a plan with changes fails the step */
  failOnDrift?: boolean;
  /** the commit this run planned or applied, and a link to the run (from the runner's environment) */
  run?: RunLink;
}

export interface RunLink {
  /** full commit SHA: a pull request's head commit, else GITHUB_SHA */
  commit?: string;
  commitUrl?: string;
  /** the workflow run's page */
  url?: string;
  /** the workflow's name (GITHUB_WORKFLOW) */
  workflow?: string;
}
