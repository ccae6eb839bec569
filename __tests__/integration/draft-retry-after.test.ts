// The draft upload with the Retry-After Azure sends (5 s, recorded in azure-sdk-for-net
// ReplaceContentRunbookDraft().json): the action's own Automation client (core-lro over the Azure
// SDK pipeline) waits it before its first poll, so one poll finds the upload done, and publish
// (no Retry-After) is polled with the client's own backoff. The simulator keeps its faithful default.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWriteClients } from '../../src/clients/index.js';
import type { Simulator } from '../../simulator/server.js';
import { DEFAULT_CONFIG } from '../../simulator/state.js';
import { aaPath, armOk, AUTO, rgPath, RES } from '../helpers/arm.js';
import { simInputs } from '../helpers/inputs.js';
import { startTestSimulator } from '../helpers/sim.js';
import { simCredential } from './engine-helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator({ config: { draftRetryAfterSeconds: DEFAULT_CONFIG.draftRetryAfterSeconds } });
});
afterAll(async () => {
  await sim.close();
});

describe('runbook draft upload with the recorded Retry-After', () => {
  it('waits Retry-After 5 before polling the operation the 202 names, then publishes', async () => {
    expect(sim.sim.state.config.draftRetryAfterSeconds).toBe(5);
    await armOk(sim, 'PUT', rgPath(sim, 'rg-draft'), RES, { location: 'westeurope' });
    await armOk(sim, 'PUT', aaPath(sim, 'rg-draft', 'aa-draft'), AUTO, {
      location: 'westeurope',
      properties: { sku: { name: 'Basic' } },
    });
    const inputs = simInputs(sim);
    const { automation } = createWriteClients({
      endpoints: inputs.endpoints,
      subscriptionId: sim.subscriptionId,
      credential: simCredential(sim, inputs),
      lroIntervalMs: 20,
    });
    const ref = { subscriptionId: sim.subscriptionId, resourceGroup: 'rg-draft', account: 'aa-draft' };
    await automation.putRunbook(ref, 'Report', {
      location: 'westeurope',
      properties: { runbookType: 'PowerShell', draft: {} },
    });
    const from = sim.requests.length;
    await automation.uploadDraftContent(ref, 'Report', 'Connect-ExchangeOnline -ManagedIdentity\n');
    await automation.publishRunbook(ref, 'Report');
    const log = sim.requests.slice(from);

    const upload = log.find((r) => r.method === 'PUT' && r.path.endsWith('/draft/content'))!;
    expect(upload.status).toBe(202);
    const draftPolls = log.filter((r) => r.method === 'GET' && /\/runbooks\/Report\/operationResults\//.test(r.path));
    // one poll: the client waited the 5 s it was told, and the upload was done by then
    expect(draftPolls.map((r) => r.status)).toEqual([200]);
    const publishPolls = log.filter((r) => r.method === 'GET' && /\/publish\/operationResults\//.test(r.path));
    expect(publishPolls.at(-1)?.status).toBe(200);
    const runbook = await armOk(sim, 'GET', `${aaPath(sim, 'rg-draft', 'aa-draft')}/runbooks/Report`, AUTO);
    expect(runbook.properties.state).toBe('Published');
  });
});
