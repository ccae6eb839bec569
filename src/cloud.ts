// Cloud name -> service endpoints and token scopes. Pure; no I/O.
// Endpoints: Azure "national clouds" docs (management / graph / login hosts per cloud).
import type { Cloud, Endpoints, ExchangeEnvironment } from './types.js';

export const CLOUDS: readonly Cloud[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];

export const DEFAULT_GALLERY = 'https://www.powershellgallery.com/api/v2';

interface CloudInfo {
  arm: string;
  graph: string;
  authorityHost: string;
}

const INFO: Record<Cloud, CloudInfo> = {
  AzureCloud: {
    arm: 'https://management.azure.com',
    graph: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
  },
  AzureUSGovernment: {
    arm: 'https://management.usgovcloudapi.net',
    graph: 'https://graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
  },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
  },
};

export interface EndpointOverrides {
  arm?: string;
  graph?: string;
  authorityHost?: string;
  gallery?: string;
}

export function isCloud(value: string): value is Cloud {
  return (CLOUDS as readonly string[]).includes(value);
}

/** Strip trailing slashes so callers can always append "/path". */
function base(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Endpoints for `cloud`, with overrides replacing hosts (custom clouds, the local simulator).
 * Scopes always follow `cloud`: a token is requested for the real audience even when the
 * request goes elsewhere, so the simulator issues tokens exactly as Entra would.
 */
export function endpointsFor(cloud: Cloud, overrides: EndpointOverrides = {}): Endpoints {
  const info = INFO[cloud];
  return {
    arm: base(overrides.arm || info.arm),
    graph: base(overrides.graph || info.graph),
    authorityHost: base(overrides.authorityHost || info.authorityHost),
    gallery: base(overrides.gallery || DEFAULT_GALLERY),
    armScope: `${info.arm}/.default`,
    graphScope: `${info.graph}/.default`,
  };
}

// Region names as ARM spells them (`az account list-locations --query [].name`), per cloud.
// Physical regions only; a region unknown here is refused as an input error, so the list leans inclusive.
export const LOCATIONS: Record<Cloud, readonly string[]> = {
  AzureCloud: [
    'australiacentral',
    'australiacentral2',
    'australiaeast',
    'australiasoutheast',
    'austriaeast',
    'belgiumcentral',
    'brazilsouth',
    'brazilsoutheast',
    'canadacentral',
    'canadaeast',
    'centralindia',
    'centralus',
    'chilecentral',
    'denmarkeast',
    'eastasia',
    'eastus',
    'eastus2',
    'francecentral',
    'francesouth',
    'germanynorth',
    'germanywestcentral',
    'indonesiacentral',
    'israelcentral',
    'italynorth',
    'japaneast',
    'japanwest',
    'jioindiacentral',
    'jioindiawest',
    'koreacentral',
    'koreasouth',
    'malaysiawest',
    'mexicocentral',
    'newzealandnorth',
    'northcentralus',
    'northeurope',
    'norwayeast',
    'norwaywest',
    'polandcentral',
    'qatarcentral',
    'southafricanorth',
    'southafricawest',
    'southcentralus',
    'southeastasia',
    'southindia',
    'spaincentral',
    'swedencentral',
    'swedensouth',
    'switzerlandnorth',
    'switzerlandwest',
    'uaecentral',
    'uaenorth',
    'uksouth',
    'ukwest',
    'westcentralus',
    'westeurope',
    'westindia',
    'westus',
    'westus2',
    'westus3',
  ],
  AzureUSGovernment: ['usdodcentral', 'usdodeast', 'usgovarizona', 'usgovtexas', 'usgovvirginia'],
  AzureChinaCloud: ['chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3'],
};

/** "West Europe" -> "westeurope": the ARM name form of a display name. */
export function normalizeLocation(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '');
}

/** The cloud whose region list holds `location` (already normalised), if any. */
export function cloudOfLocation(location: string): Cloud | undefined {
  return CLOUDS.find((c) => LOCATIONS[c].includes(location));
}

/**
 * The Exchange Online environments of each cloud (Connect-ExchangeOnline reference page,
 * MicrosoftDocs/office-docs-powershell: "Microsoft 365 or Microsoft 365 GCC: ... O365Default",
 * "Office 365 operated by 21Vianet: O365China", "Microsoft 365 GCC High: O365USGovGCCHigh",
 * "Microsoft 365 DoD: O365USGovDoD"). The first is the default; US Government has none: GCC High
 * and DoD share the Azure cloud, so the workflow must say which.
 */
export const EXCHANGE_ENVIRONMENTS: Readonly<Record<Cloud, readonly ExchangeEnvironment[]>> = {
  AzureCloud: ['O365Default'],
  AzureUSGovernment: ['O365USGovGCCHigh', 'O365USGovDoD'],
  AzureChinaCloud: ['O365China'],
};

export const ALL_EXCHANGE_ENVIRONMENTS: readonly ExchangeEnvironment[] = [
  'O365Default',
  'O365USGovGCCHigh',
  'O365USGovDoD',
  'O365China',
];

/** The environment `cloud` implies, or undefined where the cloud cannot tell (US Government). */
export function defaultExchangeEnvironment(cloud: Cloud): ExchangeEnvironment | undefined {
  const envs = EXCHANGE_ENVIRONMENTS[cloud];
  return envs.length === 1 ? envs[0] : undefined;
}
