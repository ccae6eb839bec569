// Plan mode cannot write by construction: read clients have no write methods in their types,
// and at run time their pipelines refuse writes before any token or network request.
import { describe, expect, it } from '@jest/globals';
import type { TokenCredential } from '@azure/core-auth';
import { endpointsFor } from '../../src/cloud.js';
import { createReadClients, type AutomationClient, type GraphClient, type MsiClient } from '../../src/clients/index.js';
import { WriteRefusedError } from '../../src/clients/readonly-policy.js';

// Any token request would fail the test: the refusal must come first.
const noToken: TokenCredential = {
  getToken: () => Promise.reject(new Error('a token was requested')),
};

const readers = createReadClients({
  endpoints: endpointsFor('AzureCloud', {
    arm: 'https://127.0.0.1:9',
    graph: 'https://127.0.0.1:9',
    gallery: 'https://127.0.0.1:9/api/v2',
  }),
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  credential: noToken,
});

describe('read clients', () => {
  it('expose no write methods in their types', () => {
    // @ts-expect-error putAccount is not part of AutomationReader
    void readers.automation.putAccount;
    // @ts-expect-error addRoleAssignment is not part of GraphReader
    void readers.graph.addRoleAssignment;
    // @ts-expect-error createUserAssigned is not part of MsiReader
    void readers.msi.createUserAssigned;
    // @ts-expect-error put is not part of ArmReader
    void readers.arm.put;
    expect(true).toBe(true);
  });

  it('refuse ARM writes at run time before asking for a token', async () => {
    const automation = readers.automation as unknown as AutomationClient;
    await expect(
      automation.putAccount({ subscriptionId: 's', resourceGroup: 'rg', account: 'aa' }, {}),
    ).rejects.toBeInstanceOf(WriteRefusedError);
    await expect(
      automation.patchAccount({ subscriptionId: 's', resourceGroup: 'rg', account: 'aa' }, {}),
    ).rejects.toBeInstanceOf(WriteRefusedError);
    await expect(
      automation.publishRunbook({ subscriptionId: 's', resourceGroup: 'rg', account: 'aa' }, 'rb'),
    ).rejects.toBeInstanceOf(WriteRefusedError);
  });

  it('refuse Graph and managed identity writes at run time', async () => {
    const graph = readers.graph as unknown as GraphClient;
    await expect(graph.addRoleAssignment('p', 'r')).rejects.toThrow(/read-only/);
    await expect(graph.deleteRoleAssignment('x')).rejects.toThrow(/read-only/);
    const msi = readers.msi as unknown as MsiClient;
    await expect(msi.createUserAssigned('rg', 'id', 'westeurope')).rejects.toThrow(/read-only/);
  });
});
