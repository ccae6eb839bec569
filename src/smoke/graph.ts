// The smoke test's Microsoft Graph line: when the identity is granted a Graph permission that a
// read-only Graph SDK cmdlet needs and the runtime gets the SDK modules, the test job also runs
// Connect-MgGraph -Identity and that cmdlet. Pure: choice of the probe, its script lines, and how
// Graph's failures read.
import { grantsPermission, mgGraphConnectLine } from '../graph-permissions/connect.js';
import type { ExchangeEnvironment, IdentityType } from '../types.js';

export interface GraphProbe {
  cmdlet: string;
  /** the module holding the cmdlet (besides Microsoft.Graph.Authentication) */
  module: string;
  /** application permissions, any one of which the API accepts (least to most privileged) */
  permissions: string[];
}

export const GRAPH_AUTH_MODULE = 'Microsoft.Graph.Authentication';
/** The roll-up module: importing it brings every Microsoft.Graph.* module as a dependency. */
const GRAPH_ROLLUP = 'Microsoft.Graph';

/**
 * Read-only probes, first match wins. Permissions from microsoftgraph/microsoft-graph-docs-contrib:
 * List groups (api-reference/v1.0/api/group-list.md, commit 0350b97e46788940241666a8f4b3f7780c13706d) and
 * List users (api-reference/v1.0/api/user-list.md, commit 008316a3480bf8069254a9535f5f61b0e6600f6b).
 */
export const GRAPH_PROBES: GraphProbe[] = [
  {
    cmdlet: 'Get-MgGroup',
    module: 'Microsoft.Graph.Groups',
    permissions: [
      'GroupMember.Read.All',
      'Group.Read.All',
      'Directory.Read.All',
      'Group.ReadWrite.All',
      'Directory.ReadWrite.All',
    ],
  },
  {
    cmdlet: 'Get-MgUser',
    module: 'Microsoft.Graph.Users',
    permissions: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  },
];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The probe for these granted permissions (graph-permissions: values or app role ids) and runtime
 * modules (names), if one fits: its permission is granted and the SDK's authentication module and the
 * probe's module are imported.
 */
export function graphProbe(permissions: string[], modules: string[]): GraphProbe | undefined {
  const has = (m: string) => modules.some((x) => same(x, m) || same(x, GRAPH_ROLLUP));
  if (!has(GRAPH_AUTH_MODULE)) return undefined;
  return GRAPH_PROBES.find((p) => has(p.module) && p.permissions.some((x) => grantsPermission(permissions, x)));
}

/**
 * The Graph lines of the smoke script. -ErrorAction Stop: Connect-MgGraph and the SDK's cmdlets
 * write non-terminating errors (msgraph-sdk-powershell ConnectMgGraph.cs catches and calls
 * WriteError), and the job must end Failed with Graph's own text rather than a later
 * "Authentication needed".
 */
export function graphLines(
  probe: GraphProbe,
  identity: { type: IdentityType; clientId?: string },
  environment: ExchangeEnvironment = 'O365Default',
): string[] {
  return [
    // the line the report tells runbook authors to use (src/graph-permissions/connect.ts)
    `${mgGraphConnectLine(identity, environment)} -ErrorAction Stop`,
    `${probe.cmdlet} -Top 1 -ErrorAction Stop | Format-Table -AutoSize | Out-String`,
  ];
}

export type GraphCause = 'graph-module-missing' | 'graph-permission';

/** Graph causes found in the job's error texts. */
export function diagnoseGraph(errorText: string): GraphCause[] {
  const causes: GraphCause[] = [];
  if (
    /'(?:Connect-MgGraph|Get-Mg\w+)' is not recognized|was found in the module 'Microsoft\.Graph[\w.]*', but the module could not be loaded/i.test(
      errorText,
    )
  )
    causes.push('graph-module-missing');
  // Graph's 403 as the SDK renders it: "<cmdlet> : Insufficient privileges ...\nStatus: 403 (Forbidden)
  // \nErrorCode: Authorization_RequestDenied" (msgraph-sdk-powershell#2169, an Automation runbook).
  if (/Authorization_RequestDenied|Insufficient privileges to complete the operation/i.test(errorText))
    causes.push('graph-permission');
  return causes;
}

/**
 * A Graph grant may not be in the token yet: Entra replicates it in minutes, and "the tokens which your
 * application receives are cached by the underlying infrastructure, which means that any changes to the
 * managed identity's roles can take significant time to take effect" (MicrosoftDocs/azure-docs#182904,
 * how-to-assign-app-role-managed-identity-*.md, pointing at "Limitation of using managed identities for
 * authorization" in managed-identity-best-practice-recommendations.md).
 */
export const GRAPH_PERMISSION_DELAY =
  'If the Graph permission was granted just now, it may not be effective yet: Entra replication takes minutes, and Azure caches the managed identity\u2019s tokens, so a new app role can take a long time to reach them. Run the smoke test again later before changing anything.';

/** One sentence per Graph cause: what is missing and which input adds it. */
export function explainGraph(cause: GraphCause, probe: GraphProbe, who: string, runtimeEnvironment: string): string {
  if (cause === 'graph-module-missing') {
    return `The Microsoft Graph PowerShell SDK is not available in the runtime environment ${runtimeEnvironment}: ${GRAPH_AUTH_MODULE} and ${probe.module} must be imported there (input \`modules\`) and their imports must have Succeeded.`;
  }
  return (
    `Microsoft Graph answered 403 Authorization_RequestDenied to ${probe.cmdlet}: ${who} holds none of the application permissions it needs ` +
    `(${probe.permissions.join(', ')}) on the "Microsoft Graph" service principal (appId 00000003-0000-0000-c000-000000000000); grant one with the input \`graph-permissions\`.`
  );
}
