// Replays one ARM contract case against the simulator and checks the answer: status declared by
// the example or the swagger, body valid against the swagger's schema for that status (or, for
// Compute, which has no saved swagger, structurally like the example), declared headers present,
// and the final state of LROs and state machines validated the same way.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/server.js';
import { followLro, pollUntil, send, TERMINAL_JOB, TERMINAL_PROVISIONING, type HttpResult } from './http.js';
import { SchemaValidator, undeclaredProperties } from './schema.js';
import { Seeder, SeedError } from './seed.js';
import { ARM_DIR, type SpecOperation } from './specs.js';
import { structuralErrors } from './structural.js';

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

export function caseTitle(c: ArmCase): string {
  const base = c.example ? c.example.split('/').pop()! : `(no example) ${c.operationId}`;
  return `${c.operationId} ${c.apiVersion} <- ${base}${c.variant ? ` [${c.variant}]` : ''}`;
}

export function operationKey(op: Pick<SpecOperation, 'method' | 'path' | 'apiVersion'>): string {
  return `${op.method} ${op.path} (${op.apiVersion})`;
}

export function readExample(file: string): any {
  const abs = join(ARM_DIR, file);
  if (!existsSync(abs)) throw new Error(`example not saved: ${abs}`);
  return JSON.parse(readFileSync(abs, 'utf8'));
}

const validator = new SchemaValidator();

/** Builds the request from the operation's parameters and the example's (or synthetic) values. */
function buildRequest(c: Ctx, op: SpecOperation, p: Params, kase: ArmCase) {
  const path =
    kase.path?.(c, p) ??
    op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = name === 'subscriptionId' ? c.sim.subscriptionId : p[name];
      if (v === undefined) throw new Error(`no value for path parameter ${name}`);
      return encodeURIComponent(String(v));
    });
  // api-version null = omitted (error cases)
  const q = new URLSearchParams(p['api-version'] === null ? {} : { 'api-version': p['api-version'] ?? op.apiVersion });
  for (const prm of op.parameters) {
    if (prm.in === 'query' && prm.name !== 'api-version' && p[prm.name] !== undefined)
      q.set(prm.name, String(p[prm.name]));
  }
  const bodyParam = op.parameters.find((x) => x.in === 'body');
  const body = kase.body ? kase.body(c, p) : bodyParam ? p[bodyParam.name] : undefined;
  return { path, url: `${path}?${q.toString()}`, body, contentType: op.consumes[0] };
}

function declaredStatuses(op: SpecOperation, example: any): string[] {
  const spec = Object.keys(op.responses).filter((k) => k !== 'default');
  const ex = Object.keys(example?.responses ?? {});
  return [...new Set([...ex, ...spec])].sort();
}

/** Validates one answer against the op's response for its status. */
function checkBody(
  op: SpecOperation,
  r: HttpResult,
  out: { errors: string[]; warnings: string[]; notes: string[] },
  label: string,
  structural?: unknown,
  required?: string[],
): void {
  // Error answers validate against the operation's `default` (error) response.
  const resp = op.responses[String(r.status)] ?? (r.status >= 400 ? op.responses.default : undefined);
  for (const h of Object.keys(resp?.headers ?? {})) {
    if (r.headers[h.toLowerCase()] === undefined)
      out.errors.push(`${label}: declared header '${h}' missing on ${r.status}`);
  }
  if (structural !== undefined) {
    if (r.json === undefined)
      out.errors.push(
        `${label}: expected a JSON body, got content-type '${r.headers['content-type'] ?? ''}' body '${r.text.slice(0, 120)}'`,
      );
    else {
      const warnings: string[] = [];
      out.errors.push(...structuralErrors(structural, r.json, '', warnings, { required }).map((e) => `${label}: ${e}`));
      out.warnings.push(...[...new Set(warnings)].map((w) => `${label}: ${w}`));
    }
    return;
  }
  const schema = resp?.schema;
  if (!schema) {
    if (r.text.length > 0 && r.status !== 200)
      out.notes.push(`${label}: ${r.status} has a body but the swagger declares none`);
    return;
  }
  if (schema.type === 'file') {
    // `type: file` is any payload (e.g. the draft-content LRO's final 200): nothing to validate
    out.notes.push(
      `${label}: swagger schema is 'file' (any payload); content-type '${r.headers['content-type'] ?? ''}', ${r.text.length} bytes`,
    );
    return;
  }
  const textual = op.produces.find((t) => !/json/i.test(t));
  let body: unknown;
  if (textual && schema.type === 'string') {
    const ct = r.headers['content-type'] ?? '';
    if (!ct.toLowerCase().startsWith(textual))
      out.errors.push(`${label}: content-type '${ct}', the swagger produces '${textual}'`);
    body = r.text;
  } else {
    if (r.json === undefined) {
      out.errors.push(
        `${label}: expected a JSON body (content-type '${r.headers['content-type'] ?? ''}'), got '${r.text.slice(0, 120)}'`,
      );
      return;
    }
    body = r.json;
  }
  const res = validator.check(schema, body);
  out.errors.push(...res.errors.map((e) => `${label}: schema: ${e}`));
  out.warnings.push(...res.warnings.map((w) => `${label}: ${w}`));
  const extra = undeclaredProperties(schema, body);
  if (extra.length) out.warnings.push(`${label}: properties not in the swagger: ${extra.join(', ')}`);
}

function getOp(c: Ctx, operationId: string, apiVersion: string): SpecOperation {
  const op = c.ops.find((o) => o.operationId === operationId && o.apiVersion === apiVersion);
  if (!op) throw new Error(`operation ${operationId} ${apiVersion} is not in the saved swaggers`);
  return op;
}

export async function runArmCase(c: Ctx, kase: ArmCase): Promise<CaseResult> {
  const op = getOp(c, kase.operationId, kase.apiVersion);
  const example = kase.example ? readExample(kase.example) : undefined;
  const out: CaseResult = {
    title: caseTitle(kase),
    example: kase.example,
    operationKey: operationKey(op),
    ok: false,
    declared: kase.expectStatus ? [String(kase.expectStatus)] : declaredStatuses(op, example),
    errors: [],
    warnings: [],
    notes: kase.note ? [kase.note] : [],
  };
  try {
    let p: Params = { ...(example?.parameters ?? kase.params ?? {}) };
    if (example && p['api-version'] && p['api-version'] !== kase.apiVersion) {
      out.notes.push(`replayed at api-version ${kase.apiVersion}; the example is of ${p['api-version']}`);
      p['api-version'] = kase.apiVersion;
    }
    const overrides = await kase.prepare?.(c, p);
    if (kase.paging) c.sim.sim.state.config.pageSize = 1;
    if (overrides) p = { ...p, ...overrides };
    const req = buildRequest(c, op, p, kase);
    checkRequest(op, req.body, out);
    const r = await send(c.sim, {
      method: op.method,
      url: req.url,
      token: c.token,
      body: req.body,
      contentType: req.contentType,
    });
    out.status = r.status;
    if (!out.declared.includes(String(r.status))) {
      out.errors.push(
        `${op.method} ${req.path}: status ${r.status} is not declared (declared: ${out.declared.join(', ')}); body: ${r.text.slice(0, 400)}`,
      );
      return finish(out);
    }
    const structural = structuralExpectation(kase, example, String(r.status));
    checkBody(op, r, out, `${r.status}`, structural, kase.required);
    checkExampleHeaders(example, r, out);
    checkResourceId(op, req.path, r, out);
    if (structural === undefined) checkExampleShape(kase, example, r, out);
    if (kase.expectCode) {
      const body: any = r.json;
      const code = body?.error?.code ?? body?.code;
      if (code !== kase.expectCode) out.errors.push(`error code '${code}', expected '${kase.expectCode}'`);
    }
    if (kase.gatewayError) checkGatewayError(kase.gatewayError, r, out);
    if (kase.paging) await followPages(c, op, r, kase.paging, out);
    if (kase.alsoLike) {
      const [file, pointer] = kase.alsoLike;
      const like = pointer.split('.').reduce((o: any, k) => o?.[k], readExample(file));
      if (like === undefined) throw new Error(`${file} has no ${pointer}`);
      out.errors.push(...structuralErrors(like, r.json).map((e) => `like ${file.split('/').pop()} ${pointer}: ${e}`));
    }
    await followUp(c, kase, op, req.path, r, out);
  } catch (e) {
    out.errors.push(e instanceof SeedError ? e.message : `harness: ${(e as Error).stack ?? e}`);
  }
  return finish(out);
}

/**
 * The request itself must follow the swagger (body parameter schema, request direction: no
 * read-only properties), so a case cannot pass by sending something the action never could.
 * Example requests are Microsoft's; a violation there is reported as the example's.
 */
function checkRequest(op: SpecOperation, body: unknown, out: CaseResult): void {
  const schema = op.parameters.find((x) => x.in === 'body')?.schema;
  if (!schema || body === undefined || typeof body === 'string' || schema.type === 'file' || schema.format === 'file')
    return;
  const res = validator.check(schema, body, 'request');
  out.errors.push(...res.errors.map((e) => `request body against the swagger: ${e}`));
  out.warnings.push(...res.warnings.map((w) => `request body: ${w}`));
}

const LRO_FACTS = 'arm-lro-and-errors.facts.json';

function isAsyncPoll(first: HttpResult, poll: HttpResult): boolean {
  const a = first.headers['azure-asyncoperation'];
  return a !== undefined && poll.url === new URL(a).toString();
}

/**
 * The ARM async rules of arm-lro-and-errors.facts.json: operation URLs are absolute;
 * Retry-After is whole seconds; a Location poll answers 202 without a body while running;
 * an Azure-AsyncOperation poll always answers 200 with an operation-status body whose
 * `status` ends Succeeded, Failed or Canceled (shape as the facts' operationStatusBody).
 */
function checkLroRules(first: HttpResult, polls: HttpResult[], out: CaseResult): void {
  const statusBody = readExample(LRO_FACTS).asyncRules.operationStatusBody;
  for (const r of [first, ...polls]) {
    for (const h of ['location', 'azure-asyncoperation']) {
      const v = r.headers[h];
      if (v === undefined) continue;
      let ok = false;
      try {
        ok = new URL(v).protocol === 'https:';
      } catch {
        ok = false;
      }
      if (!ok) out.errors.push(`${r.status} ${h} header is not an absolute https URI: '${v}'`);
    }
    const ra = r.headers['retry-after'];
    if (ra !== undefined && !/^\d+$/.test(ra)) out.errors.push(`${r.status} Retry-After '${ra}' is not whole seconds`);
  }
  for (const p of polls) {
    if (isAsyncPoll(first, p)) {
      if (p.status !== 200) out.errors.push(`Azure-AsyncOperation poll answered ${p.status}, the RPC says always 200`);
      const warnings: string[] = [];
      out.errors.push(
        ...structuralErrors(statusBody, p.json, '', warnings, { required: ['/status'] }).map(
          (e) => `operation status: ${e}`,
        ),
      );
      out.warnings.push(...new Set(warnings.map((w) => `operation status: ${w}`)));
    } else if (p.status === 202 && p.text.length > 0) {
      out.errors.push(
        `Location poll answered 202 with a body ('${p.text.slice(0, 80)}'); the RPC says no body while running`,
      );
    }
  }
  const last = polls.filter((p) => isAsyncPoll(first, p)).at(-1);
  if (last && !['Succeeded', 'Failed', 'Canceled'].includes((last.json as any)?.status)) {
    out.errors.push(
      `Azure-AsyncOperation ended with status '${(last.json as any)?.status}', not Succeeded/Failed/Canceled`,
    );
  }
}

/** An observed ARM gateway error (arm-lro-and-errors.facts.json): status, code, headers and message wording. */
function checkGatewayError(code: string, r: HttpResult, out: CaseResult): void {
  const facts = readExample(LRO_FACTS).observedGatewayErrors as any[];
  const f = facts.find((x) => (x.code ?? x.body?.error?.code) === code);
  if (!f) throw new Error(`${LRO_FACTS} has no observed gateway error ${code}`);
  const body: any = r.json;
  if (r.status !== f.status) out.errors.push(`gateway error ${code}: status ${r.status}, observed ${f.status}`);
  if (body?.error?.code !== code)
    out.errors.push(`gateway error ${code}: body ${r.text.slice(0, 200)} is not {error:{code:'${code}'}}`);
  for (const [h, v] of Object.entries<string>(f.headers ?? {})) {
    if (r.headers[h.toLowerCase()] !== v)
      out.errors.push(`gateway error ${code}: header ${h} '${r.headers[h.toLowerCase()] ?? ''}', observed '${v}'`);
  }
  // The wording: the observed message (or template) with names as wildcards; the aka.ms suffix is optional (older logs lack it).
  const template: string = f.messageTemplate ?? f.body.error.message;
  const HOLE = '\u0000';
  let t = template.replace(/\. For more details please go to https:\/\/aka\.ms\/ARMResourceNotFoundFix$/, '');
  // {placeholders} of a template, or the quoted names of an observed message, match any name
  t = /\{\w+\}/.test(t) ? t.replace(/\{\w+\}/g, HOLE) : t.replace(/'[^']*'/g, `'${HOLE}'`);
  const pattern = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(HOLE, "[^']+");
  const re = new RegExp(`^${pattern}(\\. For more details please go to https://aka\\.ms/ARMResourceNotFoundFix)?$`);
  const message = body?.error?.message ?? '';
  if (!re.test(message))
    out.errors.push(`gateway error ${code}: message '${message}' does not follow the observed wording '${template}'`);
}

/**
 * Beyond the schema: properties the example's body shows but the answer lacks are warnings
 * (they are optional in the swagger), except `shapeRequired` paths, which the action relies on.
 */
function checkExampleShape(kase: ArmCase, example: any, r: HttpResult, out: CaseResult): void {
  const body = example?.responses?.[String(r.status)]?.body;
  if (body === undefined || body === null || typeof body !== 'object' || r.json === undefined) return;
  const warnings: string[] = [];
  const errors = structuralErrors(body, r.json, '', warnings, { required: kase.shapeRequired ?? [] });
  out.errors.push(...errors.map((e) => `like the example: ${e}`));
  out.warnings.push(...[...new Set(warnings)].map((w) => `like the example: ${w}`));
}

/** x-ms-pageable: every page validates, nextLink is an absolute URL, all seeded items arrive once. */
async function followPages(
  c: Ctx,
  op: SpecOperation,
  first: HttpResult,
  expected: number,
  out: CaseResult,
): Promise<void> {
  const name = op.nextLinkName;
  if (!name) throw new Error(`${op.operationId} is not x-ms-pageable with a nextLinkName`);
  const ids: string[] = [];
  let page = first;
  for (let i = 0; i < 50; i++) {
    const body: any = page.json;
    ids.push(...(body?.value ?? []).map((v: any) => String(v?.id ?? v?.name)));
    const next = body?.[name];
    if (next === undefined || next === null) break;
    try {
      if (new URL(next).protocol !== 'https:') throw new Error('not https');
    } catch {
      out.errors.push(`page ${i + 1}: ${name} '${next}' is not an absolute https URL`);
      return;
    }
    page = await send(c.sim, { method: 'GET', url: next, token: c.token });
    if (page.status !== 200) {
      out.errors.push(`page ${i + 2}: GET ${name} answered ${page.status}: ${page.text.slice(0, 200)}`);
      return;
    }
    checkBody(op, page, out, `page ${i + 2}`);
  }
  out.notes.push(`paging: ${ids.length} item(s) over the pages`);
  if (new Set(ids).size !== ids.length) out.errors.push(`paging: an item came twice: ${ids.join(', ')}`);
  if (ids.length < expected) out.errors.push(`paging: ${ids.length} item(s) arrived, ${expected} were seeded`);
}

/** Headers the example shows for this status (Location on a 202, the text content types) must be sent. */
function checkExampleHeaders(example: any, r: HttpResult, out: CaseResult): void {
  const headers: Record<string, string> = example?.responses?.[String(r.status)]?.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    const got = r.headers[name.toLowerCase()];
    if (got === undefined) out.errors.push(`${r.status}: header '${name}' (shown by the example) is missing`);
    else if (name.toLowerCase() === 'content-type' && !got.toLowerCase().startsWith(String(value).toLowerCase())) {
      out.errors.push(`${r.status}: content-type '${got}', the example shows '${value}'`);
    }
  }
}

/** ARM RPC: a resource's `id` is its URL path (compared case-insensitively). */
function checkResourceId(op: SpecOperation, path: string, r: HttpResult, out: CaseResult): void {
  const body: any = r.json;
  if (!['GET', 'PUT', 'PATCH'].includes(op.method) || r.status >= 300 || typeof body?.id !== 'string') return;
  if (body.id.toLowerCase() !== decodeURIComponent(path).toLowerCase()) {
    out.errors.push(`${r.status}: id '${body.id}' is not the resource's path '${decodeURIComponent(path)}'`);
  }
}

/** Compute has no saved swagger: the example's body for that status is the expectation. */
function structuralExpectation(kase: ArmCase, example: any, status: string): unknown {
  if (!kase.operationId.startsWith('VirtualMachines_')) return undefined;
  if (kase.expectExample) return readExample(kase.expectExample.file).responses?.[kase.expectExample.status]?.body;
  // undefined when the example has no body for this status (e.g. a 202): nothing to compare
  return example?.responses?.[status]?.body;
}

async function followUp(
  c: Ctx,
  kase: ArmCase,
  op: SpecOperation,
  path: string,
  first: HttpResult,
  out: CaseResult,
): Promise<void> {
  const url = `${path}?api-version=${op.apiVersion}`;
  switch (kase.then) {
    case 'lro': {
      if (first.status !== 202) return;
      if (!first.headers.location && !first.headers['azure-asyncoperation']) {
        out.errors.push('202 without Location or Azure-AsyncOperation header');
        return;
      }
      const polls = await followLro(c.sim, first, c.token);
      checkLroRules(first, polls, out);
      const last = polls.filter((x) => !isAsyncPoll(first, x)).at(-1) ?? polls.at(-1)!;
      out.notes.push(`LRO: ${polls.length} poll(s), final ${last.status}`);
      const finals = Object.keys(op.responses).filter((k) => k !== 'default' && k !== '202');
      const allowed = finals.length ? finals : ['200', '204'];
      if (!allowed.includes(String(last.status))) {
        out.errors.push(`LRO final answer ${last.status} (allowed: ${allowed.join(', ')}): ${last.text.slice(0, 300)}`);
        return;
      }
      const fin = kase.finalExample
        ? readExample(kase.finalExample.file).responses?.[kase.finalExample.status]?.body
        : undefined;
      checkBody(
        op,
        last,
        out,
        `LRO final ${last.status}`,
        kase.operationId.startsWith('VirtualMachines_') ? (fin ?? null) : undefined,
        kase.required,
      );
      return;
    }
    case 'provisioning':
    case 'job':
    case 'testJob': {
      const getId = {
        provisioning: op.operationId.replace(/_CreateOrUpdate$|_Create$/, '_Get'),
        job: 'Job_Get',
        testJob: 'TestJob_Get',
      }[kase.then];
      const getOp_ = getOp(c, getId, op.apiVersion);
      const done =
        kase.then === 'provisioning'
          ? (b: any) => TERMINAL_PROVISIONING.includes(b?.properties?.provisioningState)
          : kase.then === 'job'
            ? (b: any) => TERMINAL_JOB.includes(b?.properties?.status)
            : (b: any) => TERMINAL_JOB.includes(b?.status);
      const last = await pollUntil(c.sim, url, c.token, done, `${kase.then} of ${path}`);
      if (last.status !== 200) {
        out.errors.push(`polling GET ${path} answered ${last.status}: ${last.text.slice(0, 300)}`);
        return;
      }
      const b: any = last.json;
      const state =
        kase.then === 'provisioning'
          ? b?.properties?.provisioningState
          : kase.then === 'job'
            ? b?.properties?.status
            : b?.status;
      out.notes.push(
        `terminal state: ${state}${b?.properties?.error?.message ? ` (${b.properties.error.message})` : ''}`,
      );
      checkBody(getOp_, last, out, `final GET (${getId})`);
      return;
    }
    case 'vmProvisioning': {
      if (first.headers['azure-asyncoperation'] || first.headers.location) {
        const polls = await followLro(c.sim, first, c.token);
        checkLroRules(first, polls, out);
        out.notes.push(`async operation: ${polls.length} poll(s)`);
      }
      const last = await pollUntil(
        c.sim,
        url,
        c.token,
        (b) => b?.properties?.provisioningState !== 'Updating',
        `VM update of ${path}`,
      );
      out.notes.push(`terminal provisioningState: ${(last.json as any)?.properties?.provisioningState}`);
      const fin = kase.finalExample
        ? readExample(kase.finalExample.file).responses?.[kase.finalExample.status]?.body
        : null;
      checkBody({ ...op, responses: {} }, last, out, 'final GET', fin, kase.required);
      return;
    }
  }
}

function finish(out: CaseResult): CaseResult {
  out.ok = out.errors.length === 0;
  return out;
}

export function formatResult(r: CaseResult): string {
  const lines = [
    `${r.ok ? 'PASS' : 'FAIL'} ${r.title}`,
    `  operation: ${r.operationKey}`,
    `  status: ${r.status ?? '-'} (declared ${r.declared.join(', ')})`,
  ];
  for (const e of r.errors) lines.push(`  error: ${e}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export { SeedError };
