import { describe, expect, it } from '@jest/globals';
import {
  diagnose,
  interpretOutcome,
  isTerminal,
  PERMISSION_DELAY,
  type JobOutcome,
  type SmokeContext,
} from '../../src/smoke/interpret.js';
import { smokeScript } from '../../src/smoke/script.js';
// The simulator's job runner writes the texts real Exchange Online writes; reading its streams
// checks that the diagnosis recognizes them.
import { runScript, type ExoContext } from '../../simulator/arm/job-runner.js';

const ORG = 'contoso.onmicrosoft.com';
const SYS = { clientId: '11111111-1111-1111-1111-111111111111', principalId: '22222222-2222-2222-2222-222222222222' };
const UA = { clientId: '33333333-3333-3333-3333-333333333333', principalId: '44444444-4444-4444-4444-444444444444' };
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

function ctx(identity: SmokeContext['identity'] = { type: 'system-assigned' }): SmokeContext {
  return {
    organization: ORG,
    identity,
    runtimeEnvironment: 'exo-pwsh-7-4',
    runbook: 'exo-automation-smoke-test',
    timeoutMs: 600_000,
  };
}

function exo(over: Partial<ExoContext> = {}): ExoContext {
  return {
    organization: ORG,
    domains: [ORG, 'contoso.com'],
    systemIdentity: SYS,
    userAssigned: [UA],
    exoModule: true,
    grants: {
      [SYS.principalId]: { manageAsApp: true, roleTemplateIds: [EXCHANGE_ADMIN] },
      [UA.principalId]: { manageAsApp: true, roleTemplateIds: [EXCHANGE_ADMIN] },
    },
    ...over,
  };
}

/** What the simulator's runner produces for the smoke script, as a job outcome. */
function simulated(
  identity: { type: 'system-assigned' | 'user-assigned'; clientId?: string },
  ex: ExoContext,
  org = ORG,
): JobOutcome {
  const r = runScript(smokeScript(org, identity), ex);
  return { status: r.failed ? 'Failed' : 'Completed', exception: r.exception ?? null, streams: r.streams };
}

describe('interpretOutcome', () => {
  it('passes a completed job with the accepted domains as output', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo()), ctx());
    expect(res.status).toBe('passed');
    expect(res.output).toContain('contoso.com');
    expect(res.output).toContain(ORG);
    expect(res.output).toMatch(/^DomainName|^Name/);
  });

  it('names Exchange.ManageAsApp and the permission delay when the app role is missing', () => {
    const ex = exo({ grants: { [SYS.principalId]: { manageAsApp: false, roleTemplateIds: [EXCHANGE_ADMIN] } } });
    const res = interpretOutcome(
      simulated({ type: 'system-assigned' }, ex),
      ctx({ type: 'system-assigned', principalId: SYS.principalId }),
    );
    expect(res.status).toBe('failed');
    expect(res.detail).toContain('Exchange.ManageAsApp');
    expect(res.detail).toContain(SYS.principalId);
    expect(res.detail).toContain('24 hours');
    expect(res.output).toContain('UnAuthorized');
  });

  it('names the missing directory role when no supported role is held', () => {
    const ex = exo({ grants: { [SYS.principalId]: { manageAsApp: true, roleTemplateIds: [USER_ADMIN] } } });
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, ex), ctx());
    expect(res.status).toBe('failed');
    expect(res.detail).toMatch(/no Entra directory role/);
    expect(res.detail).toContain('`roles`');
    expect(res.detail).not.toContain('Exchange.ManageAsApp (');
    expect(res.detail).toContain(PERMISSION_DELAY);
  });

  it('points at the organization when it is not the tenant', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo(), 'fabrikam.onmicrosoft.com'), {
      ...ctx(),
      organization: 'fabrikam.onmicrosoft.com',
    });
    expect(res.status).toBe('failed');
    expect(res.detail).toContain('-Organization fabrikam.onmicrosoft.com');
    expect(res.detail).toContain('`organization`');
  });

  it('says the account id must be a client id of an attached identity', () => {
    const wrong = UA.principalId; // the classic mix-up: object id instead of client id
    const res = interpretOutcome(
      simulated({ type: 'user-assigned', clientId: wrong }, exo()),
      ctx({ type: 'user-assigned', clientId: wrong }),
    );
    expect(res.status).toBe('failed');
    expect(res.detail).toContain(`-ManagedIdentityAccountId ${wrong}`);
    expect(res.detail).toMatch(/client id \(not the principal\/object id\)/);
    expect(res.detail).not.toContain(PERMISSION_DELAY);
  });

  it('says the system-assigned identity is off when there is none', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo({ systemIdentity: undefined })), ctx());
    expect(res.detail).toMatch(/no system-assigned identity enabled/);
  });

  it('names the runtime environment when ExchangeOnlineManagement is missing', () => {
    const res = interpretOutcome(simulated({ type: 'system-assigned' }, exo({ exoModule: false })), ctx());
    expect(res.status).toBe('failed');
    expect(res.detail).toContain('ExchangeOnlineManagement is not available in the runtime environment exo-pwsh-7-4');
  });

  it('adds the job exception when no Error record carries it', () => {
    const res = interpretOutcome({ status: 'Failed', exception: 'UnAuthorized', streams: [] }, ctx());
    expect(res.output).toBe('UnAuthorized');
    expect(res.detail).toContain('Exchange.ManageAsApp');
  });

  it('fails a completed job that wrote errors', () => {
    const res = interpretOutcome(
      {
        status: 'Completed',
        streams: [
          { type: 'Output', text: 'x' },
          { type: 'Error', text: 'something odd' },
        ],
      },
      ctx(),
    );
    expect(res.status).toBe('failed');
    expect(res.detail).toMatch(/completed but wrote errors/);
    expect(res.output).toBe('x\nsomething odd');
  });

  it('fails a timed-out job with the bound and the last status', () => {
    const res = interpretOutcome({ status: 'Running', timedOut: true, streams: [] }, ctx());
    expect(res.status).toBe('failed');
    expect(res.detail).toContain('did not finish within 10 minutes (last status: Running)');
  });

  it('reports Stopped and Suspended with their details', () => {
    const res = interpretOutcome({ status: 'Suspended', statusDetails: 'Quota exceeded', streams: [] }, ctx());
    expect(res.status).toBe('failed');
    expect(res.detail).toContain('ended Suspended (Quota exceeded)');
  });
});

describe('diagnose', () => {
  it('finds nothing in unrelated text', () => {
    expect(diagnose('The operation completed successfully.')).toEqual([]);
  });
  it('recognizes the role text with any application id', () => {
    expect(diagnose("The role assigned to application abc isn't supported in this scenario.")).toEqual([
      'role-not-supported',
    ]);
  });
});

describe('isTerminal', () => {
  it.each([
    ['Completed', true],
    ['failed', true],
    ['Stopped', true],
    ['Suspended', true],
    ['Running', false],
    ['New', false],
    [undefined, false],
  ])('%s -> %s', (s, t) => expect(isTerminal(s)).toBe(t));
});
