// Seeds what an example needs before it is replayed, through the simulator's own ARM API (the
// same requests the action sends), so a seed that fails names the route that is missing or
// wrong. Every helper is idempotent within one test.
import type { Simulator } from '../../simulator/server.js';
import { followLro, pollUntil, send, TERMINAL_JOB, TERMINAL_PROVISIONING, type HttpResult } from './http.js';

export const V = { rg: '2025-04-01', msi: '2024-11-30', aa: '2024-10-23', ps72: '2023-11-01', compute: '2025-04-01' };

export class SeedError extends Error {}

/** A runbook whose job completes with output, streams and no Exchange connection. */
export const PLAIN_RUNBOOK =
  'Write-Output "contract test"\nWrite-Output "second record"\nWrite-Verbose "verbose record"\n';

export class Seeder {
  constructor(
    readonly sim: Simulator,
    readonly token: string,
  ) {}

  get sub(): string {
    return this.sim.subscriptionId;
  }

  rgPath(rg: string): string {
    return `/subscriptions/${this.sub}/resourceGroups/${encodeURIComponent(rg)}`;
  }

  aaPath(rg: string, aa: string): string {
    return `${this.rgPath(rg)}/providers/Microsoft.Automation/automationAccounts/${encodeURIComponent(aa)}`;
  }

  private async call(
    what: string,
    method: string,
    path: string,
    apiVersion: string,
    body?: unknown,
    contentType?: string,
  ): Promise<HttpResult> {
    const r = await send(this.sim, {
      method,
      url: `${path}?api-version=${apiVersion}`,
      token: this.token,
      body,
      contentType,
    });
    if (r.status >= 400)
      throw new SeedError(`seed step "${what}" failed: ${method} ${path} -> ${r.status} ${r.text.slice(0, 300)}`);
    if (r.status === 202) {
      const polls = await followLro(this.sim, r, this.token);
      const last = polls.at(-1);
      if (last && last.status >= 400)
        throw new SeedError(`seed step "${what}" failed while polling: ${last.status} ${last.text.slice(0, 300)}`);
    }
    return r;
  }

  async rg(rg: string, location = 'eastus'): Promise<void> {
    await this.call(`resource group ${rg}`, 'PUT', this.rgPath(rg), V.rg, { location });
  }

  async account(rg: string, aa: string, identity?: Record<string, unknown>): Promise<any> {
    await this.rg(rg);
    const body: any = { name: aa, location: 'East US 2', properties: { sku: { name: 'Basic' } } };
    if (identity) body.identity = identity;
    return (await this.call(`automation account ${aa}`, 'PUT', this.aaPath(rg, aa), V.aa, body)).json;
  }

  async identity(rg: string, name: string): Promise<any> {
    await this.rg(rg);
    const path = `${this.rgPath(rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${encodeURIComponent(name)}`;
    return (await this.call(`user-assigned identity ${name}`, 'PUT', path, V.msi, { location: 'eastus' })).json;
  }

  async runtimeEnvironment(rg: string, aa: string, re: string, version = '7.4'): Promise<void> {
    await this.account(rg, aa);
    await this.call(
      `runtime environment ${re}`,
      'PUT',
      `${this.aaPath(rg, aa)}/runtimeEnvironments/${encodeURIComponent(re)}`,
      V.aa,
      {
        location: 'East US 2',
        properties: { runtime: { language: 'PowerShell', version } },
      },
    );
  }

  /** A runbook with draft content; published when asked. Creates its runtime environment when named. */
  async runbook(
    rg: string,
    aa: string,
    rb: string,
    opts: { runtimeEnvironment?: string; publish?: boolean; content?: string } = {},
  ): Promise<void> {
    if (opts.runtimeEnvironment) await this.runtimeEnvironment(rg, aa, opts.runtimeEnvironment);
    else await this.account(rg, aa);
    const path = `${this.aaPath(rg, aa)}/runbooks/${encodeURIComponent(rb)}`;
    await this.call(`runbook ${rb}`, 'PUT', path, V.aa, {
      name: rb,
      location: 'East US 2',
      properties: {
        runbookType: 'PowerShell',
        ...(opts.runtimeEnvironment ? { runtimeEnvironment: opts.runtimeEnvironment } : {}),
        logVerbose: true,
        logProgress: false,
        draft: {},
      },
    });
    await this.call(
      `draft content of ${rb}`,
      'PUT',
      `${path}/draft/content`,
      V.aa,
      opts.content ?? PLAIN_RUNBOOK,
      'text/powershell',
    );
    if (opts.publish) await this.call(`publish ${rb}`, 'POST', `${path}/publish`, V.aa);
  }

  /** An Automation child created with one PUT (variables, schedules, job schedules): its answer. */
  async child(rg: string, aa: string, rest: string, body: unknown): Promise<any> {
    await this.account(rg, aa);
    return (await this.call(rest, 'PUT', `${this.aaPath(rg, aa)}/${rest}`, V.aa, body)).json;
  }

  /** A job of a published runbook, waited for until terminal. */
  async job(rg: string, aa: string, jobName: string, runbook = 'contract-runbook'): Promise<any> {
    await this.runbook(rg, aa, runbook, { publish: true });
    const path = `${this.aaPath(rg, aa)}/jobs/${encodeURIComponent(jobName)}`;
    await this.call(`job ${jobName}`, 'PUT', path, V.aa, {
      properties: { runbook: { name: runbook }, parameters: {}, runOn: '' },
    });
    const done = await pollUntil(
      this.sim,
      `${path}?api-version=${V.aa}`,
      this.token,
      (b) => TERMINAL_JOB.includes(b?.properties?.status),
      `job ${jobName}`,
    );
    return done.json;
  }

  /** A test job of a runbook's draft, waited for until terminal. */
  async testJob(rg: string, aa: string, rb: string, runtimeEnvironment?: string): Promise<any> {
    await this.runbook(rg, aa, rb, { runtimeEnvironment });
    const path = `${this.aaPath(rg, aa)}/runbooks/${encodeURIComponent(rb)}/draft/testJob`;
    await this.call(`test job of ${rb}`, 'PUT', path, V.aa, {
      parameters: {},
      runOn: '',
      ...(runtimeEnvironment ? { runtimeEnvironment } : {}),
    });
    const done = await pollUntil(
      this.sim,
      `${path}?api-version=${V.aa}`,
      this.token,
      (b) => TERMINAL_JOB.includes(b?.status),
      `test job of ${rb}`,
    );
    return done.json;
  }

  /** A module / ps72 module / package from the example's PUT body, waited for until terminal. */
  async importable(path: string, apiVersion: string, body: unknown, what: string): Promise<any> {
    await this.call(what, 'PUT', path, apiVersion, body);
    const done = await pollUntil(
      this.sim,
      `${path}?api-version=${apiVersion}`,
      this.token,
      (b) => TERMINAL_PROVISIONING.includes(b?.properties?.provisioningState),
      what,
    );
    return done.json;
  }

  /** The simulator's gallery download URL of a package it serves (the action's real contentLink). */
  galleryUri(name = 'ExchangeOnlineManagement'): { uri: string; version: string } {
    const versions = this.sim.sim.state.gallery[name] ?? [];
    const ga = versions.filter((v) => !v.prerelease).at(-1) ?? versions.at(-1);
    if (!ga) throw new SeedError(`the simulator's gallery has no ${name}`);
    return { uri: `${this.sim.url}/api/v2/package/${name}/${ga.version}`, version: ga.version };
  }
}
