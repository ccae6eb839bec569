// The bench's bound: latency per request on the chain, simulated durations where a request had to
// wait for them, nothing for polls an ideal client would not have sent.
import { describe, expect, it } from '@jest/globals';
import { boundOf, criticalPathDepth, figures } from '../../bench/critical-path.js';
import type { RequestLogEntry } from '../../simulator/server.js';

let seq = 0;
function req(method: string, path: string, status: number, start: number, end: number): RequestLogEntry {
  const service = path.startsWith('/v1.0/') ? 'graph' : path.startsWith('/subscriptions') ? 'arm' : 'entra';
  return { seq: ++seq, method, path, query: '', status, time: '', start, end, service };
}
const D = { lroMs: 150, importMs: 400, replicationDelayMs: 300 };
const RB = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa/runbooks/r';
const PKG =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa/runtimeEnvironments/e/packages/P';

describe('bench bound', () => {
  it('is depth x latency for a plain chain, and parallel requests add nothing', () => {
    const log = [
      req('GET', '/t/oauth2/v2.0/token', 200, 0, 50),
      req('GET', '/subscriptions/s/a', 200, 50, 100),
      req('GET', '/subscriptions/s/b', 200, 51, 101),
      req('GET', '/subscriptions/s/c', 200, 101, 151),
    ];
    expect(criticalPathDepth(log)).toBe(3);
    expect(boundOf(log, 50, D).boundMs).toBe(150);
  });

  it('counts an LRO duration once and no poll that saw it running', () => {
    const log = [
      req('PUT', `${RB}/draft/content`, 202, 0, 50),
      req('GET', `${RB}/draft/content/operationResults/1`, 202, 50, 100),
      req('GET', `${RB}/draft/content/operationResults/1`, 202, 100, 150),
      req('GET', `${RB}/draft/content/operationResults/1`, 200, 400, 450),
    ];
    const b = boundOf(log, 50, D);
    // the PUT (50) then the operation (150): the final poll ends no earlier than 200
    expect(b.boundMs).toBe(200);
    expect(b.waits).toBe(2);
    expect(figures(log, 50, D).writes).toBe(1);
  });

  it('counts an import from its PUT to the last GET that saw it', () => {
    const log = [
      req('PUT', PKG, 201, 0, 50),
      req('GET', PKG, 200, 60, 110),
      req('GET', PKG, 200, 700, 750),
      req('PUT', `${RB}`, 200, 760, 810),
    ];
    expect(boundOf(log, 50, D).boundMs).toBe(50 + 400 + 50);
  });

  it('lets a grant follow the identity no sooner than the replication delay, refused grants free', () => {
    const log = [
      req('PUT', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa', 201, 0, 50),
      req('POST', '/v1.0/servicePrincipals/p/appRoleAssignments', 404, 50, 100),
      req('POST', '/v1.0/servicePrincipals/p/appRoleAssignments', 201, 500, 550),
    ];
    const b = boundOf(log, 50, D);
    expect(b.boundMs).toBe(50 + 300);
    expect(b.chain.map((r) => r.status)).toEqual([201, 201]);
  });
});
