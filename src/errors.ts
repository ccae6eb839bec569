// Error types of the action and a table from service error codes to precise fixes.
// Meanings: Entra error-code reference and observed responses (../shared/azure-specs/entra/
// token-endpoint-client-credentials.json), Graph errors (azure-specs/graph/errors.json), ARM
// errors (azure-specs/arm/arm-lro-and-errors.facts.json) and Azure RBAC docs.
import type { Finding } from './kinds/runbook/check.js';

/** Bad inputs: every problem at once, each naming the input and what it accepts. */
export class ConfigError extends Error {
  readonly problems: string[];
  /** file findings behind some problems (runbook checks), for annotations on the file and line */
  readonly findings: Finding[];
  constructor(problems: string[], findings: Finding[] = []) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    super(`Invalid input${problems.length === 1 ? '' : 's'} (${problems.length}):\n${list}`);
    this.name = 'ConfigError';
    this.problems = [...problems];
    this.findings = [...findings];
  }
}

/** Sign-in failed (GitHub OIDC token or Entra token endpoint). */
export class AuthError extends Error {
  readonly code?: string;
  readonly hint?: string;
  constructor(message: string, options: { code?: string; hint?: string; cause?: unknown } = {}) {
    const hint = options.hint ?? (options.code ? hintFor(options.code) : undefined);
    super(hint ? `${message}\nHint: ${hint}` : message, { cause: options.cause });
    this.name = 'AuthError';
    this.code = options.code;
    this.hint = hint;
  }
}

export interface ServiceErrorFields {
  /** 'ARM', 'Graph', 'Entra', 'Gallery', 'GitHub', ... */
  service: string;
  status?: number;
  code: string;
  /** The service's own message, unchanged. */
  message: string;
  hint?: string;
  requestId?: string;
}

/** A service answered with an error; carries its own code and text plus our hint. */
export class AzureError extends Error {
  readonly service: string;
  readonly status: number;
  readonly code: string;
  readonly serviceMessage: string;
  readonly hint?: string;
  readonly requestId?: string;
  constructor(fields: ServiceErrorFields & { status: number }) {
    const hint = fields.hint ?? hintFor(fields.code);
    super(formatServiceError({ ...fields, hint }));
    this.name = 'AzureError';
    this.service = fields.service;
    this.status = fields.status;
    this.code = fields.code;
    this.serviceMessage = fields.message;
    this.hint = hint;
    this.requestId = fields.requestId;
  }
}

const FIC_FIELDS =
  'issuer https://token.actions.githubusercontent.com, audience api://AzureADTokenExchange (or the `audience` input)';
const SUBJECTS =
  'push to main: repo:OWNER/REPO:ref:refs/heads/main; pull_request: repo:OWNER/REPO:pull_request; ' +
  'job with an environment: repo:OWNER/REPO:environment:NAME; repositories created or renamed since mid-2026 ' +
  'may use the id-based form repo:OWNER@OWNER_ID/REPO@REPO_ID:...';
const GRAPH_PERMISSIONS =
  'Application.Read.All, AppRoleAssignment.ReadWrite.All and RoleManagement.ReadWrite.Directory ' +
  '(plus Application.ReadWrite.All only if the Exchange Online service principal must be created)';

/** Known codes (compared case-insensitively) -> what to do. */
const HINTS: Record<string, string> = {
  // Entra token endpoint (client credentials with a GitHub OIDC assertion)
  // Older tenants answer every mismatch with 70021; current Entra names the field (700211/700212/700213).
  AADSTS70021:
    'No federated credential on the app `client-id` matches the GitHub token. Add one with ' +
    `${FIC_FIELDS} and the subject printed above (${SUBJECTS}). A credential created a moment ago can take a minute to apply.`,
  AADSTS700211:
    'The federated credential issuer differs from the token issuer: it must be exactly https://token.actions.githubusercontent.com ' +
    '(no trailing slash), or your enterprise-specific issuer if GitHub Enterprise customised it.',
  AADSTS700212:
    'The federated credential audiences do not contain the token audience: add api://AzureADTokenExchange ' +
    'to the credential, or set the `audience` input to the value the credential lists.',
  AADSTS700213:
    'No federated credential has the subject of this GitHub token. Add one whose subject equals the printed sub ' +
    `exactly (${SUBJECTS}).`,
  AADSTS7002138:
    'A federated credential subject differs from the token subject only in letter case; Entra compares subjects ' +
    'case-sensitively. Recreate the credential with the exact owner/repository casing of the printed sub.',
  AADSTS700024:
    'The GitHub OIDC token was outside its validity window (it lives about 5 minutes): the runner clock is skewed ' +
    'or a token was held too long. Re-run the job; check the runner clock on self-hosted runners.',
  AADSTS700016:
    'No application with this `client-id` exists in tenant `tenant-id`. Use the Application (client) ID of the app ' +
    'registration and the Directory (tenant) ID where it lives, and check `cloud` (sovereign-cloud tenants are separate).',
  AADSTS7000215:
    'Entra received a client secret, but this action signs in with GitHub OIDC only. Remove the secret from the ' +
    'configuration and check that `client-id` is the app that holds the federated credential.',
  AADSTS70011:
    'The requested scope is not valid for this tenant: check that `cloud` names the cloud of the tenant ' +
    '(token scopes follow `cloud`, not the endpoint overrides).',
  AADSTS90002:
    'Tenant `tenant-id` was not found in this cloud: check the id and `cloud` (AzureCloud, AzureUSGovernment, AzureChinaCloud).',
  // Microsoft Graph
  Authorization_RequestDenied:
    `The deploying app lacks Microsoft Graph application permissions. Grant ${GRAPH_PERMISSIONS} ` +
    'and give admin consent, then re-run.',
  Request_BadRequest:
    'Graph rejected the request; read its message. "already exists" or "conflicting object" means the assignment ' +
    'exists (the action adopts it). "Not a valid reference update." right after the identity was created means ' +
    'Entra has not replicated it to Graph yet (the action waited a bounded time): re-run the workflow. Otherwise ' +
    'check the role names and the identity.',
  Request_ResourceNotFound:
    'Graph does not see the object yet. A new managed identity can take a few minutes to replicate to Graph; ' +
    're-run the workflow (the action converges). If it persists, check that the identity still exists.',
  Request_MultipleObjectsWithSameKeyValue:
    'The object already exists (for example an assignment made by hand); the action treats it as done.',
  Authentication_MissingOrMalformed:
    'Graph did not accept the token: check `cloud` and `graph-endpoint` (the token audience follows `cloud`).',
  // Azure Resource Manager
  AuthorizationFailed:
    'The deploying identity lacks Azure RBAC permission on this scope. Assign it Contributor on the resource group ' +
    '(on the subscription if the resource group must be created), or a narrower custom role with the action named above.',
  LinkedAuthorizationFailed:
    'Attaching a user-assigned identity needs Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action: ' +
    'assign Managed Identity Operator on the identity (or its resource group) to the deploying identity.',
  ResourceGroupNotFound:
    'The resource group does not exist. Check `resource-group` and `subscription-id`, or set `create-missing: true` ' +
    'and a `location` so the action creates it.',
  ResourceNotFound:
    'The resource does not exist. Check the names, or set `create-missing: true` and a `location` to create it.',
  SubscriptionNotFound:
    'The subscription was not found: check `subscription-id`, `cloud`, and that the deploying identity has a role on it.',
  InvalidSubscriptionId: '`subscription-id` is not a valid subscription id (a GUID).',
  MissingSubscriptionRegistration:
    'The resource provider is not registered in the subscription: run `az provider register --namespace ' +
    'Microsoft.Automation` (or Microsoft.ManagedIdentity / Microsoft.Compute), or grant the deploying identity the ' +
    'right to register providers.',
  LocationNotAvailableForResourceType: 'This resource type is not offered in `location`: choose another region.',
  InvalidAuthenticationTokenTenant:
    'The subscription belongs to a different tenant than `tenant-id`: use the tenant that owns the subscription.',
  InvalidAuthenticationToken:
    'ARM did not accept the token: check `cloud` and `arm-endpoint` (the token audience follows `cloud`).',
  ExpiredAuthenticationToken: 'The access token expired during the run; re-run the workflow.',
  ScopeLocked: 'A resource lock forbids this change: remove or relax the lock on the resource group or resource.',
  RequestDisallowedByPolicy:
    'An Azure Policy assignment denies this request: see the policy named in the message, or ask for an exemption.',
  TooManyRequests: 'The service throttled the requests; the action retried with backoff. Re-run later.',
};

/**
 * A package import that ended Failed: Automation sets properties.error.code to null, so the fix
 * is read from the message ("Orchestrator.Shared.AsyncModuleImport.ModuleImportException: ...",
 * real texts quoted in simulator/arm/imports.ts). First match wins; the last row is the default.
 */
const IMPORT_FAILURES: { match: RegExp; hint: string }[] = [
  {
    match: /Could not load (?:file or assembly|type) '?System\.Management\.Automation/i,
    hint:
      'The module version targets another PowerShell than this runtime environment (it needs a different ' +
      'System.Management.Automation). Pin a module version that supports the runtime (see its PowerShell Gallery ' +
      'page: PowerShellVersion and CompatiblePSEditions), or change `runtime-versions`.',
  },
  {
    match: /no valid module file was found|dependenc|could not load file or assembly/i,
    hint:
      'A module it depends on is missing from the runtime environment or has another version. Check the ' +
      "dependencies the package declares on the PowerShell Gallery (RequiredModules) and that the runtime's " +
      'default packages (Az) do not pin an older one; re-run once they are imported.',
  },
  {
    match: /module structure was invalid|module validation/i,
    hint:
      'Automation could not load the package as a module: check that the version imports in a local PowerShell ' +
      'session of the same version as the runtime (Import-Module), or choose another version.',
  },
  {
    match: /\(404\) Not Found|could not be downloaded/i,
    hint: 'Automation could not download the package: check that this version is published on the PowerShell Gallery.',
  },
  {
    match: /./,
    hint:
      'Check that the module version supports the runtime (PowerShell version) and that its dependencies are ' +
      'imported; re-running the workflow retries the import.',
  },
];

/**
 * A runtime environment Azure refused to create (4xx on its PUT): the code Azure uses for a runtime
 * a region does not offer is not published, so the fix is chosen by the runtime asked for.
 */
const RUNTIME_REFUSED: Record<string, string> = {
  '7.6':
    "Azure Automation refused a PowerShell 7.6 runtime environment: 7.6 is not offered in this account's region " +
    '(or cloud) yet. Set runtime-versions to 7.4 (ExchangeOnlineManagement up to 3.9.x; module-version latest ' +
    'picks it), or use an Automation account in a region that offers 7.6.',
  '7.2':
    'Azure Automation refused a PowerShell 7.2 runtime environment: the retired runtime is no longer created here ' +
    '(allow-retired-runtimes cannot bring it back). Set runtime-versions to 7.4 or 7.6.',
  '7.1':
    'Azure Automation refused a PowerShell 7.1 runtime environment: the retired runtime is no longer created here. ' +
    'Set runtime-versions to 7.4 or 7.6.',
};

/** The fix when Azure refuses to create a runtime environment for `version`, or undefined. */
export function runtimeRefusedHint(version: string): string | undefined {
  return RUNTIME_REFUSED[version];
}

/** The fix for a failed package import, from Automation's error message. */
export function importFailureHint(message: string | null | undefined): string {
  const text = message ?? '';
  return IMPORT_FAILURES.find((r) => r.match.test(text))?.hint ?? IMPORT_FAILURES.at(-1)!.hint;
}

const BY_LOWER = new Map(Object.entries(HINTS).map(([k, v]) => [k.toLowerCase(), v]));

/** Normalise "70021", 70021 and "aadsts70021" to "AADSTS70021"; other codes unchanged. */
export function normalizeCode(code: string | number): string {
  const text = String(code).trim();
  if (/^\d+$/.test(text)) return `AADSTS${text}`;
  if (/^aadsts\d+$/i.test(text)) return text.toUpperCase();
  return text;
}

/** The precise fix for a known service error code, or undefined. */
export function hintFor(code: string | number | undefined): string | undefined {
  if (code === undefined || code === '') return undefined;
  return BY_LOWER.get(normalizeCode(code).toLowerCase());
}

/** The first AADSTS code in an Entra error_description. */
export function extractAadstsCode(text: string): string | undefined {
  return /AADSTS\d+/i.exec(text)?.[0].toUpperCase();
}

/** "<service> <status> <code>: <service's own message>" + hint + request id. */
export function formatServiceError(err: ServiceErrorFields): string {
  const status = err.status ? ` ${err.status}` : '';
  const message = err.message.replace(/\r\n/g, '\n').trim();
  const lines = [`${err.service}${status} ${err.code}: ${message}`];
  const hint = err.hint ?? hintFor(err.code);
  if (hint) lines.push(`Hint: ${hint}`);
  if (err.requestId) lines.push(`Request id: ${err.requestId}`);
  return lines.join('\n');
}

export function knownErrorCodes(): string[] {
  return Object.keys(HINTS);
}
