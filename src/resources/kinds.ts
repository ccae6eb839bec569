// Kind names as they appear in the plan (CONTRACT.md section 3).
export const RESOURCE_GROUP = 'resource-group';
export const USER_ASSIGNED_IDENTITY = 'user-assigned-identity';
export const AUTOMATION_ACCOUNT = 'automation-account';
export const RUNTIME_ENVIRONMENT = 'runtime-environment';
export const PACKAGE = 'package';
export const EXCHANGE_SERVICE_PRINCIPAL = 'exchange-service-principal';
export const APP_ROLE_ASSIGNMENT = 'app-role-assignment';
export const DIRECTORY_ROLE_ASSIGNMENT = 'directory-role-assignment';
/** reserved for src/resources/runbooks.ts */
export const RUNBOOK = 'runbook';
/** resource-type vm: the VM's identity (src/resources/vm.ts) */
export const VM = 'vm';
/** resource-type vm: ExchangeOnlineManagement on the VM through Run Command (src/resources/vm-module.ts) */
export const VM_MODULE = 'vm-module';
