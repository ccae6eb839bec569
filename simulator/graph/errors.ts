// Microsoft Graph's error answers, in one place. Texts come from azure-specs/graph/errors.json
// and public observations of real responses; the ones marked UNVERIFIED are the simulator's best
// reading where no real response was found (clients must key on `code`, never on `message`).
import { graphError } from '../http-error.js';

/** Directory: an object that does not exist, or has not replicated yet (errors.json). */
export const notFound = (id: string) =>
  graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const denied = (message = 'Insufficient privileges to complete the operation.') =>
  graphError(403, 'Authorization_RequestDenied', message);

export const badRequest = (message: string, code = 'Request_BadRequest') => graphError(400, code, message);

export const invalidObjectId = (id: string) =>
  graphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);

export const invalidProperty = (prop: string, resource: string) =>
  graphError(400, 'Request_BadRequest', `Invalid value specified for property '${prop}' of resource '${resource}'.`);

export const segmentNotFound = (segment: string) =>
  graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const methodNotAllowed = () =>
  graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

/** Third-party observed (errors.json duplicateAppRoleAssignment), with the trailing period of the README. */
export const duplicateAppRoleAssignment = () =>
  graphError(400, 'Request_BadRequest', 'Permission being assigned already exists on the object.');

/**
 * A write naming an object Graph has not replicated yet (a managed identity created moments
 * before): 400 Request_BadRequest with this text, and a later try succeeds. Body observed in
 * MicrosoftDocs/azure-compute-docs articles/service-fabric/service-fabric-cluster-creation-setup-aad.md
 * (commit 1a043fb3a20b0f90dff80bad2dd8cbdff8984386, "Configuration changes haven't propagated");
 * the same text for a just-created managed identity in microsoftgraph/msgraph-bicep-types issue 193,
 * microsoft-graph-docs-contrib issue 1407 (an Automation account identity) and microsoft-graph-docs 9738.
 */
export const notValidReferenceUpdate = () => graphError(400, 'Request_BadRequest', 'Not a valid reference update.');

export const appRoleNotFound = () =>
  graphError(400, 'Request_BadRequest', 'Permission being assigned was not found on application.');

/** Third-party observed (errors.json duplicateDirectoryRoleAssignment). */
export const conflictingObject = () =>
  graphError(
    400,
    'Request_BadRequest',
    'A conflicting object with one or more of the specified property values is present in the directory.',
  );

/** Observed (terraform-provider-azuread output): POST /servicePrincipals for an appId that already has one. */
export const servicePrincipalExists = (appId: string) =>
  graphError(
    409,
    'Request_MultipleObjectsWithSameKeyValue',
    `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
  );

/** Observed: POST /servicePrincipals for an appId with no application behind it. */
export function noBackingApplication(appId: string) {
  const message = `The appId '${appId}' of the service principal does not reference a valid application object.`;
  const e = graphError(400, 'Request_BadRequest', message);
  (e.body as any).error.details = [{ code: 'NoBackingApplicationObject', message, target: 'appId' }];
  return e;
}

/** Observed (Azure CLI tests): Application.ReadWrite.OwnedBy cannot instantiate another tenant's app. */
export const ownedByForeignApp = () =>
  denied(
    'When using this permission, the backing application of the service principal being created must in the local tenant',
  );

/** UNVERIFIED text: the docs only say the list needs $filter, and users report a 400 without one. */
export const roleAssignmentFilterRequired = () =>
  graphError(
    400,
    'Request_UnsupportedQuery',
    "A $filter on 'principalId' or 'roleDefinitionId' is required to list roleAssignments.",
  );

export const unsupportedFilterProperty = (prop: string, resource: string) =>
  graphError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${prop}' of resource '${resource}'.`,
  );

/** The simulator's own answer to a query option it does not implement. */
export const unsupportedQueryOption = (option: string) =>
  graphError(400, 'Request_UnsupportedQuery', `Query option '${option}' is not supported by this simulator.`);

export const unknownProperty = (prop: string, type: string) =>
  graphError(400, 'BadRequest', `Could not find a property named '${prop}' on type 'microsoft.graph.${type}'.`);

export const unknownSelectProperty = (prop: string, type: string) =>
  graphError(
    400,
    'BadRequest',
    `Parsing OData Select and Expand failed: Could not find a property named '${prop}' on type 'microsoft.graph.${type}'.`,
  );

/** Directory objects answer $count only with the ConsistencyLevel: eventual header. */
export const countNeedsEventual = () => graphError(400, 'Request_BadRequest', '$count is not currently supported.');
