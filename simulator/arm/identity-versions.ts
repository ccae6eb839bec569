// A user-assigned identity in the shape of the Microsoft.ManagedIdentity api-version a client asked
// for (azure-rest-api-specs msi examples IdentityCreate.json of each version): `isolationScope`
// exists from 2024-11-30 on; 2015-08-31-preview also answers `clientSecretUrl`.
import type { ArmResource } from '../types.js';
import { view } from './common.js';

/** api-versions sort as text (YYYY-MM-DD[-preview]). */
const ISOLATION_SCOPE_FROM = '2024-11-30';

export function identityView(r: ArmResource, apiVersion: string): Record<string, unknown> {
  const body = view(r);
  const properties = { ...(body.properties as Record<string, unknown>) };
  if (apiVersion < ISOLATION_SCOPE_FROM) delete properties.isolationScope;
  if (apiVersion === '2015-08-31-preview') properties.clientSecretUrl = clientSecretUrl(r);
  return { ...body, properties };
}

/** The MSI data-plane URL of the identity's credentials, as in the system identity's answer (identities.ts). */
function clientSecretUrl(r: ArmResource): string {
  const p = r.properties as { tenantId: string; principalId: string; clientId: string };
  const region = String(r.location ?? 'eastus')
    .replace(/\s+/g, '')
    .toLowerCase();
  return `https://control-${region}.identity.azure.net${r.id}/credentials?tid=${p.tenantId}&oid=${p.principalId}&aid=${p.clientId}`;
}
