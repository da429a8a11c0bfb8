import './augment.js';

export { TokenVerifier } from './verifier.js';
export type { VerifyResult } from './verifier.js';
export { BearerTokenStrategy } from './strategy.js';
export type {
  BearerTokenStrategyOptions,
  PassportStrategyActions,
  VerifyDone,
  VerifyFunction,
  VerifyFunctionWithRequest,
} from './strategy.js';
export { authenticate } from './authenticate.js';
export type { AuthenticateOptions, ValidateHook } from './request-auth.js';
export { extractToken } from './extract-token.js';
export { setExpirationHeader, TOKEN_EXPIRATION_HEADER } from './expiration-header.js';
export type { HeaderTarget } from './expiration-header.js';
export type { ExtractTokenOptions, TokenSource } from './extract-token.js';
export { requireScopes, requireAnyScope, scopeGuards } from './guard.js';
export { patAuthInfo } from './auth-info.js';
export { tokenAllowsResource, MAX_RESOURCE_IDS } from './resource-limit.js';
export { requestFailure } from './request-state.js';
export { patgateErrorHandler, patgateErrorOf } from './error-handler.js';
export { TokenIssuer, toTokenInfo } from './issuer.js';
export { MemoryTokenStore } from './memory-store.js';
export { MemoryFailureLimiter } from './failure-limit.js';
export type { MemoryFailureLimiterOptions } from './failure-limit.js';
export { MemoryTokenCache, DEFAULT_CACHE_TTL_MS, DEFAULT_CACHE_MAX_ENTRIES } from './token-cache.js';
export type { MemoryTokenCacheOptions } from './token-cache.js';
export {
  PatgateError,
  TokenRequiredError,
  InvalidRequestError,
  InvalidTokenError,
  InsufficientScopeError,
  TokenPolicyError,
  TooManyFailuresError,
  challenge,
  isPatgateError,
  DEFAULT_REALM,
} from './errors.js';
export type { InvalidTokenReason, TokenPolicyCode } from './errors.js';
export { generateToken, parseToken, DEFAULT_PREFIX } from './token-format.js';
export { isExpired, isLiveToken, isTokenId, tokenState, TOKEN_ID_PATTERN } from './token-state.js';
export type { TokenState } from './token-state.js';
export type { GeneratedToken, ParsedToken } from './token-format.js';
export { hashSecret } from './secret-hash.js';
export { DURATION_UNITS, parseDuration, formatDuration } from './duration.js';
export type * from './types.js';
