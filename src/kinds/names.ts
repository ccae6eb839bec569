// Kind names as they appear in the plan (CONTRACT.md section 3).
export const RESOURCE_GROUP = 'resource-group';
export const USER_ASSIGNED_IDENTITY = 'user-assigned-identity';
export const AUTOMATION_ACCOUNT = 'automation-account';
export const RUNTIME_ENVIRONMENT = 'runtime-environment';
export const PACKAGE = 'package';
export const EXCHANGE_SERVICE_PRINCIPAL = 'exchange-service-principal';
export const APP_ROLE_ASSIGNMENT = 'app-role-assignment';
export const DIRECTORY_ROLE_ASSIGNMENT = 'directory-role-assignment';
/** Microsoft Graph application permissions of the identity (input graph-permissions, issue 18) */
export const GRAPH_PERMISSIONS = 'graph-permissions';
/** reserved for src/kinds/runbook/kind.ts */
export const RUNBOOK = 'runbook';
/** the config file's schedules (src/kinds/schedules.ts) */
export const SCHEDULE = 'schedule';
/** the config file's runbook schedules: a runbook bound to a schedule with parameters (src/kinds/job-schedules.ts) */
export const JOB_SCHEDULE = 'job-schedule';
/** Automation variables of the desired-state file (src/kinds/variables.ts, issue 17) */
export const VARIABLE = 'variable';
/** resource-type vm: the VM's identity (src/kinds/vm/kind.ts) */
export const VM = 'vm';
/** resource-type vm: ExchangeOnlineManagement on the VM through Run Command (src/kinds/vm/module.ts) */
export const VM_MODULE = 'vm-module';

// Typed handles on the observations kinds read from each other (ctx.get(OBSERVED.x)); type-only
// imports, so this file stays free of import cycles.
import { kindRef, outputRef } from '../engine/types.js';
import type { ObservedAccount } from './automation-account.js';
import type { ObservedExchangeSp } from './exchange-service-principal.js';
import type { ObservedResourceGroups } from './resource-group.js';
import type { ObservedSchedules } from './schedules.js';
import type { ObservedRuntimeEnvironments } from './runtime-environments.js';
import type { ObservedUserAssignedIdentity } from './user-assigned-identity.js';
import type { ObservedVm } from './vm/kind.js';

export const OBSERVED = {
  resourceGroups: kindRef<ObservedResourceGroups>(RESOURCE_GROUP),
  userAssignedIdentity: kindRef<ObservedUserAssignedIdentity>(USER_ASSIGNED_IDENTITY),
  account: kindRef<ObservedAccount>(AUTOMATION_ACCOUNT),
  runtimeEnvironments: kindRef<ObservedRuntimeEnvironments>(RUNTIME_ENVIRONMENT),
  exchangeSp: kindRef<ObservedExchangeSp>(EXCHANGE_SERVICE_PRINCIPAL),
  vm: kindRef<ObservedVm>(VM),
  schedules: kindRef<ObservedSchedules>(SCHEDULE),
} as const;

/**
 * The identity's ids as the kind holding it produces them (user-assigned identity, account or VM).
 * A system-assigned identity's client id lives on its service principal in Entra: a read the
 * holder starts when it observes the identity, or one that waits for a new identity to replicate,
 * run when the report asks for it.
 */
export interface IdentityOutputs {
  principalId?: string;
  clientId?: string | PromiseLike<string | undefined>;
}

/** The account's (or VM's) outputs: its identity's ids and the location its children take. */
export interface HolderOutputs extends IdentityOutputs {
  location?: string;
}

export interface ExchangeSpOutputs {
  sp?: { id: string; appRoles: { id: string; value: string }[] };
}

export const OUTPUTS = {
  userAssignedIdentity: outputRef<IdentityOutputs>(USER_ASSIGNED_IDENTITY),
  account: outputRef<HolderOutputs>(AUTOMATION_ACCOUNT),
  vm: outputRef<HolderOutputs>(VM),
  exchangeSp: outputRef<ExchangeSpOutputs>(EXCHANGE_SERVICE_PRINCIPAL),
} as const;
