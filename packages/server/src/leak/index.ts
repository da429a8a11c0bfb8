/**
 * Leak response: what happens when a token is found where it should not be. Anyone holding a token may
 * revoke it by value, and GitHub's secret scanning reports tokens found in public code. These routes need
 * no bearer token, so the app mounts them before `/api`'s authentication.
 */
export { credentialRevokeRoutes, CredentialRevokeLimitedError, DEFAULT_CREDENTIAL_REVOKE_PER_HOUR, MAX_CREDENTIALS_PER_REQUEST } from './credential-revoke-routes.js';
export type { CredentialRevokeOptions } from './credential-revoke-routes.js';
export { secretScanningRoutes, InvalidSignatureError, SECRET_SCANNING_PATH, TOKEN_PATTERN } from './secret-scanning-routes.js';
export type { SecretScanningLabel } from './secret-scanning-routes.js';
export { SecretScanningKeys, readSecretScanningKeys } from './secret-scanning-keys.js';
