// Fixed identifiers of the default tenant, so that demos and docs read the same every run.
export const DEFAULT_TENANT_ID = 'c6b6a8a3-2d64-4a5f-9d8e-7f1e2a3b4c5d';
export const DEFAULT_SUBSCRIPTION_ID = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';
export const DEFAULT_DEPLOYER_APP_ID = '8a1f7c2e-4b3d-4e5f-9a6b-7c8d9e0f1a2b';
export const DEFAULT_DEPLOYER_SP_ID = 'd4c3b2a1-0f9e-4d8c-b7a6-5e4d3c2b1a09';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const EXCHANGE_MANAGE_AS_APP_ROLE_ID = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const DEFAULT_ORGANIZATION = 'contoso.onmicrosoft.com';
