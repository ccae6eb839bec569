import { describe, expect, it } from '@jest/globals';
import { connectLine } from '../../src/kinds/runbook/check.js';
import { isManaged } from '../../src/kinds/runbook/hash.js';
import { isSmokeRunbook, SMOKE_RUNBOOK_NAME, smokeRunbookBody, smokeScript } from '../../src/smoke/script.js';
import { streamIdOf } from '../../src/smoke/run.js';

const ORG = 'contoso.onmicrosoft.com';

describe('smokeScript', () => {
  it('uses the runbooks’ own header for a system-assigned identity', () => {
    const s = smokeScript(ORG, { type: 'system-assigned' });
    expect(s).toContain(`\n${connectLine(ORG, { type: 'system-assigned' })}\n`);
    expect(s).not.toContain('ManagedIdentityAccountId');
    expect(s).toContain('Get-AcceptedDomain | Format-Table -AutoSize | Out-String');
  });

  it('passes the client id for a user-assigned identity', () => {
    const s = smokeScript(ORG, { type: 'user-assigned', clientId: 'c1' });
    expect(s).toContain(`Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ManagedIdentityAccountId c1`);
  });

  it('puts Connect-ExchangeOnline before Get-AcceptedDomain', () => {
    const s = smokeScript(ORG, { type: 'system-assigned' });
    expect(s.indexOf('Connect-ExchangeOnline')).toBeLessThan(s.indexOf('Get-AcceptedDomain'));
  });
});

describe('smokeRunbookBody', () => {
  it('is a PowerShell draft bound to the runtime environment and tagged as ours', () => {
    const body = smokeRunbookBody('westeurope', 'exo-pwsh-7-4') as {
      name: string;
      location: string;
      tags: Record<string, string>;
      properties: Record<string, unknown>;
    };
    expect(body.name).toBe(SMOKE_RUNBOOK_NAME);
    expect(body.location).toBe('westeurope');
    expect(body.properties).toMatchObject({ runbookType: 'PowerShell', runtimeEnvironment: 'exo-pwsh-7-4', draft: {} });
    expect(body.properties).not.toHaveProperty('publishContentLink');
    expect(isManaged(body.tags)).toBe(true);
    expect(isSmokeRunbook(body.tags)).toBe(true);
  });

  it('does not claim runbooks that are not the smoke test', () => {
    expect(isSmokeRunbook(undefined)).toBe(false);
    expect(isSmokeRunbook({ 'exo-automation:managed': 'true' })).toBe(false);
    expect(isSmokeRunbook({ owner: 'someone' })).toBe(false);
    expect(isSmokeRunbook({ 'EXO-AUTOMATION:MANAGED': 'True', 'exo-automation:purpose': 'Smoke-Test' })).toBe(true);
  });
});

describe('streamIdOf', () => {
  it('takes the last segment of the record id, else jobStreamId', () => {
    expect(
      streamIdOf({ id: '/subscriptions/s/x/draft/testJob/streams/abc_001', properties: { jobStreamId: 'abc:001' } }),
    ).toBe('abc_001');
    expect(streamIdOf({ properties: { jobStreamId: 'abc:001' } })).toBe('abc:001');
    expect(streamIdOf({})).toBeUndefined();
  });
});

describe('smokeScript in a sovereign cloud', () => {
  it('connects with the -ExchangeEnvironmentName of the deployment', () => {
    const s = smokeScript(ORG, { type: 'system-assigned' }, 'O365USGovDoD');
    expect(s).toContain(
      `Connect-ExchangeOnline -ManagedIdentity -Organization ${ORG} -ExchangeEnvironmentName O365USGovDoD`,
    );
  });
});
