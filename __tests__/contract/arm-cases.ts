// One case per saved ARM example of an operation the action uses (azure-specs README section 2),
// plus variants with the action's real request bodies and synthetic requests for used operations
// that have no saved example. Seeds use the example's own names (resource group, account, ...);
// only the subscription is the simulator's.
import { seedVm as seedSimVm } from '../../simulator/arm/index.js';
import { COMPUTE_EXAMPLES } from './compute.js';
import { readExample, type ArmCase, type Ctx, type Params } from './runner.js';
import { V } from './seed.js';

const AA = 'automation/resource-manager/Microsoft.Automation/stable/2024-10-23/examples';
const PS72 = 'automation/resource-manager/Microsoft.Automation/stable/2023-11-01/examples';
const MSI = 'msi/resource-manager/Microsoft.ManagedIdentity/stable/2024-11-30/examples';
const RG = 'resources/resource-manager/Microsoft.Resources/stable/2025-04-01/examples';

const IDENTITY_FACTS = 'automation/automation-account-identity.facts.json';

// azure-specs README 2.2: the identity's ids come back in the PUT answer right away.
const IDENTITY_IDS = ['/properties/principalId', '/properties/clientId', '/properties/tenantId'];

const rgOf = (p: Params) => p.resourceGroupName as string;
const aaOf = (p: Params) => p.automationAccountName as string;

const seedAccount = async (c: Ctx, p: Params) => {
  await c.seed.account(rgOf(p), aaOf(p));
};

const moduleBody = (example: string) => readExample(example).parameters.parameters;

/** The contentLink the action sends: the simulator's gallery package of ExchangeOnlineManagement. */
const galleryBody = (c: Ctx) => {
  const g = c.seed.galleryUri();
  return { properties: { contentLink: { uri: g.uri, version: g.version } } };
};

async function seedModule(c: Ctx, p: Params, kind: 'modules' | 'powerShell72Modules') {
  await seedAccount(c, p);
  const example =
    kind === 'modules' ? `${AA}/createOrUpdateModule.json` : `${PS72}/createOrUpdatePowerShell72Module.json`;
  const v = kind === 'modules' ? V.aa : V.ps72;
  await c.seed.importable(
    `${c.seed.aaPath(rgOf(p), aaOf(p))}/${kind}/${encodeURIComponent(p.moduleName)}`,
    v,
    moduleBody(example),
    `${kind} ${p.moduleName}`,
  );
}

async function seedPackage(c: Ctx, p: Params) {
  await c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName);
  const path = `${c.seed.aaPath(rgOf(p), aaOf(p))}/runtimeEnvironments/${encodeURIComponent(p.runtimeEnvironmentName)}/packages/${encodeURIComponent(p.packageName)}`;
  await c.seed.importable(
    path,
    V.aa,
    moduleBody(`${AA}/package/createOrUpdatePackage.json`),
    `package ${p.packageName}`,
  );
}

// A VM's example properties depend on its configuration (availability set, user data, ...);
// what every VM answer carries, and what the action reads, must be there.
const VM_REQUIRED = [
  '/id',
  '/name',
  '/type',
  '/location',
  '/properties',
  '/properties/vmId',
  '/properties/provisioningState',
  '/properties/hardwareProfile',
  '/properties/storageProfile',
  '/properties/osProfile',
  '/identity',
  '/identity/type',
  '/identity/principalId',
  '/identity/tenantId',
];
const RUN_COMMAND_REQUIRED = [
  '/value',
  '/value/*/code',
  '/value/*/level',
  '/value/*/displayStatus',
  '/value/*/message',
];

/** A Windows VM through the simulator's own seeding API (the action never creates VMs). */
async function seedVm(c: Ctx, p: Params) {
  await c.seed.rg(rgOf(p), 'westus');
  seedSimVm(c.sim.sim, { rg: rgOf(p), name: p.vmName, os: 'Windows', location: 'westus' });
}

async function listFirstStreamId(c: Ctx, path: string): Promise<string> {
  const { send } = await import('./http.js');
  const r = await send(c.sim, { method: 'GET', url: `${path}?api-version=${V.aa}`, token: c.token });
  const first = (r.json as any)?.value?.[0];
  const id =
    first?.properties?.jobStreamId ??
    String(first?.id ?? '')
      .split('/')
      .pop();
  if (!id) throw new Error(`no stream to read: GET ${path} -> ${r.status} ${r.text.slice(0, 200)}`);
  return id;
}

/** The variable of createOrUpdateVariable.json, under another name when asked. */
const variableBody = (name: string) => ({
  ...readExample(`${AA}/createOrUpdateVariable.json`).parameters.parameters,
  name,
});
const seedVariable = (c: Ctx, p: Params, name: string = p.variableName, body: unknown = variableBody(name)) =>
  c.seed.child(rgOf(p), aaOf(p), `variables/${encodeURIComponent(name)}`, body);

/**
 * The schedule of createOrUpdateSchedule.json with its start and expiry moved ahead of the
 * simulator's clock: Azure refuses a start under 5 minutes ahead, so the example's 2017 times
 * would fail today (the error case below replays them as they are).
 */
const scheduleBody = (c: Ctx, name = 'mySchedule') => {
  const body = structuredClone(readExample(`${AA}/createOrUpdateSchedule.json`).parameters.parameters);
  const now = c.sim.sim.now();
  body.name = name;
  body.properties.startTime = new Date(now + 3600_000).toISOString();
  body.properties.expiryTime = new Date(now + 5 * 86400_000).toISOString();
  return body;
};
const seedSchedule = (c: Ctx, p: Params, name: string = p.scheduleName) =>
  c.seed.child(rgOf(p), aaOf(p), `schedules/${encodeURIComponent(name)}`, scheduleBody(c, name));

/** A published runbook, a schedule and the job schedule linking them (names of createJobSchedule.json). */
async function seedJobSchedule(c: Ctx, p: Params, id: string = p.jobScheduleId, runbook = 'TestRunbook') {
  const example = readExample(`${AA}/createJobSchedule.json`).parameters.parameters;
  const schedule = example.properties.schedule.name;
  await c.seed.runbook(rgOf(p), aaOf(p), runbook, { publish: true });
  await seedSchedule(c, p, schedule);
  const body = { properties: { ...example.properties, runbook: { name: runbook } } };
  return c.seed.child(rgOf(p), aaOf(p), `jobSchedules/${id}`, body);
}
const JS_IDS = ['2f4d8f35-ecd5-44ee-a019-2382fec58fb7', '446f7a33-86ff-45a1-b71c-f998f701b443'];

export const ARM_CASES: ArmCase[] = [
  // Resource groups (Microsoft.Resources 2025-04-01)
  { example: `${RG}/CreateResourceGroup.json`, operationId: 'ResourceGroups_CreateOrUpdate', apiVersion: V.rg },
  {
    operationId: 'ResourceGroups_CheckExistence',
    apiVersion: V.rg,
    variant: 'exists',
    params: { resourceGroupName: 'contract-rg' },
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
  },
  {
    operationId: 'ResourceGroups_CheckExistence',
    apiVersion: V.rg,
    variant: 'absent',
    params: { resourceGroupName: 'contract-rg-absent' },
    // A route that does not exist also answers 404: seed a sibling so the route is proven to exist.
    prepare: async (c) => c.seed.rg('contract-rg'),
  },
  {
    operationId: 'ResourceGroups_Get',
    apiVersion: V.rg,
    params: { resourceGroupName: 'contract-rg' },
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
  },
  {
    operationId: 'ResourceGroups_Delete',
    apiVersion: V.rg,
    params: { resourceGroupName: 'contract-rg' },
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
    then: 'lro',
  },

  // User-assigned and system-assigned identities (Microsoft.ManagedIdentity 2024-11-30)
  {
    example: `${MSI}/IdentityCreate.json`,
    operationId: 'UserAssignedIdentities_CreateOrUpdate',
    shapeRequired: IDENTITY_IDS,
    apiVersion: V.msi,
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
  },
  {
    example: `${MSI}/IdentityGet.json`,
    operationId: 'UserAssignedIdentities_Get',
    shapeRequired: IDENTITY_IDS,
    apiVersion: V.msi,
    prepare: async (c, p) => void (await c.seed.identity(rgOf(p), p.resourceName)),
  },
  {
    example: `${MSI}/IdentityUpdate.json`,
    operationId: 'UserAssignedIdentities_Update',
    shapeRequired: IDENTITY_IDS,
    apiVersion: V.msi,
    prepare: async (c, p) => void (await c.seed.identity(rgOf(p), p.resourceName)),
  },
  {
    example: `${MSI}/IdentityDelete.json`,
    operationId: 'UserAssignedIdentities_Delete',
    apiVersion: V.msi,
    prepare: async (c, p) => void (await c.seed.identity(rgOf(p), p.resourceName)),
  },
  {
    example: `${MSI}/SystemAssignedIdentityGet.json`,
    operationId: 'SystemAssignedIdentities_GetByScope',
    shapeRequired: IDENTITY_IDS,
    apiVersion: V.msi,
    note: 'scope = an Automation account with a system-assigned identity; path spelled /{scope}/providers/Microsoft.ManagedIdentity/identities/default (azure-specs README 2.2)',
    prepare: async (c) => void (await c.seed.account('rg', 'contract-sysid-account', { type: 'SystemAssigned' })),
    path: (c) =>
      `${c.seed.aaPath('rg', 'contract-sysid-account')}/providers/Microsoft.ManagedIdentity/identities/default`,
  },

  // Automation accounts (2024-10-23)
  {
    example: `${AA}/createOrUpdateAutomationAccount.json`,
    operationId: 'AutomationAccount_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
  },
  {
    example: `${AA}/getAutomationAccount.json`,
    operationId: 'AutomationAccount_Get',
    apiVersion: V.aa,
    prepare: seedAccount,
  },
  {
    example: `${AA}/updateAutomationAccount.json`,
    operationId: 'AutomationAccount_Update',
    apiVersion: V.aa,
    prepare: seedAccount,
  },
  {
    example: `${AA}/updateAutomationAccount.json`,
    variant: 'identity SystemAssigned (automation-account-identity.facts.json)',
    operationId: 'AutomationAccount_Update',
    apiVersion: V.aa,
    prepare: seedAccount,
    body: () => ({ identity: { type: 'SystemAssigned' } }),
    alsoLike: [IDENTITY_FACTS, 'enableSystemAssigned.responseBodyExcerpt_asPrintedInDocs'],
  },
  {
    example: `${AA}/updateAutomationAccount.json`,
    variant: 'identity SystemAssigned, UserAssigned',
    operationId: 'AutomationAccount_Update',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await seedAccount(c, p);
      await c.seed.identity(rgOf(p), 'contract-uami');
    },
    body: (c, p) => ({
      identity: {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: {
          [`${c.seed.rgPath(rgOf(p))}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contract-uami`]: {},
        },
      },
    }),
  },
  {
    operationId: 'AutomationAccount_Delete',
    apiVersion: V.aa,
    params: { resourceGroupName: 'rg', automationAccountName: 'contract-delete-me' },
    prepare: seedAccount,
  },

  // Modules for PowerShell 5.1 (2024-10-23): async by provisioningState
  {
    example: `${AA}/createOrUpdateModule.json`,
    operationId: 'Module_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: seedAccount,
    then: 'provisioning',
  },
  {
    example: `${AA}/createOrUpdateModule.json`,
    variant: 'gallery contentLink (the action’s request)',
    operationId: 'Module_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await seedAccount(c, p);
      return { moduleName: 'ExchangeOnlineManagement' };
    },
    body: galleryBody,
    then: 'provisioning',
  },
  {
    example: `${AA}/getModule.json`,
    operationId: 'Module_Get',
    apiVersion: V.aa,
    prepare: (c, p) => seedModule(c, p, 'modules'),
  },
  {
    example: `${AA}/listModulesByAutomationAccount.json`,
    operationId: 'Module_ListByAutomationAccount',
    apiVersion: V.aa,
    prepare: (c, p) => seedModule(c, { ...p, moduleName: 'OmsCompositeResources' }, 'modules'),
  },
  {
    example: `${AA}/deleteModule.json`,
    operationId: 'Module_Delete',
    apiVersion: V.aa,
    prepare: (c, p) => seedModule(c, p, 'modules'),
  },

  // powerShell72Modules (2023-11-01)
  {
    example: `${PS72}/createOrUpdatePowerShell72Module.json`,
    operationId: 'PowerShell72Module_CreateOrUpdate',
    apiVersion: V.ps72,
    prepare: seedAccount,
    then: 'provisioning',
  },
  {
    example: `${PS72}/createOrUpdatePowerShell72Module.json`,
    variant: 'gallery contentLink (the action’s request)',
    operationId: 'PowerShell72Module_CreateOrUpdate',
    apiVersion: V.ps72,
    prepare: async (c, p) => {
      await seedAccount(c, p);
      return { moduleName: 'ExchangeOnlineManagement' };
    },
    body: galleryBody,
    then: 'provisioning',
  },
  {
    example: `${PS72}/getPowerShell72Module.json`,
    operationId: 'PowerShell72Module_Get',
    apiVersion: V.ps72,
    prepare: (c, p) => seedModule(c, p, 'powerShell72Modules'),
  },
  {
    example: `${PS72}/listPowerShell72ModulesByAutomationAccount.json`,
    operationId: 'PowerShell72Module_ListByAutomationAccount',
    apiVersion: V.ps72,
    prepare: (c, p) => seedModule(c, { ...p, moduleName: 'OmsCompositeResources' }, 'powerShell72Modules'),
  },
  {
    operationId: 'PowerShell72Module_Delete',
    apiVersion: V.ps72,
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'myAutomationAccount33',
      moduleName: 'OmsCompositeResources',
    },
    prepare: (c, p) => seedModule(c, p, 'powerShell72Modules'),
  },

  // Runtime environments and packages (2024-10-23)
  {
    example: `${AA}/runtimeEnvironment/createRuntimeEnvironment.json`,
    operationId: 'RuntimeEnvironments_Create',
    apiVersion: V.aa,
    prepare: seedAccount,
  },
  {
    example: `${AA}/runtimeEnvironment/getRuntimeEnvironment.json`,
    operationId: 'RuntimeEnvironments_Get',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName),
  },
  {
    example: `${AA}/runtimeEnvironment/listRuntimeEnvironmentsByAutomationAccount.json`,
    operationId: 'RuntimeEnvironments_ListByAutomationAccount',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), 'myRuntimeEnvironmentName'),
  },
  {
    operationId: 'RuntimeEnvironments_Update',
    apiVersion: V.aa,
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'myAutomationAccount9',
      runtimeEnvironmentName: 'contract-re',
      parameters: { properties: { defaultPackages: { Az: '12.3.0' } } },
    },
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName),
  },
  {
    operationId: 'RuntimeEnvironments_Delete',
    apiVersion: V.aa,
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'myAutomationAccount9',
      runtimeEnvironmentName: 'contract-re',
    },
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName),
  },
  {
    example: `${AA}/package/createOrUpdatePackage.json`,
    operationId: 'Package_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName),
    then: 'provisioning',
  },
  {
    example: `${AA}/package/createOrUpdatePackage.json`,
    variant: 'gallery contentLink (the action’s request)',
    operationId: 'Package_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName);
      return { packageName: 'ExchangeOnlineManagement' };
    },
    body: galleryBody,
    then: 'provisioning',
  },
  { example: `${AA}/package/getPackage.json`, operationId: 'Package_Get', apiVersion: V.aa, prepare: seedPackage },
  {
    example: `${AA}/package/listPackagesByRuntimeEnvironment.json`,
    operationId: 'Package_ListByRuntimeEnvironment',
    apiVersion: V.aa,
    prepare: (c, p) => seedPackage(c, { ...p, packageName: 'OmsCompositeResources' }),
  },
  {
    operationId: 'Package_Delete',
    apiVersion: V.aa,
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'myAutomationAccount33',
      runtimeEnvironmentName: 'runtimeEnvironmentName',
      packageName: 'OmsCompositeResources',
    },
    prepare: seedPackage,
  },

  // Runbooks, draft content, publish (2024-10-23)
  {
    example: `${AA}/runbook/createRunbookAsDraft.json`,
    operationId: 'Runbook_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.parameters.properties.runtimeEnvironment),
  },
  {
    example: `${AA}/runbook/createOrUpdateRunbook.json`,
    operationId: 'Runbook_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.parameters.properties.runtimeEnvironment),
  },
  {
    example: `${AA}/runbook/getRunbook.json`,
    operationId: 'Runbook_Get',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
  },
  {
    operationId: 'Runbook_ListByAutomationAccount',
    apiVersion: V.aa,
    params: { resourceGroupName: 'rg', automationAccountName: 'ContoseAutomationAccount' },
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), 'Get-AzureVMTutorial'),
  },
  {
    operationId: 'Runbook_Delete',
    apiVersion: V.aa,
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'ContoseAutomationAccount',
      runbookName: 'contract-delete-me',
    },
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
  },
  {
    example: `${AA}/runbook/getRunbookContent.json`,
    operationId: 'Runbook_GetContent',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName, { publish: true }),
  },
  {
    example: `${AA}/runbook/replaceRunbookDraftContent.json`,
    operationId: 'RunbookDraft_ReplaceContent',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
    then: 'lro',
  },
  {
    example: `${AA}/runbook/getRunbookDraftContent.json`,
    operationId: 'RunbookDraft_GetContent',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
  },
  {
    example: `${AA}/runbook/getRunbookDraft.json`,
    operationId: 'RunbookDraft_Get',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
  },
  {
    example: `${AA}/runbook/publishRunbook.json`,
    operationId: 'Runbook_Publish',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
    then: 'lro',
  },

  // Test jobs (2024-10-23)
  {
    example: `${AA}/runbook/createTestJob.json`,
    operationId: 'TestJob_Create',
    apiVersion: V.aa,
    prepare: (c, p) =>
      c.seed.runbook(rgOf(p), aaOf(p), p.runbookName, { runtimeEnvironment: p.parameters.runtimeEnvironment }),
    then: 'testJob',
  },
  {
    example: `${AA}/runbook/getTestJob.json`,
    operationId: 'TestJob_Get',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await c.seed.testJob(rgOf(p), aaOf(p), p.runbookName)),
  },
  {
    example: `${AA}/runbook/listTestJobStreamsByJob.json`,
    operationId: 'TestJobStreams_ListByTestJob',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await c.seed.testJob(rgOf(p), aaOf(p), p.runbookName)),
  },
  {
    example: `${AA}/runbook/getTestJobStream.json`,
    operationId: 'TestJobStreams_Get',
    apiVersion: V.aa,
    note: 'jobStreamId = the first stream the simulator lists for the test job',
    prepare: async (c, p) => {
      await c.seed.testJob(rgOf(p), aaOf(p), p.runbookName);
      return {
        jobStreamId: await listFirstStreamId(
          c,
          `${c.seed.aaPath(rgOf(p), aaOf(p))}/runbooks/${p.runbookName}/draft/testJob/streams`,
        ),
      };
    },
  },

  // Jobs (2024-10-23)
  {
    example: `${AA}/job/createJob.json`,
    operationId: 'Job_Create',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.parameters.properties.runbook.name, { publish: true }),
    then: 'job',
  },
  {
    example: `${AA}/job/getJob.json`,
    operationId: 'Job_Get',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await c.seed.job(rgOf(p), aaOf(p), p.jobName)),
  },
  {
    example: `${AA}/job/getJobOutput.json`,
    operationId: 'Job_GetOutput',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await c.seed.job(rgOf(p), aaOf(p), p.jobName)),
  },
  {
    example: `${AA}/job/listJobStreamsByJob.json`,
    operationId: 'JobStream_ListByJob',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await c.seed.job(rgOf(p), aaOf(p), p.jobName)),
  },
  {
    example: `${AA}/job/getJobStream.json`,
    operationId: 'JobStream_Get',
    apiVersion: V.aa,
    note: 'jobStreamId = the first stream the simulator lists for the job',
    prepare: async (c, p) => {
      await c.seed.job(rgOf(p), aaOf(p), p.jobName);
      return {
        jobStreamId: await listFirstStreamId(c, `${c.seed.aaPath(rgOf(p), aaOf(p))}/jobs/${p.jobName}/streams`),
      };
    },
  },

  // Variables (2024-10-23)
  {
    example: `${AA}/createOrUpdateVariable.json`,
    operationId: 'Variable_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: seedAccount,
  },
  {
    example: `${AA}/createOrUpdateVariable.json`,
    variant: 'existing variable (200)',
    operationId: 'Variable_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedVariable(c, p)),
  },
  {
    example: `${AA}/createOrUpdateVariable.json`,
    variant: 'encrypted: the answer carries no value',
    operationId: 'Variable_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: seedAccount,
    body: () => ({ name: 'sampleVariable', properties: { value: '"secret"', isEncrypted: true } }),
  },
  {
    example: `${AA}/getVariable.json`,
    operationId: 'Variable_Get',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedVariable(c, p)),
  },
  {
    example: `${AA}/updateVariable_patch.json`,
    operationId: 'Variable_Update',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedVariable(c, p)),
  },
  {
    example: `${AA}/deleteVariable.json`,
    operationId: 'Variable_Delete',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedVariable(c, p)),
  },
  {
    example: `${AA}/listVariables_Next100.json`,
    operationId: 'Variable_ListByAutomationAccount',
    apiVersion: V.aa,
    note: 'the example passes $skip=100, which the operation does not declare; replayed without it',
    prepare: async (c, p) => {
      for (const n of ['sampleVariable9', 'sampleVariable90']) await seedVariable(c, p, n);
    },
  },
  {
    example: `${AA}/listVariables_Next100.json`,
    variant: 'paging',
    operationId: 'Variable_ListByAutomationAccount',
    apiVersion: V.aa,
    paging: 3,
    prepare: async (c, p) => {
      for (const n of ['v-1', 'v-2', 'v-3']) await seedVariable(c, p, n);
    },
  },

  // Schedules (2024-10-23)
  {
    example: `${AA}/createOrUpdateSchedule.json`,
    variant: 'start and expiry moved ahead of the clock',
    operationId: 'Schedule_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: seedAccount,
    body: (c) => scheduleBody(c),
  },
  {
    example: `${AA}/createOrUpdateSchedule.json`,
    variant: 'existing schedule (200)',
    operationId: 'Schedule_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedSchedule(c, p)),
    body: (c) => scheduleBody(c),
  },
  {
    example: `${AA}/createOrUpdateSchedule.json`,
    variant: 'weekly in Europe/Amsterdam with weekDays (the desired-state file’s form)',
    operationId: 'Schedule_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: seedAccount,
    body: (c) => ({
      name: 'mySchedule',
      properties: {
        startTime: new Date(c.sim.sim.now() + 2 * 86400_000).toISOString(),
        frequency: 'Week',
        interval: 1,
        timeZone: 'Europe/Amsterdam',
        advancedSchedule: { weekDays: ['Monday', 'Thursday'] },
      },
    }),
  },
  {
    example: `${AA}/createOrUpdateSchedule.json`,
    variant: 'error: the example’s own 2017 start (Azure/ResourceModules#2216)',
    operationId: 'Schedule_CreateOrUpdate',
    apiVersion: V.aa,
    prepare: seedAccount,
    expectStatus: 400,
    expectCode: 'BadRequest',
  },
  {
    example: `${AA}/getSchedule.json`,
    operationId: 'Schedule_Get',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedSchedule(c, p)),
  },
  {
    example: `${AA}/updateSchedule.json`,
    operationId: 'Schedule_Update',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedSchedule(c, p)),
  },
  {
    example: `${AA}/deleteSchedule.json`,
    operationId: 'Schedule_Delete',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedSchedule(c, p)),
  },
  {
    operationId: 'Schedule_ListByAutomationAccount',
    apiVersion: V.aa,
    note: 'the list examples (100 items each) were not saved (azure-specs facts file, notSavedExamples)',
    params: { resourceGroupName: 'rg', automationAccountName: 'myAutomationAccount33' },
    prepare: async (c, p) => void (await seedSchedule(c, p, 'mySchedule')),
  },
  {
    operationId: 'Schedule_ListByAutomationAccount',
    apiVersion: V.aa,
    variant: 'paging',
    params: { resourceGroupName: 'rg', automationAccountName: 'myAutomationAccount33' },
    paging: 3,
    prepare: async (c, p) => {
      for (const n of ['s-1', 's-2', 's-3']) await seedSchedule(c, p, n);
    },
  },

  // Job schedules (2024-10-23)
  {
    example: `${AA}/createJobSchedule.json`,
    operationId: 'JobSchedule_Create',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await c.seed.runbook(rgOf(p), aaOf(p), p.parameters.properties.runbook.name, { publish: true });
      await seedSchedule(c, p, p.parameters.properties.schedule.name);
    },
  },
  {
    example: `${AA}/createJobSchedule.json`,
    variant: 'error: the same id again (krnese/AzureDeploy#17)',
    operationId: 'JobSchedule_Create',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedJobSchedule(c, p)),
    expectStatus: 409,
    expectCode: 'Conflict',
  },
  {
    example: `${AA}/getJobSchedule.json`,
    operationId: 'JobSchedule_Get',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedJobSchedule(c, p)),
  },
  {
    example: `${AA}/deleteJobSchedule.json`,
    operationId: 'JobSchedule_Delete',
    apiVersion: V.aa,
    prepare: async (c, p) => void (await seedJobSchedule(c, p)),
  },
  {
    example: `${AA}/listAllJobSchedulesByAutomationAccount.json`,
    operationId: 'JobSchedule_ListByAutomationAccount',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await seedJobSchedule(c, p, JS_IDS[0]);
      await seedJobSchedule(c, p, JS_IDS[1], 'OtherRunbook');
    },
  },
  {
    example: `${AA}/listAllJobSchedulesByAutomationAccount.json`,
    variant: "$filter=properties/runbook/name eq 'TestRunbook'",
    operationId: 'JobSchedule_ListByAutomationAccount',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await seedJobSchedule(c, p, JS_IDS[0]);
      await seedJobSchedule(c, p, JS_IDS[1], 'OtherRunbook');
      return { $filter: "properties/runbook/name eq 'TestRunbook'" };
    },
  },
  {
    example: `${AA}/listAllJobSchedulesByAutomationAccount.json`,
    variant: 'paging',
    operationId: 'JobSchedule_ListByAutomationAccount',
    apiVersion: V.aa,
    paging: 2,
    prepare: async (c, p) => {
      await seedJobSchedule(c, p, JS_IDS[0]);
      await seedJobSchedule(c, p, JS_IDS[1], 'OtherRunbook');
    },
  },

  // Jobs list with $filter (job.json 2024-10-23; clause forms of Az.Automation, facts file)
  {
    example: `${AA}/job/listJobsByAutomationAccount.json`,
    operationId: 'Job_ListByAutomationAccount',
    apiVersion: V.aa,
    note: 'the example passes jobName, which the operation does not declare',
    prepare: async (c, p) => void (await c.seed.job(rgOf(p), aaOf(p), 'job1', 'TestRunbook')),
  },
  {
    example: `${AA}/job/listJobsByAutomationAccount.json`,
    variant: "$filter=properties/runbook/name eq 'TestRunbook' and properties/startTime ge <time>",
    operationId: 'Job_ListByAutomationAccount',
    apiVersion: V.aa,
    prepare: async (c, p) => {
      await c.seed.job(rgOf(p), aaOf(p), 'job1', 'TestRunbook');
      const since = new Date(c.sim.sim.now() - 3600_000).toISOString().replace('Z', '0000Z');
      return { $filter: `properties/runbook/name eq 'TestRunbook' and properties/startTime ge ${since}` };
    },
  },
  {
    example: `${AA}/job/listJobsByAutomationAccount.json`,
    variant: 'paging',
    operationId: 'Job_ListByAutomationAccount',
    apiVersion: V.aa,
    paging: 2,
    prepare: async (c, p) => {
      await c.seed.job(rgOf(p), aaOf(p), 'job1', 'TestRunbook');
      await c.seed.job(rgOf(p), aaOf(p), 'job2', 'TestRunbook');
    },
  },

  // Virtual machines (Compute 2025-04-01; examples only, structural checks)
  {
    example: COMPUTE_EXAMPLES.get,
    operationId: 'VirtualMachines_Get',
    apiVersion: V.compute,
    prepare: seedVm,
    required: VM_REQUIRED,
  },
  {
    example: COMPUTE_EXAMPLES.update,
    operationId: 'VirtualMachines_Update',
    apiVersion: V.compute,
    prepare: seedVm,
    required: VM_REQUIRED,
    then: 'vmProvisioning',
    finalExample: { file: COMPUTE_EXAMPLES.get, status: '200' },
  },
  {
    example: COMPUTE_EXAMPLES.update,
    variant: 'identity SystemAssigned (vm-identity-and-runcommand.facts.json)',
    operationId: 'VirtualMachines_Update',
    apiVersion: V.compute,
    prepare: seedVm,
    body: () => ({ identity: { type: 'SystemAssigned' } }),
    // Only identity changes: the answer must look like the VM of VirtualMachine_Get.json.
    expectExample: { file: COMPUTE_EXAMPLES.get, status: '200' },
    // the ARM-wide identity block of an identity PATCH answer (the VM facts give no response body)
    alsoLike: [IDENTITY_FACTS, 'enableSystemAssigned.responseBodyExcerpt_asPrintedInDocs'],
    required: VM_REQUIRED,
    then: 'vmProvisioning',
    finalExample: { file: COMPUTE_EXAMPLES.get, status: '200' },
  },
  {
    example: COMPUTE_EXAMPLES.runCommand,
    operationId: 'VirtualMachines_RunCommand',
    apiVersion: V.compute,
    prepare: seedVm,
    required: RUN_COMMAND_REQUIRED,
    then: 'lro',
    finalExample: { file: COMPUTE_EXAMPLES.runCommand, status: '200' },
  },

  // azure-specs README 3: ARM path segments compare case-insensitively (clients and tools vary)
  {
    example: `${AA}/getAutomationAccount.json`,
    variant: 'lower-case path segments',
    operationId: 'AutomationAccount_Get',
    apiVersion: V.aa,
    prepare: seedAccount,
    path: (c, p) =>
      `/subscriptions/${c.sim.subscriptionId}/resourcegroups/${rgOf(p)}/providers/microsoft.automation/automationaccounts/${aaOf(p)}`,
  },
  {
    example: `${AA}/runbook/getRunbook.json`,
    variant: 'lower-case path segments',
    operationId: 'Runbook_Get',
    apiVersion: V.aa,
    prepare: (c, p) => c.seed.runbook(rgOf(p), aaOf(p), p.runbookName),
    path: (c, p) =>
      `/subscriptions/${c.sim.subscriptionId}/resourcegroups/${rgOf(p)}/providers/microsoft.automation/automationaccounts/${aaOf(p)}/runbooks/${p.runbookName}`,
  },
  {
    example: `${MSI}/IdentityGet.json`,
    variant: 'lower-case path segments',
    operationId: 'UserAssignedIdentities_Get',
    apiVersion: V.msi,
    prepare: async (c, p) => void (await c.seed.identity(rgOf(p), p.resourceName)),
    path: (c, p) =>
      `/subscriptions/${c.sim.subscriptionId}/resourcegroups/${rgOf(p)}/providers/microsoft.managedidentity/userassignedidentities/${p.resourceName}`,
  },

  // x-ms-pageable lists the action reads, with the page size 1: nextLink followed to the end
  {
    example: `${AA}/runtimeEnvironment/listRuntimeEnvironmentsByAutomationAccount.json`,
    variant: 'paging',
    operationId: 'RuntimeEnvironments_ListByAutomationAccount',
    apiVersion: V.aa,
    paging: 3,
    prepare: async (c, p) => {
      for (const re of ['re-1', 're-2', 're-3']) await c.seed.runtimeEnvironment(rgOf(p), aaOf(p), re);
    },
  },
  {
    example: `${AA}/package/listPackagesByRuntimeEnvironment.json`,
    variant: 'paging',
    operationId: 'Package_ListByRuntimeEnvironment',
    apiVersion: V.aa,
    paging: 2,
    prepare: async (c, p) => {
      await seedPackage(c, { ...p, packageName: 'OmsCompositeResources' });
      await seedPackage(c, { ...p, packageName: 'Second' });
    },
  },
  {
    operationId: 'Runbook_ListByAutomationAccount',
    apiVersion: V.aa,
    variant: 'paging',
    params: { resourceGroupName: 'rg', automationAccountName: 'ContoseAutomationAccount' },
    paging: 3,
    prepare: async (c, p) => {
      for (const rb of ['rb-1', 'rb-2', 'rb-3']) await c.seed.runbook(rgOf(p), aaOf(p), rb);
    },
  },
  {
    example: `${AA}/job/listJobStreamsByJob.json`,
    variant: 'paging',
    operationId: 'JobStream_ListByJob',
    apiVersion: V.aa,
    paging: 2,
    prepare: async (c, p) => void (await c.seed.job(rgOf(p), aaOf(p), p.jobName)),
  },

  // Error answers the action handles, validated against the operation's `default` response
  {
    operationId: 'ResourceGroups_Get',
    apiVersion: V.rg,
    variant: 'error: absent resource group',
    params: { resourceGroupName: 'contract-rg-absent' },
    prepare: async (c) => c.seed.rg('contract-rg'),
    expectStatus: 404,
    expectCode: 'ResourceGroupNotFound',
    gatewayError: 'ResourceGroupNotFound',
  },
  {
    operationId: 'UserAssignedIdentities_Get',
    apiVersion: V.msi,
    variant: 'error: absent identity',
    params: { resourceGroupName: 'rgName', resourceName: 'contract-absent' },
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
    expectStatus: 404,
    expectCode: 'ResourceNotFound',
  },
  {
    operationId: 'AutomationAccount_Get',
    apiVersion: V.aa,
    variant: 'error: absent account',
    params: { resourceGroupName: 'rg', automationAccountName: 'contract-absent' },
    prepare: async (c, p) => c.seed.rg(rgOf(p)),
    expectStatus: 404,
    expectCode: 'ResourceNotFound',
  },
  {
    operationId: 'AutomationAccount_Get',
    apiVersion: V.aa,
    variant: 'error: missing api-version',
    params: { resourceGroupName: 'rg', automationAccountName: 'contract-account', 'api-version': null },
    prepare: seedAccount,
    expectStatus: 400,
    expectCode: 'MissingApiVersionParameter',
  },
  {
    operationId: 'Runbook_Get',
    apiVersion: V.aa,
    variant: 'error: absent runbook',
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'ContoseAutomationAccount',
      runbookName: 'contract-absent',
    },
    prepare: seedAccount,
    expectStatus: 404,
    gatewayError: 'ResourceNotFound',
  },
  {
    operationId: 'RunbookDraft_ReplaceContent',
    apiVersion: V.aa,
    variant: 'error: runbook never created (azure-specs README 3)',
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'ContoseAutomationAccount',
      runbookName: 'contract-absent',
      runbookContent: 'Write-Output 1',
    },
    prepare: seedAccount,
    expectStatus: 404,
    gatewayError: 'ResourceNotFound',
  },
  {
    operationId: 'Module_Get',
    apiVersion: V.aa,
    variant: 'error: absent module',
    params: { resourceGroupName: 'rg', automationAccountName: 'myAutomationAccount33', moduleName: 'contract-absent' },
    prepare: seedAccount,
    expectStatus: 404,
  },
  {
    operationId: 'Package_Get',
    apiVersion: V.aa,
    variant: 'error: absent package',
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'myAutomationAccount33',
      runtimeEnvironmentName: 'contract-re',
      packageName: 'contract-absent',
    },
    prepare: (c, p) => c.seed.runtimeEnvironment(rgOf(p), aaOf(p), p.runtimeEnvironmentName),
    expectStatus: 404,
  },
  {
    operationId: 'Job_Get',
    apiVersion: V.aa,
    variant: 'error: absent job',
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'ContoseAutomationAccount',
      jobName: '6e4b5d7c-0f5a-4c6e-9a64-3d1c2b0a9f8e',
    },
    prepare: seedAccount,
    expectStatus: 404,
  },
  {
    operationId: 'Variable_Get',
    apiVersion: V.aa,
    variant: 'error: absent variable',
    params: { resourceGroupName: 'rg', automationAccountName: 'sampleAccount9', variableName: 'contract-absent' },
    prepare: seedAccount,
    expectStatus: 404,
    expectCode: 'ResourceNotFound',
  },
  {
    operationId: 'Schedule_Get',
    apiVersion: V.aa,
    variant: 'error: absent schedule',
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'myAutomationAccount33',
      scheduleName: 'contract-absent',
    },
    prepare: seedAccount,
    expectStatus: 404,
    expectCode: 'ResourceNotFound',
  },
  {
    operationId: 'JobSchedule_Get',
    apiVersion: V.aa,
    variant: 'error: absent job schedule',
    params: {
      resourceGroupName: 'rg',
      automationAccountName: 'ContoseAutomationAccount',
      jobScheduleId: '6e4b5d7c-0f5a-4c6e-9a64-3d1c2b0a9f8e',
    },
    prepare: seedAccount,
    expectStatus: 404,
    expectCode: 'ResourceNotFound',
  },
];

// The action's @azure/arm-compute sends 2026-04-01, for which azure-specs saved no example:
// the same cases at that version, expectations from the 2025-04-01 examples.
ARM_CASES.push(
  ...ARM_CASES.filter((c) => c.operationId.startsWith('VirtualMachines_')).map((c) => ({
    ...c,
    apiVersion: '2026-04-01',
    variant: [c.variant, 'api-version 2026-04-01 (the action’s SDK)'].filter(Boolean).join('; '),
  })),
);

/** Saved examples deliberately not replayed: operations the action does not use. */
export const OUT_OF_SCOPE: { example: string; why: string }[] = [
  {
    example: `${MSI}/FederatedIdentityCredentialCreate.json`,
    why: 'federated identity credentials: not used by the action (README 2.2 marks them optional)',
  },
  {
    example: `${MSI}/FederatedIdentityCredentialGet.json`,
    why: 'federated identity credentials: not used by the action',
  },
  {
    example: `${MSI}/FederatedIdentityCredentialList.json`,
    why: 'federated identity credentials: not used by the action',
  },
  { example: COMPUTE_EXAMPLES.create, why: 'VM create: the action never creates VMs' },
  {
    example: COMPUTE_EXAMPLES.runCommandsPut,
    why: 'managed runCommands child resource: the action uses the runCommand action',
  },
  {
    example: COMPUTE_EXAMPLES.runCommandsGet,
    why: 'managed runCommands child resource: the action uses the runCommand action',
  },
];
