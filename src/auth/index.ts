export { createCredential, oidcAvailable, oidcUnavailableError } from './credential.js';
export type { CredentialOptions } from './credential.js';
