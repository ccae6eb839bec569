// Timing profiles of the simulator. 'default': fast clocks for tests and the demo. 'azure': the
// waits of real Azure, every duration multiplied by a time scale so that a bench finishes in
// minutes (bench/README.md, "The azure profile"):
//
// - package imports grow with the package's size: ExchangeOnlineManagement takes minutes,
//   PackageManagement and PowerShellGet well under one. Constructed: Azure documents no import
//   times; the sizes are round figures of the gallery's packages and the rate is chosen so that
//   ExchangeOnlineManagement takes 3 minutes, what its imports commonly take.
// - Entra replication of a new principal and of new grants: 30 s (constructed; Microsoft's docs
//   say replication "can take several minutes" at worst, tens of seconds is the common case).
// - the draft upload's Retry-After: 5 s, as recorded (azure-sdk-for-net
//   ReplaceContentRunbookDraft().json); its operation (and publish's) lasts as long.
// - ARM throttling, per subscription and operation type (MicrosoftDocs azure-docs,
//   articles/azure-resource-manager/management/request-limits-and-throttling.md, 2024): reads
//   bucket 250 refilled 25/s, writes 200 refilled 10/s, deletes 200 refilled 10/s.
//
// Scaling: durations (imports, replication, operations, jobs) are multiplied by timeScale and
// refill rates divided by it (time runs 1/timeScale faster; bucket sizes stay). Retry-After is
// whole seconds on the wire, so a scaled one is rounded up: ceil(5 s x timeScale), at least 1 s.
import type { SimConfig } from './types.js';

export const PROFILES = ['default', 'azure'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** MiB per package, round figures (constructed). */
const PACKAGE_MIB: Record<string, number> = {
  exchangeonlinemanagement: 10,
  powershellget: 0.25,
  packagemanagement: 0.5,
};
/** import time = 20 s + 16 s per MiB: 3 min for ExchangeOnlineManagement (constructed) */
const importSeconds = (mib: number) => 20 + 16 * mib;

/** The azure profile's settings at a time scale (1 = real time). */
export function azureProfile(timeScale: number): Partial<SimConfig> {
  const ms = (seconds: number) => Math.round(seconds * 1000 * timeScale);
  const bucket = (size: number, refillPerSecond: number) => ({ size, refillPerSecond: refillPerSecond / timeScale });
  return {
    importMs: ms(importSeconds(1)),
    importMsByPackage: Object.fromEntries(Object.entries(PACKAGE_MIB).map(([n, mib]) => [n, ms(importSeconds(mib))])),
    replicationDelayMs: ms(30),
    lroMs: ms(5),
    jobMs: ms(30),
    draftRetryAfterSeconds: Math.max(1, Math.ceil(5 * timeScale)),
    throttle: { reads: bucket(250, 25), writes: bucket(200, 10), deletes: bucket(200, 10) },
    profile: { name: 'azure', timeScale },
  };
}

/** A profile's settings; 'default' restores the defaults' timings and turns throttling off. */
export function profileConfig(name: string, timeScale = 1, defaults: SimConfig): Partial<SimConfig> {
  if (!(timeScale > 0 && timeScale <= 1)) throw new Error(`time scale must be in (0, 1], got ${timeScale}`);
  if (name === 'azure') return azureProfile(timeScale);
  if (name === 'default') {
    const { replicationDelayMs, importMs, lroMs, jobMs, draftRetryAfterSeconds } = defaults;
    return {
      replicationDelayMs,
      importMs,
      lroMs,
      jobMs,
      draftRetryAfterSeconds,
      importMsByPackage: undefined,
      throttle: undefined,
      profile: undefined,
    };
  }
  throw new Error(`unknown profile ${name}; known: ${PROFILES.join(', ')}`);
}
