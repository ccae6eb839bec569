// Plan mode cannot write to VMs: the compute client of createReadClients has no write methods in
// its type and its pipeline refuses writes before any token or network request.
import { describe, expect, it } from '@jest/globals';
import type { TokenCredential } from '@azure/core-auth';
import { endpointsFor } from '../../src/cloud.js';
import { createReadClients, type ComputeClient } from '../../src/clients/index.js';
import { WriteRefusedError } from '../../src/clients/readonly-policy.js';

const noToken: TokenCredential = {
  getToken: () => Promise.reject(new Error('a token was requested')),
};

const readers = createReadClients({
  endpoints: endpointsFor('AzureCloud', { arm: 'https://127.0.0.1:9', graph: 'https://127.0.0.1:9' }),
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  credential: noToken,
});

describe('the read-only compute client', () => {
  it('has no write methods in its type', () => {
    // @ts-expect-error updateVm is not part of ComputeReader
    void readers.compute.updateVm;
    // @ts-expect-error runCommand is not part of ComputeReader
    void readers.compute.runCommand;
    expect(true).toBe(true);
  });

  it('refuses PATCH and runCommand before asking for a token', async () => {
    const compute = readers.compute as unknown as ComputeClient;
    await expect(compute.updateVm('rg', 'vm', { tags: {} })).rejects.toBeInstanceOf(WriteRefusedError);
    await expect(
      compute.runCommand('rg', 'vm', { commandId: 'RunPowerShellScript', script: ['Get-Date'] }),
    ).rejects.toBeInstanceOf(WriteRefusedError);
  });

  it('reads still go out (and here fail on the token, proving the order)', async () => {
    await expect(readers.compute.getVm('rg', 'vm')).rejects.toThrow(/token/);
  });
});
