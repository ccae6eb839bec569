// The apply lease: one apply at a time on an Automation account, so two racing runs cannot
// interleave their writes (issue 12 item 4). A tag on the account names the holder and an
// expiry (lease-value.ts). Automation accounts answer `"etag": null`, so there is no If-Match:
// a run writes its lease, waits a settle time, re-reads, and holds the lease only if the tag is
// still its own (of two writers, the later write wins and the earlier one sees it and waits).
// A holder renews the lease while it works; a killed run's lease expires after its TTL.
import type { ArmWriter } from '../clients/arm.js';
import { heartbeatState } from '../log/heartbeat.js';
import { secondsFromEnv } from '../clients/timeout-policy.js';
import { leaseOf, leaseOwner, leaseState, withLease, type Lease, type LeaseOwner } from './lease-value.js';
import type { Logger } from './types.js';

export interface LeaseTiming {
  ttlMs: number;
  waitMs: number;
  settleMs: number;
  pollMs: number;
}

/** Env overrides (not inputs; for tests and the impatient): EXO_LEASE_TTL/WAIT/SETTLE/POLL_SECONDS. */
export function leaseTiming(env: NodeJS.ProcessEnv = process.env): LeaseTiming {
  return {
    ttlMs: secondsFromEnv('EXO_LEASE_TTL_SECONDS', env) ?? 15 * 60_000,
    waitMs: secondsFromEnv('EXO_LEASE_WAIT_SECONDS', env) ?? 10 * 60_000,
    settleMs: secondsFromEnv('EXO_LEASE_SETTLE_SECONDS', env) ?? 3_000,
    pollMs: secondsFromEnv('EXO_LEASE_POLL_SECONDS', env) ?? 10_000,
  };
}

/** Another apply holds the lease, past the wait. */
export class LeaseBusyError extends Error {
  constructor(
    readonly resource: string,
    readonly holder: Lease,
    waitedMs: number,
  ) {
    super(
      `Another apply is running on ${resource}: ${holder.run} holds its apply lease (until ` +
        `${holder.expiresAt.toISOString()}). Waited ${Math.round(waitedMs / 1000)} s; nothing was changed. Re-run ` +
        'this job once that run has finished, or give the workflows one `concurrency:` group per account.',
    );
    this.name = 'LeaseBusyError';
  }
}

interface Target {
  arm: ArmWriter;
  /** ARM path of the resource that carries the lease tag */
  path: string;
  apiVersion: string;
  /** how messages name it, e.g. "Automation account aa-exo" */
  label: string;
}

type Tagged = { tags?: Record<string, string> };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApplyLease {
  readonly owner: LeaseOwner;
  private renewal: NodeJS.Timeout | undefined;
  private held = false;
  /** set when a renewal found the lease taken over (or gone): the run's writes may have interleaved */
  lost = false;

  constructor(
    private readonly target: Target,
    private readonly log: Logger,
    private readonly timing: LeaseTiming = leaseTiming(),
    owner: LeaseOwner = leaseOwner(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.owner = owner;
  }

  /**
   * Takes the lease, waiting for another holder up to the bound. 'absent': the resource does not
   * exist yet (a first apply), so there is nothing to hold the lease on. `waited`: another run
   * held it first, so what this run observed before may be stale.
   */
  async acquire(): Promise<{ outcome: 'held' | 'absent'; waited: boolean }> {
    const start = this.now().getTime();
    let waited = false;
    let announced = '';
    for (;;) {
      const current = await this.read();
      if (!current) return { outcome: 'absent', waited };
      const lease = leaseOf(current.tags);
      const state = leaseState(lease, this.owner, this.now());
      if (state === 'held') {
        const waitedMs = this.now().getTime() - start;
        if (waitedMs >= this.timing.waitMs) throw new LeaseBusyError(this.target.label, lease!, waitedMs);
        if (announced !== lease!.run) {
          this.log.info(
            `Waiting for the apply of ${lease!.run} on ${this.target.label} to finish (its lease runs until ${lease!.expiresAt.toISOString()}).`,
          );
          announced = lease!.run;
        }
        waited = true;
        heartbeatState(`held by ${lease!.run} until ${lease!.expiresAt.toISOString()}`);
        await sleep(Math.min(this.timing.pollMs, Math.max(1, this.timing.waitMs - waitedMs)));
        continue;
      }
      if (state === 'free' || this.expiresSoon(lease!)) await this.write(current.tags);
      if (state === 'free') await sleep(this.timing.settleMs);
      // re-read after the settle: with no etag, the last writer wins and only it goes on
      const after = await this.read();
      if (after && leaseState(leaseOf(after.tags), this.owner, this.now()) === 'mine') {
        this.hold();
        return { outcome: 'held', waited };
      }
      if (!after) return { outcome: 'absent', waited };
      waited = true;
    }
  }

  /** Removes the lease if it is still this run's. Never throws: an unreleased lease expires. */
  async release(): Promise<void> {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = undefined;
    if (!this.held) return;
    this.held = false;
    try {
      const current = await this.read();
      if (current && leaseState(leaseOf(current.tags), this.owner, this.now()) === 'mine') {
        await this.target.arm.patch(this.target.path, this.target.apiVersion, {
          tags: withLease(current.tags, undefined),
        });
      }
    } catch (e) {
      this.log.warning(`The apply lease on ${this.target.label} was not released (it expires by itself): ${String(e)}`);
    }
  }

  private expiresSoon(lease: Lease): boolean {
    return lease.expiresAt.getTime() - this.now().getTime() < this.timing.ttlMs / 2;
  }

  private read(): Promise<Tagged | undefined> {
    return this.target.arm.get<Tagged>(this.target.path, this.target.apiVersion);
  }

  private async write(tags: Record<string, string> | undefined): Promise<void> {
    const expiresAt = new Date(this.now().getTime() + this.timing.ttlMs);
    // A PATCH of tags replaces them all: every other tag is sent back as read.
    await this.target.arm.patch(this.target.path, this.target.apiVersion, {
      tags: withLease(tags, { ...this.owner, expiresAt }),
    });
  }

  /** Renews the lease every third of its TTL while the run works; notes a takeover. */
  private hold(): void {
    this.held = true;
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = setInterval(() => void this.renew(), Math.max(1000, this.timing.ttlMs / 3));
    this.renewal.unref();
  }

  private async renew(): Promise<void> {
    try {
      const current = await this.read();
      if (current && leaseState(leaseOf(current.tags), this.owner, this.now()) === 'mine')
        await this.write(current.tags);
      else if (!this.lost) {
        this.lost = true;
        this.log.warning(`The apply lease on ${this.target.label} was taken over or removed while this run applied.`);
      }
    } catch (e) {
      this.log.debug(`apply lease renewal failed (retried at the next interval): ${String(e)}`);
    }
  }
}
