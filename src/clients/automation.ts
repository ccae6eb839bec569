// Microsoft.Automation at api-version 2024-10-23 (account identity, runtime environments and
// packages exist only from there on; @azure/arm-automation is pinned to 2015-2018).
import type { ArmReader, ArmResponse, ArmWriter } from './arm.js';

export const AUTOMATION_API_VERSION = '2024-10-23';

export interface AccountIdentity {
  type?: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

export interface AutomationAccount {
  id: string;
  name: string;
  location: string;
  identity?: AccountIdentity;
  properties?: { state?: string; sku?: { name: string } };
}

export interface RuntimeEnvironment {
  id: string;
  name: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: {
    runtime?: { language?: string; version?: string };
    defaultPackages?: Record<string, string>;
    description?: string;
  };
}

export interface AutomationPackage {
  id: string;
  name: string;
  properties?: {
    provisioningState?: string;
    version?: string;
    error?: { code?: string; message?: string } | null;
    contentLink?: { uri?: string; version?: string };
    isDefault?: boolean;
  };
}

/** Variable (variable.json): `value` is JSON-encoded and absent for an encrypted variable. */
export interface AutomationVariable {
  id?: string;
  name: string;
  properties?: { value?: string | null; isEncrypted?: boolean | null; description?: string | null };
}

export interface AccountRef {
  subscriptionId: string;
  resourceGroup: string;
  account: string;
}

export function accountPath(ref: AccountRef): string {
  return (
    `/subscriptions/${ref.subscriptionId}/resourceGroups/${encodeURIComponent(ref.resourceGroup)}` +
    `/providers/Microsoft.Automation/automationAccounts/${encodeURIComponent(ref.account)}`
  );
}

const V = AUTOMATION_API_VERSION;
const seg = encodeURIComponent;

export class AutomationClient {
  constructor(protected readonly arm: ArmWriter) {}

  getAccount(ref: AccountRef): Promise<AutomationAccount | undefined> {
    return this.arm.get<AutomationAccount>(accountPath(ref), V);
  }
  listRuntimeEnvironments(ref: AccountRef): Promise<RuntimeEnvironment[]> {
    return this.arm.list<RuntimeEnvironment>(`${accountPath(ref)}/runtimeEnvironments`, V);
  }
  listPackages(ref: AccountRef, environment: string): Promise<AutomationPackage[]> {
    return this.arm.list<AutomationPackage>(`${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages`, V);
  }
  getRuntimeEnvironment(ref: AccountRef, name: string): Promise<RuntimeEnvironment | undefined> {
    return this.arm.get<RuntimeEnvironment>(`${accountPath(ref)}/runtimeEnvironments/${seg(name)}`, V);
  }
  getPackage(ref: AccountRef, environment: string, name: string): Promise<AutomationPackage | undefined> {
    return this.arm.get<AutomationPackage>(
      `${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages/${seg(name)}`,
      V,
    );
  }
  getRunbook<T = unknown>(ref: AccountRef, name: string): Promise<T | undefined> {
    return this.arm.get<T>(`${accountPath(ref)}/runbooks/${seg(name)}`, V);
  }
  listRunbooks<T = unknown>(ref: AccountRef): Promise<T[]> {
    return this.arm.list<T>(`${accountPath(ref)}/runbooks`, V);
  }
  /** the published script (text/powershell); undefined when there is none (404) */
  getRunbookContent(ref: AccountRef, name: string): Promise<string | undefined> {
    return this.arm.getText(`${accountPath(ref)}/runbooks/${seg(name)}/content`, V);
  }
  /** the draft script (text/powershell); undefined when there is none (404) */
  getRunbookDraftContent(ref: AccountRef, name: string): Promise<string | undefined> {
    return this.arm.getText(`${accountPath(ref)}/runbooks/${seg(name)}/draft/content`, V);
  }

  /** every page (nextLink ...&$skip=100) */
  listSchedules<T = unknown>(ref: AccountRef): Promise<T[]> {
    return this.arm.list<T>(`${accountPath(ref)}/schedules`, V);
  }
  /** every page, one list per run (no per-object reads) */
  listJobSchedules<T = unknown>(ref: AccountRef): Promise<T[]> {
    return this.arm.list<T>(`${accountPath(ref)}/jobSchedules`, V);
  }

  // ---- writes (only WriteClients expose these in their type) ----

  /** Schedule_CreateOrUpdate: 201 / 200 */
  putSchedule<T = unknown>(ref: AccountRef, name: string, body: unknown): Promise<T> {
    return this.arm.put<T>(`${accountPath(ref)}/schedules/${seg(name)}`, V, body);
  }
  /** Schedule_Update: description and isEnabled only */
  patchSchedule<T = unknown>(ref: AccountRef, name: string, body: unknown): Promise<T> {
    return this.arm.patch<T>(`${accountPath(ref)}/schedules/${seg(name)}`, V, body);
  }
  deleteSchedule(ref: AccountRef, name: string): Promise<boolean> {
    return this.arm.delete(`${accountPath(ref)}/schedules/${seg(name)}`, V);
  }
  /** JobSchedule_Create: 201 only, a client-chosen GUID; no PATCH */
  putJobSchedule<T = unknown>(ref: AccountRef, id: string, body: unknown): Promise<T> {
    return this.arm.put<T>(`${accountPath(ref)}/jobSchedules/${seg(id)}`, V, body);
  }
  deleteJobSchedule(ref: AccountRef, id: string): Promise<boolean> {
    return this.arm.delete(`${accountPath(ref)}/jobSchedules/${seg(id)}`, V);
  }

  putAccount(ref: AccountRef, body: unknown): Promise<AutomationAccount> {
    return this.arm.put<AutomationAccount>(accountPath(ref), V, body);
  }
  patchAccount(ref: AccountRef, body: unknown): Promise<AutomationAccount> {
    return this.arm.patch<AutomationAccount>(accountPath(ref), V, body);
  }
  putRuntimeEnvironment(ref: AccountRef, name: string, body: unknown): Promise<RuntimeEnvironment> {
    return this.arm.put<RuntimeEnvironment>(`${accountPath(ref)}/runtimeEnvironments/${seg(name)}`, V, body);
  }
  putPackage(ref: AccountRef, environment: string, name: string, body: unknown): Promise<AutomationPackage> {
    return this.arm.put<AutomationPackage>(
      `${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages/${seg(name)}`,
      V,
      body,
    );
  }
  deletePackage(ref: AccountRef, environment: string, name: string): Promise<boolean> {
    return this.arm.delete(`${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages/${seg(name)}`, V);
  }
  putRunbook<T = unknown>(ref: AccountRef, name: string, body: unknown): Promise<T> {
    return this.arm.put<T>(`${accountPath(ref)}/runbooks/${seg(name)}`, V, body);
  }
  /** Runbook_Update: tags (replaced whole) and a few properties */
  patchRunbook<T = unknown>(ref: AccountRef, name: string, body: unknown): Promise<T> {
    return this.arm.patch<T>(`${accountPath(ref)}/runbooks/${seg(name)}`, V, body);
  }
  /** text/powershell body; 202 + Location, polled by core-lro */
  uploadDraftContent(ref: AccountRef, name: string, script: string): Promise<ArmResponse> {
    return this.arm.lro('PUT', `${accountPath(ref)}/runbooks/${seg(name)}/draft/content`, V, script, 'text/powershell');
  }
  /** POST, 202 + Location, polled by core-lro */
  publishRunbook(ref: AccountRef, name: string): Promise<ArmResponse> {
    return this.arm.lro('POST', `${accountPath(ref)}/runbooks/${seg(name)}/publish`, V);
  }
  deleteRunbook(ref: AccountRef, name: string): Promise<boolean> {
    return this.arm.delete(`${accountPath(ref)}/runbooks/${seg(name)}`, V);
  }

  // ---- variables (variable.json; PUT 200/201, PATCH value/description, DELETE 200) ----

  listVariables(ref: AccountRef): Promise<AutomationVariable[]> {
    return this.arm.list<AutomationVariable>(`${accountPath(ref)}/variables`, V);
  }
  putVariable(ref: AccountRef, name: string, body: unknown): Promise<AutomationVariable> {
    return this.arm.put<AutomationVariable>(`${accountPath(ref)}/variables/${seg(name)}`, V, body);
  }
  patchVariable(ref: AccountRef, name: string, body: unknown): Promise<AutomationVariable> {
    return this.arm.patch<AutomationVariable>(`${accountPath(ref)}/variables/${seg(name)}`, V, body);
  }
  deleteVariable(ref: AccountRef, name: string): Promise<boolean> {
    return this.arm.delete(`${accountPath(ref)}/variables/${seg(name)}`, V);
  }

  // ---- test jobs of a runbook's draft (smoke test; added by the smoke-test helper) ----

  /** body `{parameters?, runOn?, runtimeEnvironment?}` (flat, no `properties`); 201, then poll getTestJob */
  putTestJob<T = unknown>(ref: AccountRef, runbook: string, body: unknown): Promise<T> {
    return this.arm.put<T>(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob`, V, body);
  }
  getTestJob<T = unknown>(ref: AccountRef, runbook: string): Promise<T | undefined> {
    return this.arm.get<T>(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob`, V);
  }
  /** summaries only; read each record's text with getTestJobStream */
  listTestJobStreams<T = unknown>(ref: AccountRef, runbook: string): Promise<T[]> {
    return this.arm.list<T>(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob/streams`, V);
  }
  getTestJobStream<T = unknown>(ref: AccountRef, runbook: string, streamId: string): Promise<T | undefined> {
    return this.arm.get<T>(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob/streams/${seg(streamId)}`, V);
  }
  /** POST, 200 */
  stopTestJob(ref: AccountRef, runbook: string): Promise<ArmResponse> {
    return this.arm.lro('POST', `${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob/stop`, V);
  }
}

export type AutomationReader = Pick<
  AutomationClient,
  | 'getAccount'
  | 'listRuntimeEnvironments'
  | 'listPackages'
  | 'getRuntimeEnvironment'
  | 'getPackage'
  | 'getRunbook'
  | 'listRunbooks'
  | 'getRunbookContent'
  | 'getRunbookDraftContent'
  | 'getTestJob'
  | 'listTestJobStreams'
  | 'getTestJobStream'
  | 'listSchedules'
  | 'listJobSchedules'
  | 'listVariables'
>;

/** ARM reads used by the engine beyond Automation (resource groups). */
export const RESOURCES_API_VERSION = '2025-04-01';

export function resourceGroupPath(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${encodeURIComponent(name)}`;
}

export type { ArmReader };
