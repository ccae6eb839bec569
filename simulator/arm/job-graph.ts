// The Microsoft Graph PowerShell SDK as a runbook job sees it: Connect-MgGraph -Identity and a few
// Graph cmdlets, each needing its module imported in the runtime and a Graph application
// permission in the identity's token. Pure: the runner (job-runner.ts) hands it the command, the
// identities, the modules and the permissions; it writes streams and says whether it handled it.
//
// Sources for the texts (each also next to its use):
// - Connect-MgGraph's banner, written to the Output stream ("OUTPUT: Welcome to Microsoft Graph!" in an
//   Azure Functions log of `Connect-MgGraph -Identity -ClientId`): microsoftgraph/msgraph-sdk-powershell#2763.
// - Graph's 403 as the SDK surfaces it (message, then Status, ErrorCode, Date, Headers):
//   microsoftgraph/msgraph-sdk-powershell#2169 (an Azure Automation runbook with a managed identity),
//   AlexFilipin/ConditionalAccess#43 (the full block with its Headers), bonguides.com "how to use
//   Find-MgGraphPermission" (Get-MgUser : Insufficient privileges...).
// - Connect-MgGraph and the Graph cmdlets write non-terminating errors (ConnectMgGraph.cs ProcessRecord
//   catches and calls WriteError; the generated cmdlets call WriteError on an error response), so the
//   script goes on unless $ErrorActionPreference = 'Stop' or -ErrorAction Stop.
import { randomUUID } from 'node:crypto';
import type { ExoIdentity } from './job-runner.js';

export const GRAPH_AUTH_MODULE = 'Microsoft.Graph.Authentication';

/** What the job's runtime and Entra hold for Graph. */
export interface GraphJobContext {
  /** Graph SDK modules whose import Succeeded in the job's runtime (any case) */
  modules: string[];
  /** by service principal object id: the Graph application permissions (values) its token carries */
  permissions: Record<string, string[]>;
  /** the clock, for the Date line of Graph's errors (ms since epoch) */
  now: number;
}

/** The Graph connection of the running script (Connect-MgGraph sets it). */
export interface GraphSession {
  identity?: ExoIdentity;
}

interface GraphCmdlet {
  module: string;
  /** application permissions, any one of which the API accepts (least to most privileged) */
  permissions: string[];
  /** the service's answer when none is held */
  denied: { status: string; code: string; message: string };
}

// Directory APIs answer a token without the permission with 403 Authorization_RequestDenied
// (microsoftgraph/msgraph-sdk-powershell#2169, microsoftgraph/microsoft-graph-docs-contrib#8159).
const DIRECTORY_DENIED = {
  status: '403 (Forbidden)',
  code: 'Authorization_RequestDenied',
  message: 'Insufficient privileges to complete the operation.',
};

/**
 * Permissions from the API pages of microsoftgraph/microsoft-graph-docs-contrib:
 * List groups (api-reference/v1.0/api/group-list.md, commit 0350b97e46788940241666a8f4b3f7780c13706d),
 * List users (api-reference/v1.0/api/user-list.md, commit 008316a3480bf8069254a9535f5f61b0e6600f6b),
 * user: sendMail (api-reference/v1.0/api/user-sendmail.md, commit 0713c450496046d1f357f9afae7a914ac6ab4277;
 * application permission Mail.Send, "Send mail as any user", concepts/permissions-reference.md).
 */
export const GRAPH_CMDLETS: Record<string, GraphCmdlet> = {
  'get-mggroup': {
    module: 'Microsoft.Graph.Groups',
    permissions: [
      'GroupMember.Read.All',
      'Group.Read.All',
      'Directory.Read.All',
      'Group.ReadWrite.All',
      'Directory.ReadWrite.All',
    ],
    denied: DIRECTORY_DENIED,
  },
  'get-mguser': {
    module: 'Microsoft.Graph.Users',
    permissions: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    denied: DIRECTORY_DENIED,
  },
  'send-mgusermail': {
    module: 'Microsoft.Graph.Users.Actions',
    permissions: ['Mail.Send'],
    // Exchange-backed mail APIs: 403 ErrorAccessDenied (microsoftgraph/microsoft-graph-docs#10880,
    // AzureCAT-GSI/DevCamp#44 "returning a 403 ... 'Access is denied. Check credentials and try again.'").
    denied: {
      status: '403 (Forbidden)',
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    },
  },
};

/** Connect-MgGraph's welcome, as the SDK 2.x writes it (msgraph-sdk-powershell#2763). */
export function graphWelcome(clientId: string): string {
  return [
    'Welcome to Microsoft Graph!',
    '',
    `Connected via managedidentity access using ${clientId}`,
    'Readme: https://aka.ms/graph/sdk/powershell',
    'SDK Docs: https://aka.ms/graph/sdk/powershell/docs',
    'API Docs: https://aka.ms/graph/docs',
    '',
    'NOTE: You can use the -NoWelcome parameter to suppress this message.',
    '',
  ].join('\n');
}

/** A Graph cmdlet before Connect-MgGraph (the SDK's "Authentication needed" text, as reported for Get-MgGroup). */
export function authenticationNeeded(cmdlet: string): string {
  return `${cmdlet} : Authentication needed. Please call Connect-MgGraph.`;
}

/**
 * The managed identity endpoint refuses a client id that is not attached (or there is no system
 * identity). Azure.Identity's ManagedIdentityCredential wording around the endpoint's 400 body
 * "Identity not found" (Azure/azure-sdk-for-net#37278, an IMDS answer); that Azure Automation's
 * identity endpoint answers with the same body is `constructed` (no Automation recording found).
 */
export const GRAPH_IDENTITY_NOT_FOUND =
  'Connect-MgGraph : ManagedIdentityCredential authentication unavailable. The requested identity has not been assigned to this resource.\n' +
  'Status: 400 (Bad Request)\n\nContent:\n{"error":"invalid_request","error_description":"Identity not found"}';

/** Graph's error as the SDK renders it: message, Status, ErrorCode, Date (UTC, no zone), Headers. */
export function graphErrorText(cmdlet: string, denied: GraphCmdlet['denied'], now: number): string {
  const date = new Date(now).toISOString().slice(0, 19);
  const header = (name: string, value: string) => `${name.padEnd(30)}: ${value}`;
  return [
    `${cmdlet} : ${denied.message}`,
    `Status: ${denied.status}`,
    `ErrorCode: ${denied.code}`,
    `Date: ${date}`,
    'Headers:',
    header('Transfer-Encoding', 'chunked'),
    header('Vary', 'Accept-Encoding'),
    header('Strict-Transport-Security', 'max-age=31536000'),
    header('request-id', randomUUID()),
    header('client-request-id', randomUUID()),
  ].join('\n');
}

export function hasModule(ctx: GraphJobContext, name: string): boolean {
  return ctx.modules.some((m) => m.toLowerCase() === name.toLowerCase());
}

export type GraphOutcome = { ok: true; text?: string } | { ok: false; message: string };

/** Decides a `Connect-MgGraph` call: -Identity (system-assigned) or -Identity -ClientId (user-assigned). */
export function connectGraph(
  ids: { systemIdentity?: ExoIdentity; userAssigned: ExoIdentity[] },
  session: GraphSession,
  flags: Record<string, string>,
): GraphOutcome {
  if (!('identity' in flags)) {
    // `constructed`: without -Identity the SDK signs in interactively, which a job cannot do.
    return {
      ok: false,
      message: 'Connect-MgGraph without -Identity needs an interactive sign-in, which is not possible here.',
    };
  }
  const clientId = flags.clientid ?? flags.appid;
  const identity = clientId
    ? ids.userAssigned.find((i) => i.clientId.toLowerCase() === clientId.toLowerCase())
    : ids.systemIdentity;
  if (!identity) return { ok: false, message: GRAPH_IDENTITY_NOT_FOUND };
  session.identity = identity;
  return { ok: true, text: 'nowelcome' in flags ? undefined : graphWelcome(identity.clientId) };
}

/**
 * Decides a Graph cmdlet of GRAPH_CMDLETS once its module is loaded. Success writes nothing: the
 * simulated directory holds no groups or users, and sendMail answers 202 with no body.
 */
export function runGraphCmdlet(name: string, ctx: GraphJobContext, session: GraphSession): GraphOutcome {
  const spec = GRAPH_CMDLETS[name.toLowerCase()];
  if (!session.identity) return { ok: false, message: authenticationNeeded(name) };
  const held = ctx.permissions[session.identity.principalId] ?? [];
  const granted = spec.permissions.some((p) => held.some((h) => h.toLowerCase() === p.toLowerCase()));
  if (!granted) return { ok: false, message: graphErrorText(name, spec.denied, ctx.now) };
  return { ok: true };
}

/**
 * A Graph cmdlet whose module is imported while Microsoft.Graph.Authentication (its RequiredModules
 * entry) is not: PowerShell's CouldNotAutoImportMatchingModule text (PowerShell/PowerShell
 * src/System.Management.Automation/resources/DiscoveryExceptions.resx).
 */
export function couldNotAutoImport(cmdlet: string, module: string): string {
  return `The '${cmdlet}' command was found in the module '${module}', but the module could not be loaded. For more information, run 'Import-Module ${module}'.`;
}
