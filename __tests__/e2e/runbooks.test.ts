// Runbooks through dist/index.js: the object id in -ManagedIdentityAccountId (the classic
// mistake of Microsoft's page) stops the run with an annotation on that line, before any write.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, log, writesSince } from '../helpers/e2e.js';

const header = (accountId: string) =>
  `# Reports\nConnect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com -ManagedIdentityAccountId ${accountId}\nGet-EXOMailbox -ResultSize 10\n`;

describe('runbooks with a user-assigned identity', () => {
  let sim: Simulator;
  const workspace = mkdtempSync(join(tmpdir(), 'exo-e2e-rb-'));
  const inputs = { 'identity-type': 'user-assigned', 'identity-name': 'id-exo-automation' };
  let principalId = '';
  let clientId = '';

  beforeAll(async () => {
    sim = await startTestSimulator({ config: { replicationDelayMs: 0 } });
    const first = await act(sim, inputs, { workspace });
    expect(first.code).toBe(0);
    principalId = first.outputs['principal-id'];
    clientId = first.outputs['client-id'];
    expect(principalId).not.toBe(clientId);
    mkdirSync(join(workspace, 'runbooks'));
  });
  afterAll(() => sim.close());

  test('the object id in the header fails the run with an annotation on that line and uploads nothing', async () => {
    writeFileSync(join(workspace, 'runbooks', 'Get-Good.ps1'), header(clientId));
    writeFileSync(join(workspace, 'runbooks', 'Get-Bad.ps1'), header(principalId));
    const mark = sim.requests.length;
    const run = await act(sim, { ...inputs, runbooks: 'runbooks/*.ps1' }, { workspace });
    expect(run.code).not.toBe(0);
    expect(log(run)).toMatch(/::error [^\n]*file=runbooks\/Get-Bad\.ps1,[^\n]*line=2[^\n]*::[^\n]*object id/);
    expect(log(run)).not.toMatch(/::error [^\n]*file=runbooks\/Get-Good\.ps1/);
    expect(log(run)).toContain(clientId);
    expect(writesSince(sim, mark)).toEqual([]);
  });

  test('fixed, the runbooks converge; a second run writes nothing', async () => {
    writeFileSync(join(workspace, 'runbooks', 'Get-Bad.ps1'), header(clientId));
    const run = await act(sim, { ...inputs, runbooks: 'runbooks/*.ps1' }, { workspace });
    expect(log(run)).not.toMatch(/::error/);
    expect(run.code).toBe(0);
    expect(run.outputs.changes).toBe('2');
    expect(run.summary).toContain('Get-Bad');
    const mark = sim.requests.length;
    const again = await act(sim, { ...inputs, runbooks: 'runbooks/*.ps1' }, { workspace });
    expect(again.code).toBe(0);
    expect(again.outputs.changes).toBe('0');
    expect(writesSince(sim, mark)).toEqual([]);
  });
});
