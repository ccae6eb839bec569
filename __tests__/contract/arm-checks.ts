// The checks applied to an ARM answer: swagger schema (or example structure for Compute),
// request body, example headers, resource id, ARM async rules, gateway error wording, paging.
import { send, type HttpResult } from './http.js';
import type { ArmCase, CaseResult, Ctx } from './arm-types.js';
import { SchemaValidator, undeclaredProperties } from './schema.js';
import { readExample, type SpecOperation } from './specs.js';
import { structuralErrors } from './structural.js';

const validator = new SchemaValidator();

/** Validates one answer against the op's response for its status. */
export function checkBody(
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

/**
 * The request itself must follow the swagger (body parameter schema, request direction: no
 * read-only properties), so a case cannot pass by sending something the action never could.
 * Example requests are Microsoft's; a violation there is reported as the example's.
 */
export function checkRequest(op: SpecOperation, body: unknown, out: CaseResult): void {
  const schema = op.parameters.find((x) => x.in === 'body')?.schema;
  if (!schema || body === undefined || typeof body === 'string' || schema.type === 'file' || schema.format === 'file')
    return;
  const res = validator.check(schema, body, 'request');
  out.errors.push(...res.errors.map((e) => `request body against the swagger: ${e}`));
  out.warnings.push(...res.warnings.map((w) => `request body: ${w}`));
}

const LRO_FACTS = 'arm-lro-and-errors.facts.json';

export function isAsyncPoll(first: HttpResult, poll: HttpResult): boolean {
  const a = first.headers['azure-asyncoperation'];
  return a !== undefined && poll.url === new URL(a).toString();
}

/**
 * The ARM async rules of arm-lro-and-errors.facts.json: operation URLs are absolute;
 * Retry-After is whole seconds; a Location poll answers 202 without a body while running;
 * an Azure-AsyncOperation poll always answers 200 with an operation-status body whose
 * `status` ends Succeeded, Failed or Canceled (shape as the facts' operationStatusBody).
 */
export function checkLroRules(first: HttpResult, polls: HttpResult[], out: CaseResult): void {
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
export function checkGatewayError(code: string, r: HttpResult, out: CaseResult): void {
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
export function checkExampleShape(kase: ArmCase, example: any, r: HttpResult, out: CaseResult): void {
  const body = example?.responses?.[String(r.status)]?.body;
  if (body === undefined || body === null || typeof body !== 'object' || r.json === undefined) return;
  const warnings: string[] = [];
  const errors = structuralErrors(body, r.json, '', warnings, { required: kase.shapeRequired ?? [] });
  out.errors.push(...errors.map((e) => `like the example: ${e}`));
  out.warnings.push(...[...new Set(warnings)].map((w) => `like the example: ${w}`));
}

/** x-ms-pageable: every page validates, nextLink is an absolute URL, all seeded items arrive once. */
export async function followPages(
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
export function checkExampleHeaders(example: any, r: HttpResult, out: CaseResult): void {
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
export function checkResourceId(op: SpecOperation, path: string, r: HttpResult, out: CaseResult): void {
  const body: any = r.json;
  if (!['GET', 'PUT', 'PATCH'].includes(op.method) || r.status >= 300 || typeof body?.id !== 'string') return;
  if (body.id.toLowerCase() !== decodeURIComponent(path).toLowerCase()) {
    out.errors.push(`${r.status}: id '${body.id}' is not the resource's path '${decodeURIComponent(path)}'`);
  }
}

/** Compute has no saved swagger: the example's body for that status is the expectation. */
export function structuralExpectation(kase: ArmCase, example: any, status: string): unknown {
  if (!kase.operationId.startsWith('VirtualMachines_')) return undefined;
  if (kase.expectExample) return readExample(kase.expectExample.file).responses?.[kase.expectExample.status]?.body;
  // undefined when the example has no body for this status (e.g. a 202): nothing to compare
  return example?.responses?.[status]?.body;
}
