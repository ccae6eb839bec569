// The shapes of an ARM contract case and its result.
import type { Simulator } from '../../simulator/server.js';
import type { Seeder } from './seed.js';
import type { SpecOperation } from './specs.js';

export type Params = Record<string, any>;

export interface Ctx {
  sim: Simulator;
  token: string;
  seed: Seeder;
  ops: SpecOperation[];
}

export type After = 'lro' | 'provisioning' | 'job' | 'testJob' | 'vmProvisioning';

export interface ArmCase {
  /** example file relative to arm/, or undefined for a synthetic (schema-only) request */
  example?: string;
  /** short label for a variant of the same example (e.g. the action's real body) */
  variant?: string;
  operationId: string;
  apiVersion: string;
  /** synthetic cases: the request parameters, in the example file's format */
  params?: Params;
  /** seeds what the request needs; may return parameter overrides (e.g. a stream id) */
  prepare?: (c: Ctx, p: Params) => Promise<Params | void>;
  /** replaces the request body */
  body?: (c: Ctx, p: Params) => unknown;
  /** replaces the request path (without query) */
  path?: (c: Ctx, p: Params) => string;
  then?: After;
  /** for structural (no-swagger) cases: the example whose body the final state must match */
  finalExample?: { file: string; status: string };
  /** swagger cases: paths of the example's body the answer must have (others missing are warnings) */
  shapeRequired?: string[];
  /** x-ms-pageable list: seed this many items with the page size 1, follow every nextLink, validate each page */
  paging?: number;
  /** an error case: the status the service answers (body checked against the `default` schema) */
  expectStatus?: number;
  /** the error code the answer must carry (ARM wrapped {error:{code}} or Automation flat {code}) */
  expectCode?: string;
  /** an ARM gateway error of arm-lro-and-errors.facts.json observedGatewayErrors (by code): status, code, headers, message template */
  gatewayError?: string;
  /** an extra structural expectation from a facts file: [file relative to arm/, dot path to the body] */
  alsoLike?: [string, string];
  /** for structural (no-swagger) cases: paths that must be present; other missing example properties are warnings */
  required?: string[];
  /** for structural (no-swagger) cases: the example body the first answer must match (default: this example, same status) */
  expectExample?: { file: string; status: string };
  note?: string;
}

export interface CaseResult {
  title: string;
  example?: string;
  operationKey: string;
  ok: boolean;
  status?: number;
  declared: string[];
  errors: string[];
  warnings: string[];
  notes: string[];
}
