// Issue 12 vector 6, through node dist/index.js: each input gap is refused before any request,
// naming the input and what it accepts; each setting that has no effect warns, naming the input.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { act, log } from '../helpers/e2e.js';
import { startTestSimulator } from '../helpers/sim.js';

const NIL = '00000000-0000-0000-0000-000000000000';
const REFUSED: [string, Record<string, string>, RegExp][] = [
  [
    'client-id nil GUID',
    { 'client-id': NIL },
    /client-id: "0{8}(-0{4}){3}-0{12}" is the nil GUID, which names nothing; expected the Application \(client\) ID/,
  ],
  [
    'tenant-id nil GUID',
    { 'tenant-id': NIL },
    /tenant-id: .* is the nil GUID, which names nothing; expected the Directory \(tenant\) ID/,
  ],
  [
    'subscription-id nil GUID',
    { 'subscription-id': NIL },
    /subscription-id: .* is the nil GUID, which names nothing; expected the subscription ID/,
  ],
  [
    '.onmicrosoft.us with AzureCloud',
    { organization: 'contoso.onmicrosoft.us' },
    /organization: "contoso\.onmicrosoft\.us" is a tenant domain of AzureUSGovernment, but cloud is AzureCloud; expected NAME\.onmicrosoft\.com with cloud AzureCloud, or set cloud: AzureUSGovernment/,
  ],
  [
    '.onmicrosoft.com with AzureUSGovernment',
    { cloud: 'AzureUSGovernment', location: 'usgovvirginia' },
    /organization: "contoso\.onmicrosoft\.com" is a tenant domain of AzureCloud, but cloud is AzureUSGovernment; expected NAME\.onmicrosoft\.us/,
  ],
  ['roles of spaces', { roles: '   ' }, /roles: empty; expected one or more of: Exchange Administrator, /],
  ['roles of a comma', { roles: ' , ' }, /roles: empty; expected one or more of: Exchange Administrator, /],
];

const WARNED: [string, Record<string, string>, RegExp][] = [
  [
    'identity-resource-group with system-assigned',
    { 'identity-resource-group': 'rg-ids' },
    /^::warning::identity-resource-group: ignored with identity-type system-assigned/m,
  ],
  [
    'runbook-runtime with resource-type vm',
    { 'resource-type': 'vm', 'automation-account': '', 'vm-name': 'vm1', 'runbook-runtime': '7.4' },
    /^::warning::runbook-runtime: ignored with resource-type vm/m,
  ],
  [
    'fail-on-drift with mode apply',
    { mode: 'apply', 'fail-on-drift': 'true' },
    /^::warning::fail-on-drift: ignored with mode apply/m,
  ],
  [
    'smoke-test with mode plan',
    { mode: 'plan', 'smoke-test': 'true' },
    /^::warning::smoke-test: ignored with mode plan/m,
  ],
  [
    'prune-runbooks without runbooks',
    { 'prune-runbooks': 'true' },
    /^::warning::prune-runbooks: ignored without runbooks/m,
  ],
];

describe('input gaps through node dist/index.js', () => {
  let sim: Simulator;
  const runs = new Map<string, Awaited<ReturnType<typeof act>>>();
  beforeAll(async () => {
    sim = await startTestSimulator();
    const all = [...REFUSED, ...WARNED];
    for (let i = 0; i < all.length; i += 6) {
      const batch = all.slice(i, i + 6);
      // no OIDC: the warned runs stop after the offline checks too (apply ones fail there), 0 requests
      const done = await Promise.all(batch.map(([, inputs]) => act(sim, inputs, { oidc: false })));
      batch.forEach(([name], j) => runs.set(name, done[j]));
    }
  }, 120_000);
  afterAll(() => sim.close());

  test.each(REFUSED)('%s is refused, naming the input', (name, _inputs, expected) => {
    const run = runs.get(name)!;
    expect(run.code).not.toBe(0);
    const errors = log(run)
      .split('\n')
      .filter((l) => l.startsWith('::error'));
    expect(errors.join('\n').replace(/%0A/g, '\n')).toMatch(expected);
  });

  test.each(WARNED)('%s warns, naming the input', (name, _inputs, expected) => {
    expect(log(runs.get(name)!)).toMatch(expected);
  });

  test('not one request reached the simulator', () => {
    expect(sim.requests).toEqual([]);
  });
});
