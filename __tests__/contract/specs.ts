// Loads the saved Azure swaggers (../shared/azure-specs/arm) with swagger-parser and indexes
// their operations by method + path template + api-version, with each operation's response
// schemas fully dereferenced. Nothing here is hand-written schema: the one adaptation is for the
// resource-group excerpt, whose refs point into the unsaved resources.json (see loadExcerpt).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';

export const SPECS_DIR = resolve(process.env.AZURE_SPECS_DIR ?? join(process.cwd(), '..', 'shared', 'azure-specs'));
export const ARM_DIR = join(SPECS_DIR, 'arm');
export const GRAPH_DIR = join(SPECS_DIR, 'graph');

const AUTOMATION = 'automation/resource-manager/Microsoft.Automation/stable';
export const SWAGGERS = [
  `${AUTOMATION}/2024-10-23/account.json`,
  `${AUTOMATION}/2024-10-23/module.json`,
  `${AUTOMATION}/2024-10-23/runtimeEnvironment.json`,
  `${AUTOMATION}/2024-10-23/package.json`,
  `${AUTOMATION}/2024-10-23/runbook.json`,
  `${AUTOMATION}/2024-10-23/job.json`,
  `${AUTOMATION}/2024-10-23/variable.json`,
  `${AUTOMATION}/2024-10-23/schedule.json`,
  `${AUTOMATION}/2024-10-23/jobSchedule.json`,
  `${AUTOMATION}/2023-11-01/powershell72Module.json`,
  'msi/resource-manager/Microsoft.ManagedIdentity/stable/2024-11-30/ManagedIdentity.json',
  'resources/resource-manager/Microsoft.Resources/stable/2025-04-01/resourcegroups.paths.excerpt.json',
];

export interface SpecResponse {
  description?: string;
  schema?: any;
  headers?: Record<string, unknown>;
}

export interface SpecOperation {
  method: string;
  /** path template as the swagger spells it */
  path: string;
  apiVersion: string;
  operationId: string;
  /** swagger file, relative to arm/ */
  swagger: string;
  lro: boolean;
  produces: string[];
  consumes: string[];
  /** parameters of the path item and the operation, dereferenced */
  parameters: any[];
  /** x-ms-pageable: the property naming the next page (null: one page only), absent when not pageable */
  nextLinkName?: string | null;
  /** status code (or 'default') -> response, schemas dereferenced */
  responses: Record<string, SpecResponse>;
  /** example files named by x-ms-examples, relative to arm/ (saved or not) */
  examples: string[];
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

/** The api-version of a swagger: info.version, or the path segment for the excerpt (no info). */
function apiVersionOf(file: string, doc: any): string {
  return doc.info?.version ?? /\/(\d{4}-\d{2}-\d{2}(?:-preview)?)\//.exec(file)?.[1] ?? 'unknown';
}

/**
 * x-ms-examples $refs name example files, most of which were not saved; swagger-parser would try
 * to resolve them. Collect their paths and drop the refs before dereferencing.
 */
function takeExamples(doc: any, file: string): Map<string, string[]> {
  const byOp = new Map<string, string[]>();
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const refs = Object.values<any>(op['x-ms-examples'] ?? {}).map((e) => join(dirname(file), e.$ref));
      byOp.set(`${m} ${path}`, refs);
      delete op['x-ms-examples'];
    }
  }
  return byOp;
}

/**
 * The resource-group file is an excerpt of resources.json: its `#/definitions` and
 * `#/parameters` refs point into that file. Complete it so that it resolves: the saved
 * `ResourceGroup_UNVERIFIED_HEAD` is `ResourceGroup` (its head is marked unverified in the
 * excerpt); `CloudError` is the common-types v5 ErrorResponse ({error: ErrorDetail}, the shape
 * resources.json builds from v1); the two parameters are the common-types ones.
 */
function completeExcerpt(doc: any): any {
  const common = '../../../../../common-types/resource-management/v5/types.json';
  doc.swagger ??= '2.0';
  doc.info ??= { title: 'ResourceManagementClient (excerpt)', version: '2025-04-01' };
  doc.definitions ??= {};
  if (!doc.definitions.ResourceGroup && doc.definitions.ResourceGroup_UNVERIFIED_HEAD) {
    doc.definitions.ResourceGroup = doc.definitions.ResourceGroup_UNVERIFIED_HEAD;
  }
  // resources.json: CloudError = {error: common-types v1 ErrorResponse (flat code/message/...)}.
  // v1 is not saved; v5's ErrorResponse is exactly that wrapper ({error: ErrorDetail}).
  doc.definitions.CloudError ??= { $ref: `${common}#/definitions/ErrorResponse` };
  doc.parameters ??= {};
  doc.parameters.ApiVersionParameter ??= { $ref: `${common}#/parameters/ApiVersionParameter` };
  doc.parameters.SubscriptionIdParameter ??= { $ref: `${common}#/parameters/SubscriptionIdParameter` };
  for (const k of Object.keys(doc)) if (k.startsWith('_')) delete doc[k];
  return doc;
}

/** An example (or facts) file under arm/, parsed. */
export function readExample(file: string): any {
  const abs = join(ARM_DIR, file);
  if (!existsSync(abs)) throw new Error(`example not saved: ${abs}`);
  return JSON.parse(readFileSync(abs, 'utf8'));
}

export async function loadSwagger(file: string): Promise<SpecOperation[]> {
  const abs = join(ARM_DIR, file);
  if (!existsSync(abs)) throw new Error(`swagger not found: ${abs} (set AZURE_SPECS_DIR)`);
  let doc = JSON.parse(readFileSync(abs, 'utf8'));
  if (file.endsWith('.excerpt.json')) doc = completeExcerpt(doc);
  const examples = takeExamples(doc, file);
  const apiVersion = apiVersionOf(file, doc);
  const deref: any = await SwaggerParser.dereference(abs, doc, { dereference: { circular: true } } as any);
  const ops: SpecOperation[] = [];
  for (const [path, item] of Object.entries<any>(deref.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      ops.push({
        method: m.toUpperCase(),
        path,
        apiVersion,
        operationId: op.operationId,
        swagger: file,
        lro: op['x-ms-long-running-operation'] === true,
        produces: op.produces ?? deref.produces ?? ['application/json'],
        consumes: op.consumes ?? deref.consumes ?? ['application/json'],
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])],
        ...(op['x-ms-pageable'] ? { nextLinkName: op['x-ms-pageable'].nextLinkName ?? null } : {}),
        responses: op.responses ?? {},
        examples: examples.get(`${m} ${path}`) ?? [],
      });
    }
  }
  return ops;
}

let cache: Promise<SpecOperation[]> | undefined;

export function loadAllSwaggers(): Promise<SpecOperation[]> {
  cache ??= Promise.all(SWAGGERS.map(loadSwagger)).then((lists) => lists.flat());
  return cache;
}

/** A path template as a case-insensitive regular expression; `{x}` matches one or more segments only for resourceUri/scope. */
export function templateRegex(template: string): RegExp {
  const body = template
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m) return ['resourceUri', 'scope'].includes(m[1]) ? '.+' : '[^/]+';
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}$`, 'i');
}

export function findOperation(ops: SpecOperation[], operationId: string, apiVersion?: string): SpecOperation {
  const op = ops.find((o) => o.operationId === operationId && (!apiVersion || o.apiVersion === apiVersion));
  if (!op) throw new Error(`operation ${operationId} (${apiVersion ?? 'any version'}) not found in the saved swaggers`);
  return op;
}
