// The bench's inherent-graph bound (bench/inherent-bound.ts): it follows the dependencies the
// desired state implies, not the order a client chose. Pure.
import { describe, expect, it } from '@jest/globals';
import { inherentBound, type Shape } from '../../bench/inherent-bound.js';

const L = 50;
const pkg = (name: string, dependsOn?: string[]) => ({ name, version: '1', ...(dependsOn ? { dependsOn } : {}) });
const shape = (over: Partial<Shape> = {}): Shape => ({
  desired: {
    runtimes: [
      {
        runtime: '5.1',
        environment: 'exo-pwsh-5-1',
        packages: [
          pkg('PackageManagement'),
          pkg('PowerShellGet', ['PackageManagement']),
          pkg('ExchangeOnlineManagement'),
        ],
      },
    ],
    roles: [{ displayName: 'Exchange Administrator', templateId: 't' }],
  },
  runbooks: 0,
  accountExists: false,
  ...over,
});
const config = (over = {}) => ({
  importMs: 1000,
  replicationDelayMs: 100,
  lroMs: 100,
  draftRetryAfterSeconds: 0,
  ...over,
});

describe('inherentBound', () => {
  // observe (3 requests), resource group, account, environment: 6 x L before the imports
  const env = 6 * L;

  it('chains only the declared package dependency; ExchangeOnlineManagement imports beside it', () => {
    const byPackage = { packagemanagement: 1000, powershellget: 1000, exchangeonlinemanagement: 1500 };
    const b = inherentBound(shape(), { latencyMs: L, config: config({ importMsByPackage: byPackage }) });
    expect(b.graphMs).toBe(env + 2 * (L + 1000)); // PM then PSGet, longer than EXO's 1500 alone
  });

  it('grants wait for replication from the account, not for the imports', () => {
    const b = inherentBound(shape(), { latencyMs: L, config: config({ importMs: 10, replicationDelayMs: 5000 }) });
    expect(b.graphMs).toBe(5 * L + 5000);
  });

  it('the throttling budget bounds many runbooks: writes beyond the bucket at its refill rate', () => {
    const throttle = {
      reads: { size: 250, refillPerSecond: 25 },
      writes: { size: 200, refillPerSecond: 10 },
      deletes: { size: 200, refillPerSecond: 10 },
    };
    const b = inherentBound(shape({ runbooks: 800, accountExists: true }), {
      latencyMs: L,
      config: config({ throttle }),
    });
    expect(b.writes).toBe(3200);
    expect(b.throttleMs).toBe(300_000); // (3200 - 200) / 10 per s
    expect(b.boundMs).toBe(b.throttleMs);
    const fleet = inherentBound(shape({ runbooks: 10, processes: 20 }), { latencyMs: L, config: config({ throttle }) });
    expect(fleet.writes).toBe(20 * (2 + 1 + 3 + 40));
  });
});
