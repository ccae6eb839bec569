import { describe, expect, it } from '@jest/globals';
import {
  earlierAttempt,
  formatLease,
  leaseOf,
  leaseOwner,
  leaseState,
  parseLease,
  TAG_LEASE,
  withLease,
} from '../../src/engine/lease-value.js';
import { matchesClaim } from '../../src/kinds/runbook/verify.js';
import { contentHash } from '../../src/kinds/runbook/hash.js';

const ENV = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_REPOSITORY: 'octo-org/octo-repo' };
const RUN = 'https://github.com/octo-org/octo-repo/actions/runs/42/attempts/2';
const NOW = new Date('2026-12-02T05:00:00.000Z');
const LATER = new Date('2026-12-02T05:15:00.000Z');

describe('apply lease value', () => {
  it('names the run with its attempt, as a link', () => {
    expect(leaseOwner(ENV, 'abcdef01')).toEqual({ run: RUN, nonce: 'abcdef01' });
    expect(leaseOwner({ ...ENV, GITHUB_SERVER_URL: 'https://ghe.example/' }, 'abcdef01').run).toBe(
      'https://ghe.example/octo-org/octo-repo/actions/runs/42/attempts/2',
    );
    expect(leaseOwner({}, 'abcdef01').run).toMatch(/^local process \d+ on /);
  });

  it('round-trips through the tag value, and ignores values it did not write', () => {
    const lease = { run: RUN, nonce: 'abcdef01', expiresAt: LATER };
    const value = formatLease(lease);
    expect(value).toBe(`${RUN} (abcdef01) until 2026-12-02T05:15:00.000Z`);
    expect(parseLease(value)).toEqual(lease);
    expect(parseLease('mine, hands off')).toBeUndefined();
    expect(parseLease(`${RUN} (abcdef01) until tomorrow`)).toBeUndefined();
    expect(leaseOf({ 'EXO-AUTOMATION:LEASE': value })).toEqual(lease);
  });

  it('is free when absent, expired or unreadable; mine by run and nonce; else held', () => {
    const me = { run: RUN, nonce: 'abcdef01' };
    expect(leaseState(undefined, me, NOW)).toBe('free');
    expect(leaseState({ ...me, expiresAt: NOW }, me, NOW)).toBe('free'); // expired at that instant
    expect(leaseState({ ...me, expiresAt: LATER }, me, NOW)).toBe('mine');
    expect(leaseState({ ...me, nonce: '00000000', expiresAt: LATER }, me, NOW)).toBe('held'); // a matrix twin
    const other = 'https://github.com/octo-org/octo-repo/actions/runs/41/attempts/1';
    expect(leaseState({ run: other, nonce: 'abcdef01', expiresAt: LATER }, me, NOW)).toBe('held');
  });

  it('lets a re-run take over the lease of an earlier attempt of the same run (that attempt is over)', () => {
    const first = RUN.replace(/2$/, '1');
    expect(earlierAttempt(first, RUN)).toBe(true);
    expect(earlierAttempt(RUN, first)).toBe(false);
    expect(earlierAttempt(RUN.replace('/42/', '/43/').replace(/2$/, '1'), RUN)).toBe(false);
    expect(leaseState({ run: first, nonce: '00000000', expiresAt: LATER }, { run: RUN, nonce: 'abcdef01' }, NOW)).toBe(
      'free',
    );
  });

  it('sets and removes only its own tag', () => {
    const tags = { owner: 'team-a', 'Exo-Automation:Lease': 'stale' };
    const set = withLease(tags, { run: RUN, nonce: 'abcdef01', expiresAt: LATER });
    expect(Object.keys(set).sort()).toEqual(['exo-automation:lease', 'owner'].sort());
    expect(set[TAG_LEASE]).toContain(RUN);
    expect(withLease(set, undefined)).toEqual({ owner: 'team-a' });
  });
});

describe('final check: does the content match its hash tag', () => {
  const text = 'Get-Date\n';
  it('matches by hash, or by this run file with line endings normalised; a missing tag claims nothing', () => {
    expect(matchesClaim(text, contentHash(text), undefined)).toBe(true);
    expect(matchesClaim(text, undefined, undefined)).toBe(true);
    const mine = {
      name: 'R',
      path: 'R.ps1',
      absolutePath: '/w/R.ps1',
      content: 'Get-Date\r\n',
      hash: contentHash('Get-Date\r\n'),
      encoding: 'utf-8' as const,
    };
    expect(matchesClaim(text, mine.hash, mine)).toBe(true);
    expect(matchesClaim('Get-Mailbox\n', mine.hash, mine)).toBe(false);
    expect(matchesClaim(text, contentHash('other'), mine)).toBe(false);
  });
});
