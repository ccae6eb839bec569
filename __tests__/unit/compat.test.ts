import { describe, expect, it } from '@jest/globals';
import {
  checkRuntime,
  compareVersions,
  incompatibilityReason,
  isCompatible,
  isPrerelease,
  minimumPowerShell7,
  parseVersion,
  requiredPackages,
  resolveLatest,
} from '../../src/compat.js';

// A realistic gallery listing (GA and prerelease versions of ExchangeOnlineManagement).
const GALLERY = [
  '2.0.5',
  '3.0.0',
  '3.1.0',
  '3.2.0',
  '3.3.0',
  '3.4.0',
  '3.5.0',
  '3.5.1',
  '3.6.0',
  '3.7.0-Preview1',
  '3.7.0',
  '3.7.1',
  '3.7.2',
  '3.8.0',
  '3.9.0',
  '3.9.2-Preview1',
  '3.9.2',
  '3.10.0',
  '3.10.1-Preview1',
  '3.10.1',
  '3.11.0-Preview1',
];

describe('parseVersion / compareVersions', () => {
  it('parses 2 to 4 numeric parts and a prerelease tag', () => {
    expect(parseVersion('3.7.0-Preview1')).toEqual({
      raw: '3.7.0-Preview1',
      parts: [3, 7, 0, 0],
      prerelease: 'Preview1',
    });
    expect(parseVersion('1.4.8.1')?.parts).toEqual([1, 4, 8, 1]);
    expect(parseVersion('3.9')?.parts).toEqual([3, 9, 0, 0]);
  });

  it.each(['', 'latest', '3', 'v3.9.2', '3.9.2.1.1', '3.9.x', '3.9.2-', '3..2'])('rejects %p', (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });

  it.each([
    ['3.10.0', '3.9.2', 1],
    ['3.9.2', '3.10.0', -1],
    ['3.0.0', '3.0.0.0', 0],
    ['1.4.8.1', '1.4.8', 1],
    ['3.7.0-Preview1', '3.7.0', -1],
    ['3.7.0', '3.7.0-Preview1', 1],
    ['3.7.0-Preview2', '3.7.0-Preview10', -1],
    ['3.7.0-preview1', '3.7.0-Preview1', 0],
    ['3.7.1-Preview1', '3.7.0', 1],
  ])('compare(%s, %s) = %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it('throws on a non-version', () => {
    expect(() => compareVersions('abc', '3.0.0')).toThrow('Not a module version: "abc"');
  });

  it('sorts a gallery listing like the gallery does', () => {
    const shuffled = [...GALLERY].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(GALLERY);
  });

  it('knows prereleases', () => {
    expect(isPrerelease('3.7.0-Preview1')).toBe(true);
    expect(isPrerelease('3.7.0')).toBe(false);
  });
});

describe('checkRuntime', () => {
  it.each(['5.1', '7.4', '7.6', ' 7.4 '])('accepts %p', (rt) => {
    expect(checkRuntime(rt)).toEqual({ ok: true, runtime: rt.trim() });
  });

  it.each(['7.1', '7.2'])('refuses retired %s with a migration message', (rt) => {
    const check = checkRuntime(rt);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.retired).toBe(true);
    expect(check.message).toContain(`PowerShell ${rt} is retired`);
    expect(check.message).toContain('2026-09-30');
    expect(check.message).toMatch(/7\.4.*7\.6/);
  });

  it.each(['7.1', '7.2'])('accepts retired %s when allowed (allow-retired-runtimes)', (rt) => {
    expect(checkRuntime(rt, true)).toEqual({ ok: true, runtime: rt });
  });

  it('knows what the retired runtimes run: 3.0-3.4 on 7.2, no 3.x on 7.1', () => {
    expect(incompatibilityReason('7.2', '3.4.0')).toBeUndefined();
    expect(incompatibilityReason('7.2', '3.5.0')).toMatch(/needs PowerShell 7\.4/);
    expect(incompatibilityReason('7.1', '3.0.0')).toMatch(/needs PowerShell 7\.2 or later/);
    expect(resolveLatest('7.2', ['3.3.0', '3.4.0', '3.5.0', '3.9.2'])).toBe('3.4.0');
    expect(resolveLatest('7.1', ['3.3.0', '3.4.0'])).toBeUndefined();
  });

  it.each(['7.3', '7', '6.0', 'pwsh', '7.4.0'])('refuses unknown %p naming the accepted values', (rt) => {
    const check = checkRuntime(rt);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.retired).toBe(false);
    expect(check.message).toContain('accepted: 5.1, 7.4, 7.6');
  });
});

describe('isCompatible: the matrix', () => {
  it.each([
    // 5.1 runs every 3.x
    ['5.1', '3.0.0', true],
    ['5.1', '3.9.2', true],
    ['5.1', '3.10.1', true],
    // 7.4 runs 3.0-3.9.x (3.0-3.4 floor is 7.2, 3.5-3.9 floor is 7.4), not 3.10+
    ['7.4', '3.0.0', true],
    ['7.4', '3.4.0', true],
    ['7.4', '3.5.0', true],
    ['7.4', '3.5.1', true],
    ['7.4', '3.9.2', true],
    ['7.4', '3.10.0', false],
    ['7.4', '3.10.1-Preview1', false],
    ['7.4', '3.11.0', false],
    // 7.6 runs every 3.x
    ['7.6', '3.0.0', true],
    ['7.6', '3.9.2', true],
    ['7.6', '3.10.0', true],
    // V2 has no managed identity connection
    ['5.1', '2.0.5', false],
    ['7.6', '2.0.5', false],
    // prerelease follows its numeric core
    ['7.4', '3.7.0-Preview1', true],
  ] as const)('%s + %s -> %s', (runtime, version, expected) => {
    expect(isCompatible(runtime, version)).toBe(expected);
  });

  it('explains why', () => {
    expect(incompatibilityReason('7.4', '3.10.0')).toBe(
      'ExchangeOnlineManagement 3.10.0 needs PowerShell 7.6 (3.10.0 and later); use 3.9.x or earlier on 7.4, or runtime 7.6',
    );
    expect(incompatibilityReason('5.1', '2.0.5')).toContain('predates 3.0.0');
    expect(incompatibilityReason('7.4', 'x.y')).toContain('is not a module version');
    expect(incompatibilityReason('7.4', '3.9.2')).toBeUndefined();
  });

  it('names the PowerShell 7 floor of a version', () => {
    expect(minimumPowerShell7('3.4.0')).toBe('7.2');
    expect(minimumPowerShell7('3.5.0')).toBe('7.4');
    expect(minimumPowerShell7('3.10.0')).toBe('7.6');
    expect(minimumPowerShell7('2.0.5')).toBeUndefined();
  });
});

describe('resolveLatest', () => {
  it('picks the newest GA version fitting each runtime', () => {
    expect(resolveLatest('5.1', GALLERY)).toBe('3.10.1');
    expect(resolveLatest('7.6', GALLERY)).toBe('3.10.1');
    expect(resolveLatest('7.4', GALLERY)).toBe('3.9.2');
  });

  it('never picks a prerelease, even when it is the newest', () => {
    expect(resolveLatest('7.4', ['3.9.0', '3.9.2-Preview1'])).toBe('3.9.0');
    expect(resolveLatest('7.6', ['3.11.0-Preview1'])).toBeUndefined();
  });

  it('ignores garbage and answers undefined when nothing fits', () => {
    expect(resolveLatest('7.4', ['not-a-version', '3.10.0', '2.0.5'])).toBeUndefined();
    expect(resolveLatest('7.4', [])).toBeUndefined();
  });

  it('does not depend on the order of the listing', () => {
    expect(resolveLatest('7.4', ['3.9.2', '3.10.9', '3.4.0', '3.9.10'])).toBe('3.9.10');
  });
});

describe('requiredPackages', () => {
  it('5.1 needs PackageManagement then PowerShellGet, pinned GA', () => {
    const pkgs = requiredPackages('5.1');
    expect(pkgs.map((p) => `${p.name}@${p.version}`)).toEqual(['PackageManagement@1.4.8.1', 'PowerShellGet@2.2.5']);
    for (const p of pkgs) expect(isPrerelease(p.version)).toBe(false);
  });

  it('PowerShell 7 runtimes ship both modules', () => {
    expect(requiredPackages('7.4')).toEqual([]);
    expect(requiredPackages('7.6')).toEqual([]);
  });
});
