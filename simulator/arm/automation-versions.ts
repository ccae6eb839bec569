// Automation answers in the shape of the api-version a client asked for. Fields that an older
// version does not define are left out (azure-specs README section 1, "History"): an account's
// `identity` exists from 2020-01-13-preview on, a runbook's `runtimeEnvironment` from
// 2023-05-15-preview on (runtime environments first appear there).
import type { ArmResource } from '../types.js';
import { view } from './common.js';

/** api-versions sort as text (YYYY-MM-DD[-preview]). */
const ACCOUNT_IDENTITY_FROM = '2020-01-13-preview';
const RUNBOOK_RUNTIME_ENVIRONMENT_FROM = '2023-05-15-preview';

export function accountView(r: ArmResource, apiVersion: string): Record<string, unknown> {
  const body = view(r);
  if (apiVersion < ACCOUNT_IDENTITY_FROM) delete body.identity;
  return body;
}

export function runbookView(r: ArmResource, apiVersion: string): Record<string, unknown> {
  const body = view(r);
  if (apiVersion < RUNBOOK_RUNTIME_ENVIRONMENT_FROM && body.properties) {
    const { runtimeEnvironment: _dropped, ...properties } = body.properties as Record<string, unknown>;
    body.properties = properties;
  }
  return body;
}
