export {
  createCredential,
  oidcAvailable,
  oidcUnavailableError,
  describeRefusal,
  isPublicAuthority,
} from './credential.js';
export type { CredentialOptions } from './credential.js';
export { decodeJwtPayload, oidcClaims } from './jwt.js';
