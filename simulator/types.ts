// Shapes shared by every part of the simulator. The whole state is plain JSON so that it can be
// read and replaced through /_sim/state and saved with --state FILE.
import type { IncomingHttpHeaders } from 'node:http';

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** An app registration with its service principal (the deploying app). */
export interface AppRegistration {
  appId: string;
  /** object id of its service principal */
  servicePrincipalId: string;
  displayName: string;
  federatedCredentials: FederatedCredential[];
  /** Graph application permissions (app role values) granted to it, e.g. AppRoleAssignment.ReadWrite.All */
  graphPermissions: string[];
  /** ARM scopes (resource ids, lower-case compare) where it has write access (Contributor-like). */
  armWriteScopes: string[];
  /** ARM scopes where it has read access. */
  armReadScopes: string[];
}

export interface SimConfig {
  /** Delay before a newly created service principal is visible to Graph (Entra replication). */
  replicationDelayMs: number;
  /** Time a module/package import takes from Creating to Succeeded/Failed. */
  importMs: number;
  /** Time a runbook job takes from New to a terminal status. */
  jobMs: number;
  /** Time an ARM long-running operation (draft upload, publish, VM update, run command) takes. */
  lroMs: number;
  /** Retry-After (seconds) advertised on 202 answers. ARM says >= 10 s in production; kept small here. */
  retryAfterSeconds: number;
  /**
   * Retry-After (seconds) of the runbook draft-content upload's 202. Default 5, the value Azure
   * sends (azure-sdk-for-net recording ReplaceContentRunbookDraft().json); compliant clients wait
   * it before polling. Tests may lower it (__tests__/helpers/sim.ts sets 0) to stay fast.
   */
  draftRetryAfterSeconds: number;
  /** Page size of list operations (Graph and ARM nextLink paging). */
  pageSize: number;
  /** Lifetime of issued access tokens and GitHub OIDC tokens, in seconds. */
  tokenLifetimeSeconds: number;
  oidcTokenLifetimeSeconds: number;
  /**
   * Exchange Online caches an identity's permissions (up to 24 h in production): a new app role
   * or directory role assignment takes effect in jobs only this long after Entra shows it.
   * Default 0.
   */
  exchangePermissionDelayMs?: number;
  /**
   * How Entra reports a federated credential mismatch: 'current' (default: 700211 issuer, 700213
   * subject, 7002138 subject letter case, 700212 audience; 401 invalid_client) or 'legacy' (tenants
   * before 2023: 401 unauthorized_client AADSTS70021 for any mismatch).
   */
  ficErrors?: 'current' | 'legacy';
  /** Import time by package name (lower case); others take importMs. Set by the azure profile. */
  importMsByPackage?: Record<string, number>;
  /** ARM's subscription token buckets (simulator/arm/throttle.ts); absent = no throttling. */
  throttle?: ThrottleConfig;
  /** the profile these values came from (simulator/profiles.ts), for the admin API's answer */
  profile?: { name: string; timeScale: number };
  /**
   * PowerShell versions this account's region does not offer: a runtime environment PUT for one
   * answers 400 (the text is CONSTRUCTED; whether 7.6 is offered everywhere is not public). Default none.
   */
  refusedRuntimeVersions?: string[];
}

export interface BucketConfig {
  size: number;
  refillPerSecond: number;
}

export interface ThrottleConfig {
  reads: BucketConfig;
  writes: BucketConfig;
  deletes: BucketConfig;
}

export interface SimState {
  tenant: {
    id: string;
    /** the *.onmicrosoft.com organization Connect-ExchangeOnline names */
    organization: string;
    domains: string[];
  };
  subscriptionId: string;
  deployer: AppRegistration;
  /** Other app registrations known to the tenant (first-party apps can be instantiated by appId). */
  github: {
    /** claims of the OIDC token the simulated GitHub issues (sub, repository, ref, event_name, ...) */
    claims: Record<string, unknown>;
    /** bearer token the runner passes as ACTIONS_ID_TOKEN_REQUEST_TOKEN */
    requestToken: string;
    /** issue comments by "owner/repo#number" */
    comments: Record<string, GitHubComment[]>;
    nextCommentId: number;
    /** when true, writing issue comments answers 403 "Resource not accessible by integration" (a read-only token) */
    commentsForbidden?: boolean;
    /** when set, only these REST API tokens are valid (others: 401 Bad credentials); any non-empty token otherwise */
    apiTokens?: string[];
    /**
     * Users' tokens (PATs): token -> the user it acts as (GET /user answers it; comments are by it).
     * Any other token is an installation token like GITHUB_TOKEN: it writes as github-actions[bot]
     * and GET /user refuses it with 403.
     */
    tokenUsers?: Record<string, { login: string; id: number; type: string }>;
  };
  /** ARM resources by lower-cased resource id. Owned by simulator/arm. */
  arm: Record<string, ArmResource>;
  /** Directory objects. Owned by simulator/graph. */
  graph: GraphState;
  /** Gallery packages: id -> versions (newest last is not required). */
  gallery: Record<string, GalleryVersion[]>;
  config: SimConfig;
  /**
   * How far the simulated clock runs ahead of the machine's, in ms (POST /_sim/clock moves it
   * forward; it never goes back). Absent = 0.
   */
  clockOffsetMs?: number;
}

export interface GitHubComment {
  id: number;
  body: string;
  user: { login: string; id: number; type: string };
  created_at: string;
  updated_at: string;
}

export interface GalleryVersion {
  version: string;
  prerelease: boolean;
  published: string;
  /** when false the package download answers 404 (a version that was unlisted/removed) */
  downloadable?: boolean;
  /** d:Dependencies of the feed entry ("Id:Range:|Id:Range:"), as the gallery declares them */
  dependencies?: string;
  /** fields written into the package's module manifest (.psd1) */
  manifest?: { powerShellVersion?: string; compatiblePSEditions?: string[]; dotNetFrameworkVersion?: string };
  /** where this entry's metadata was read (simulator/gallery/catalog.ts) */
  source?: string;
}

/** A stored ARM resource: the body Azure would return plus private bookkeeping in `sim`. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown>;
  properties?: Record<string, any>;
  systemData?: Record<string, unknown>;
  [key: string]: unknown;
  /** private simulator data (never returned) */
  sim?: Record<string, any>;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy' | 'SocialIdp';
  alternativeNames: string[];
  appRoles: AppRole[];
  accountEnabled: boolean;
  appOwnerOrganizationId?: string;
  createdDateTime: string;
  /** epoch ms before which Graph does not see it (replication delay) */
  visibleAfter?: number;
  [key: string]: unknown;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin?: string;
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalDisplayName: string;
  principalType: string;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
  deletedDateTime: null;
  visibleAfter?: number;
}

export interface RoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  resourceScopes: string[];
  version: string | null;
  rolePermissions: { allowedResourceActions: string[]; condition: string | null }[];
  inheritsPermissionsFrom?: { id: string }[];
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  appScopeId?: string | null;
  visibleAfter?: number;
}

/** First-party applications that exist in every tenant's catalogue and can be instantiated by appId. */
export interface FirstPartyApp {
  appId: string;
  displayName: string;
  appRoles: AppRole[];
}

export interface GraphState {
  servicePrincipals: ServicePrincipal[];
  appRoleAssignments: AppRoleAssignment[];
  roleDefinitions: RoleDefinition[];
  roleAssignments: RoleAssignment[];
  firstPartyApps: FirstPartyApp[];
}

export interface SimRequest {
  method: string;
  /** path without query, percent-decoded per segment by the router */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** path parameters from the route pattern */
  params: Record<string, string>;
  /** the simulator's own base URL, e.g. https://127.0.0.1:8443 */
  baseUrl: string;
  text(): string;
  /** parsed JSON body; throws a 400 SimHttpError on invalid JSON */
  json<T = any>(): T;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** objects are sent as JSON; strings and Buffers as they are */
  body?: unknown;
}

export interface Sim {
  state: SimState;
  baseUrl: string;
  now(): number;
  /** persist the state (no-op without --state) */
  save(): void;
  keys: import('./entra/tokens.js').SimKeys;
  /** opt-in (tests set it to []): every access token and GitHub OIDC token issued, for leak scans */
  issuedSecrets?: string[];
}

export type Handler = (req: SimRequest, sim: Sim) => Promise<SimResponse> | SimResponse;
