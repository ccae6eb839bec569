import { describe, expect, it } from '@jest/globals';
import { cloudOfLocation, endpointsFor, LOCATIONS, normalizeLocation } from '../../src/cloud.js';

describe('endpointsFor', () => {
  it('AzureCloud', () => {
    expect(endpointsFor('AzureCloud')).toEqual({
      arm: 'https://management.azure.com',
      graph: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      gallery: 'https://www.powershellgallery.com/api/v2',
      armScope: 'https://management.azure.com/.default',
      graphScope: 'https://graph.microsoft.com/.default',
    });
  });

  it('AzureUSGovernment', () => {
    expect(endpointsFor('AzureUSGovernment')).toMatchObject({
      arm: 'https://management.usgovcloudapi.net',
      graph: 'https://graph.microsoft.us',
      authorityHost: 'https://login.microsoftonline.us',
      armScope: 'https://management.usgovcloudapi.net/.default',
      graphScope: 'https://graph.microsoft.us/.default',
    });
  });

  it('AzureChinaCloud', () => {
    expect(endpointsFor('AzureChinaCloud')).toMatchObject({
      arm: 'https://management.chinacloudapi.cn',
      graph: 'https://microsoftgraph.chinacloudapi.cn',
      authorityHost: 'https://login.chinacloudapi.cn',
      armScope: 'https://management.chinacloudapi.cn/.default',
      graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
    });
  });

  it('overrides replace endpoints (trailing slashes dropped) but scopes follow the cloud', () => {
    const sim = 'https://127.0.0.1:8443/';
    expect(endpointsFor('AzureCloud', { arm: sim, graph: sim, authorityHost: sim, gallery: `${sim}api/v2/` })).toEqual({
      arm: 'https://127.0.0.1:8443',
      graph: 'https://127.0.0.1:8443',
      authorityHost: 'https://127.0.0.1:8443',
      gallery: 'https://127.0.0.1:8443/api/v2',
      armScope: 'https://management.azure.com/.default',
      graphScope: 'https://graph.microsoft.com/.default',
    });
  });
});

describe('locations', () => {
  it('normalises display names', () => {
    expect(normalizeLocation('West Europe')).toBe('westeurope');
    expect(normalizeLocation('EASTUS2')).toBe('eastus2');
  });

  it('knows which cloud a region belongs to', () => {
    expect(cloudOfLocation('westeurope')).toBe('AzureCloud');
    expect(cloudOfLocation('usgovvirginia')).toBe('AzureUSGovernment');
    expect(cloudOfLocation('chinanorth3')).toBe('AzureChinaCloud');
    expect(cloudOfLocation('atlantis')).toBeUndefined();
  });

  it('region names are lower case without spaces and unique', () => {
    const all = Object.values(LOCATIONS).flat();
    for (const l of all) expect(l).toMatch(/^[a-z0-9]+$/);
    expect(new Set(all).size).toBe(all.length);
  });
});
