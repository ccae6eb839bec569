// Closes the loop between the contract cases and the product: the built action is run against
// the simulator (dist/index.js, as the runner runs it), and every ARM and Graph operation it
// sends must have a contract case. An operation outside the saved specs must be named in
// NO_SPEC with the reason, so a new call cannot slip in unchecked.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { ARM_CASES } from './arm-cases.js';
import { computeOps } from './compute.js';
import { GRAPH_CASES, graphKey, readGraphDoc } from './graph-cases.js';
import { caseTitle, operationKey, readExample } from './runner.js';
import { loadAllSwaggers, type SpecOperation } from './specs.js';
import { classify, observeActionTraffic, type Traffic } from './traffic.js';

/** Operations the action sends that azure-specs has no API definition for. */
export const NO_SPEC: { pattern: RegExp; why: string }[] = [
  {
    pattern:
      /^GET \/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\/Microsoft\.Authorization\/permissions \(/i,
    why: 'preflight permission check (Microsoft.Authorization permissions): not in azure-specs, so no contract to test against',
  },
];

let ops: SpecOperation[];
let traffic: Traffic;

beforeAll(async () => {
  ops = [...(await loadAllSwaggers()), ...computeOps()];
  traffic = await observeActionTraffic();
}, 600_000);

function armCaseKeys(): Set<string> {
  return new Set(
    ARM_CASES.map((c) => {
      const op = ops.find((o) => o.operationId === c.operationId && o.apiVersion === c.apiVersion);
      return op ? operationKey(op) : caseTitle(c);
    }),
  );
}

function graphCaseKeys(): Set<string> {
  const keys = new Set<string>();
  for (const c of GRAPH_CASES) {
    if (c.skipReason || c.informational) continue;
    const doc = readGraphDoc(c.file);
    if (doc.method && doc.url)
      keys.add(
        graphKey(
          doc.method,
          doc.url.replace(/^https:\/\/graph\.microsoft\.com/, '').replace(/\$filter\s*=\s*/, '$filter='),
        ),
      );
  }
  // cases whose request is not the file's main example: the by-id GET (entity shape of the POST
  // example, plus errors.json's 404) and the appId alternate key (errors.json's 404)
  keys.add('GET /v1.0/servicePrincipals/{id} (v1.0)');
  keys.add("GET /v1.0/servicePrincipals(appId='{appId}') (v1.0)");
  return keys;
}

describe('every operation the built action sends has a contract case', () => {
  test('the action was run and its requests recorded', () => {
    if (traffic.skipped) throw new Error(`action traffic not observed: ${traffic.skipped}`);
    expect(traffic.requests.length).toBeGreaterThan(0);
  });

  test('ARM operations', () => {
    const covered = armCaseKeys();
    const missing = new Set<string>();
    for (const r of traffic.requests.filter((x) => x.service === 'arm')) {
      const c = classify(ops, r);
      if (c.kind === 'poll') continue;
      if (c.kind === 'unknown') {
        if (!NO_SPEC.some((n) => n.pattern.test(c.key)))
          missing.add(`${c.key}: matches no operation of the saved swaggers`);
        continue;
      }
      if (!covered.has(c.key)) missing.add(`${c.key}: no contract case`);
    }
    expect([...missing]).toEqual([]);
  });

  test('Graph operations', () => {
    const covered = graphCaseKeys();
    const missing = new Set<string>();
    for (const r of traffic.requests.filter((x) => x.service === 'graph')) {
      const c = classify(ops, r);
      if (!covered.has(c.key)) missing.add(`${c.key}: no contract case`);
    }
    expect([...missing]).toEqual([]);
  });

  test('the examples of every case exist', () => {
    for (const c of ARM_CASES) if (c.example) expect(() => readExample(c.example!)).not.toThrow();
  });
});
