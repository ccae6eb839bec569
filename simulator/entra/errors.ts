// Entra (AADSTS) error answers of the token and discovery endpoints. Codes and texts come from
// ../shared/azure-specs/entra/token-endpoint-client-credentials.json and from bodies Entra was
// seen to return (quoted in issues of Microsoft's own libraries); the envelope is Entra's:
// {error, error_description: "AADSTSn: text\r\nTrace ID: ..\r\nCorrelation ID: ..\r\nTimestamp: ..", error_codes, ...}.
import { randomUUID } from 'node:crypto';
import { SimHttpError } from '../http-error.js';

export interface AadstsBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** "2019-12-11 02:19:59Z", Entra's timestamp format. */
export function entraTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function aadstsBody(error: string, code: number, text: string, now: number, correlationId?: string): AadstsBody {
  const traceId = randomUUID();
  const correlation = correlationId && /^[0-9a-f-]{36}$/i.test(correlationId) ? correlationId : randomUUID();
  const timestamp = entraTimestamp(now);
  return {
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/** An Entra error a handler throws; `now` and the caller's correlation id go into the body. */
export function aadsts(
  status: number,
  error: string,
  code: number,
  text: string,
  now: number,
  correlationId?: string,
): SimHttpError {
  const body = aadstsBody(error, code, text, now, correlationId);
  return new SimHttpError(status, body, {
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    'x-ms-request-id': body.trace_id,
    'client-request-id': body.correlation_id,
  });
}

const LEARN_WIF = 'https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation';
const FIC_CHECK =
  'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.';

/** The texts, one function per code, so tests and hints can name them. */
export const AADSTS = {
  tenantNotFound: (tenant: string) =>
    [
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ] as const,
  noTenantInfo: () =>
    [
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
    ] as const,
  missingParameter: (name: string) =>
    [900144, `The request body must contain the following parameter: '${name}'.`] as const,
  unsupportedGrant: (grant: string) => [70003, `The app requested an unsupported grant type '${grant}'.`] as const,
  appNotFound: (clientId: string, directory: string) =>
    [
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ] as const,
  invalidScope: (scope: string) =>
    [
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ] as const,
  scopeNotDefault: (scope: string) =>
    [
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ] as const,
  resourceNotFound: (resource: string, tenantName: string) =>
    [
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ] as const,
  missingCredential: () =>
    [7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."] as const,
  malformedJwt: () => [50027, 'JWT token is invalid or malformed.'] as const,
  /** Pre-2023 tenants (config.ficErrors 'legacy'): one code for any mismatch (token-endpoint-client-credentials.json). */
  noMatchingFic: (iss: string, sub: string, aud: string) =>
    [
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud}'. ${LEARN_WIF}`,
    ] as const,
  /** Issuer mismatch, HTTP 401 invalid_client (Azure/login issue 360; full body in Azure/azure-workload-identity issue 1200). */
  ficIssuer: (iss: string) =>
    [
      700211,
      `No matching federated identity record found for presented assertion issuer '${iss}'. ${FIC_CHECK} ${LEARN_WIF}`,
    ] as const,
  /** Subject mismatch, HTTP 401 invalid_client (Azure/login issue 453). */
  ficSubject: (sub: string) =>
    [
      700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. ${FIC_CHECK} ${LEARN_WIF}`,
    ] as const,
  /** The subject matches only ignoring letter case (Azure/login issue 515). */
  ficSubjectCase: (sub: string) =>
    [
      7002138,
      `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
    ] as const,
  /**
   * Audience mismatch: the first sentence is observed (GitLab's and the Azure SDK's troubleshooting
   * pages quote "AADSTS700212: No matching federated identity record found for presented assertion
   * audience '...'"); the sentences after it are CONSTRUCTED by analogy with 700211/700213.
   */
  ficAudience: (aud: string) =>
    [
      700212,
      `No matching federated identity record found for presented assertion audience '${aud}'. ${FIC_CHECK} ${LEARN_WIF}`,
    ] as const,
  badSignature: () => [700027, 'Client assertion failed signature validation.'] as const,
  notInTimeRange: (now: number, nbf: number | undefined, exp: number | undefined) =>
    [
      700024,
      `Client assertion is not within its valid time range. Current time: ${dotnetTime(now)}, assertion valid from ${dotnetTime((nbf ?? 0) * 1000)}, expiry time of assertion ${dotnetTime((exp ?? 0) * 1000)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    ] as const,
  unknownInstance: () => [50049, 'Unknown or invalid instance.'] as const,
};

/** 2024-10-02T22:05:03.6755165Z (.NET round-trip format with 7 fraction digits). */
function dotnetTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
