// The default state of CONTRACT.md section 5: one tenant with the Exchange Online and Microsoft
// Graph service principals and the built-in roles, a deploying app with GitHub federated credentials and the
// Graph permissions it needs, an empty subscription.
import { randomUUID } from 'node:crypto';
import { builtinRoleDefinitions } from './entra/builtin-roles.js';
import { graphAppRoles } from './graph/app-roles.js';
import * as ids from './ids.js';
import { GITHUB_ISSUER } from './entra/tokens.js';
import { extraGalleryPackages } from './gallery/catalog.js';
import type { AppRole, FirstPartyApp, GalleryVersion, ServicePrincipal, SimConfig, SimState } from './types.js';

export const DEFAULT_CONFIG: SimConfig = {
  replicationDelayMs: 300,
  importMs: 400,
  jobMs: 300,
  lroMs: 150,
  // Retry-After on 202 answers, whole seconds as ARM sends it. 0 ("poll when you like"): the
  // simulator's operations take lroMs (150 ms), which no whole number of seconds above 0
  // describes. Automation's publish 202 carries no Retry-After (azure-sdk-for-python recording);
  // its draft upload carries 5 (draftRetryAfterSeconds). Tests of Retry-After set it.
  retryAfterSeconds: 0,
  // The draft upload's recorded Retry-After (azure-sdk-for-net ReplaceContentRunbookDraft().json).
  draftRetryAfterSeconds: 5,
  pageSize: 100,
  tokenLifetimeSeconds: 3599,
  oidcTokenLifetimeSeconds: 300,
};

const EXCHANGE_APP_ROLES: AppRole[] = [
  {
    id: ids.EXCHANGE_MANAGE_AS_APP_ROLE_ID,
    value: 'Exchange.ManageAsApp',
    displayName: 'Manage Exchange As Application',
    description:
      "Allows the app to manage the organization's Exchange environment without any user interaction. This includes mailboxes, groups, and other configuration objects. To enable management actions, an admin must assign the appropriate roles directly to the app.",
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  },
  {
    id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
    value: 'full_access_as_app',
    displayName: 'Use Exchange Web Services with full access to all mailboxes',
    description:
      'Allows the app to have full access via Exchange Web Services to all mailboxes without a signed-in user.',
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  },
];

export function firstPartyApps(): FirstPartyApp[] {
  return [
    { appId: ids.EXCHANGE_APP_ID, displayName: 'Office 365 Exchange Online', appRoles: EXCHANGE_APP_ROLES },
    { appId: ids.GRAPH_APP_ID, displayName: 'Microsoft Graph', appRoles: graphAppRoles() },
  ];
}

export function servicePrincipalFromApp(app: FirstPartyApp, id: string = randomUUID()): ServicePrincipal {
  return {
    id,
    appId: app.appId,
    displayName: app.displayName,
    servicePrincipalType: 'Application',
    alternativeNames: [],
    appRoles: app.appRoles,
    accountEnabled: true,
    appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    createdDateTime: new Date().toISOString(),
    servicePrincipalNames: [app.appId],
    tags: [],
  };
}

function gallery(): Record<string, GalleryVersion[]> {
  const ga = (version: string, published: string): GalleryVersion => ({ version, prerelease: false, published });
  const pre = (version: string, published: string): GalleryVersion => ({ version, prerelease: true, published });
  return {
    ExchangeOnlineManagement: [
      ga('3.0.0', '2022-09-26'),
      ga('3.1.0', '2023-01-18'),
      ga('3.2.0', '2023-07-18'),
      ga('3.3.0', '2023-09-14'),
      ga('3.4.0', '2023-10-17'),
      ga('3.5.0', '2024-05-29'),
      ga('3.5.1', '2024-06-17'),
      ga('3.6.0', '2024-09-30'),
      ga('3.7.0', '2025-01-08'),
      ga('3.7.1', '2025-01-30'),
      ga('3.7.2', '2025-04-10'),
      pre('3.8.0-Preview1', '2025-04-24'),
      ga('3.8.0', '2025-05-29'),
      ga('3.9.0', '2025-08-07'),
      ga('3.9.2', '2025-10-15'),
      pre('3.10.0-Preview1', '2026-01-20'),
      ga('3.10.0', '2026-03-05'),
      pre('3.11.0-Preview1', '2026-10-01'),
    ],
    PackageManagement: [ga('1.4.7', '2020-03-21'), ga('1.4.8.1', '2022-07-19')],
    PowerShellGet: [
      ga('2.2.4.1', '2020-03-21'),
      // "PackageManagement (>= 1.4.4)": the dependency PowerShellGet 2.2.5's manifest declares (src/compat.ts)
      { ...ga('2.2.5', '2020-10-28'), dependencies: 'PackageManagement:1.4.4:' },
      pre('3.0.23-beta23', '2023-11-29'),
    ],
    ...extraGalleryPackages(),
  };
}

export function defaultState(): SimState {
  const exo = firstPartyApps()[0];
  const graphApp = firstPartyApps()[1];
  const subject = (s: string) => ({
    name: s.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 60),
    issuer: GITHUB_ISSUER,
    subject: s,
    audiences: ['api://AzureADTokenExchange'],
  });
  const deployerSp: ServicePrincipal = {
    ...servicePrincipalFromApp(
      { appId: ids.DEFAULT_DEPLOYER_APP_ID, displayName: 'github-exo-automation', appRoles: [] },
      ids.DEFAULT_DEPLOYER_SP_ID,
    ),
    appOwnerOrganizationId: ids.DEFAULT_TENANT_ID,
  };
  return {
    tenant: {
      id: ids.DEFAULT_TENANT_ID,
      organization: ids.DEFAULT_ORGANIZATION,
      domains: [ids.DEFAULT_ORGANIZATION, 'contoso.com', 'contoso.mail.onmicrosoft.com'],
    },
    subscriptionId: ids.DEFAULT_SUBSCRIPTION_ID,
    deployer: {
      appId: ids.DEFAULT_DEPLOYER_APP_ID,
      servicePrincipalId: ids.DEFAULT_DEPLOYER_SP_ID,
      displayName: 'github-exo-automation',
      federatedCredentials: [
        subject('repo:octo-org/octo-repo:ref:refs/heads/main'),
        subject('repo:octo-org/octo-repo:pull_request'),
      ],
      graphPermissions: [
        'Application.Read.All',
        'AppRoleAssignment.ReadWrite.All',
        'RoleManagement.ReadWrite.Directory',
      ],
      armWriteScopes: [`/subscriptions/${ids.DEFAULT_SUBSCRIPTION_ID}`],
      armReadScopes: [`/subscriptions/${ids.DEFAULT_SUBSCRIPTION_ID}`],
    },
    github: {
      claims: {
        sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        repository: 'octo-org/octo-repo',
        repository_owner: 'octo-org',
        repository_id: '123456789',
        repository_owner_id: '987654',
        ref: 'refs/heads/main',
        ref_type: 'branch',
        event_name: 'push',
        workflow: 'exo-automation',
        actor: 'octocat',
        run_id: '1',
        run_attempt: '1',
        job_workflow_ref: 'octo-org/octo-repo/.github/workflows/exo.yml@refs/heads/main',
      },
      requestToken: 'sim-request-' + randomUUID(),
      comments: {},
      nextCommentId: 1000,
    },
    arm: {},
    graph: {
      servicePrincipals: [servicePrincipalFromApp(exo), servicePrincipalFromApp(graphApp), deployerSp],
      appRoleAssignments: [],
      roleDefinitions: builtinRoleDefinitions(),
      roleAssignments: [],
      firstPartyApps: firstPartyApps(),
    },
    gallery: gallery(),
    config: { ...DEFAULT_CONFIG },
  };
}
