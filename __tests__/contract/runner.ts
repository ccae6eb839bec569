// Replays one ARM contract case against the simulator and checks the answer: status declared by
// the example or the swagger, body valid against the swagger's schema for that status (or, for
// Compute, which has no saved swagger, structurally like the example), declared headers present,
// and the final state of LROs and state machines validated the same way.
import {
  checkBody,
  checkExampleHeaders,
  checkExampleShape,
  checkGatewayError,
  checkLroRules,
  checkRequest,
  checkResourceId,
  followPages,
  isAsyncPoll,
  structuralExpectation,
} from './arm-checks.js';
import type { ArmCase, CaseResult, Ctx, Params } from './arm-types.js';
import { followLro, pollUntil, send, TERMINAL_JOB, TERMINAL_PROVISIONING, type HttpResult } from './http.js';
import { SeedError } from './seed.js';
import { readExample, type SpecOperation } from './specs.js';
import { structuralErrors } from './structural.js';

export type { ArmCase, CaseResult, Ctx, Params } from './arm-types.js';
export { readExample } from './specs.js';

export function caseTitle(c: ArmCase): string {
  const base = c.example ? c.example.split('/').pop()! : `(no example) ${c.operationId}`;
  return `${c.operationId} ${c.apiVersion} <- ${base}${c.variant ? ` [${c.variant}]` : ''}`;
}

export function operationKey(op: Pick<SpecOperation, 'method' | 'path' | 'apiVersion'>): string {
  return `${op.method} ${op.path} (${op.apiVersion})`;
}

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
    case undefined:
      return; // the first answer is the final one
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
