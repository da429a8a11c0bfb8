/**
 * Public types of the token events that `TokenVerifier` and `TokenIssuer` emit through `onEvent`, and of the
 * request context that reaches them. Re-exported by `types.ts`, the one place public types are listed.
 */
import type { MaybePromise } from './types.js';

/** What happened to a token. */
export type TokenEventType = 'created' | 'first_used' | 'rotated' | 'revoked' | 'refused_revoked' | 'refused_expired' | 'leak_reported';

/**
 * Who did it: the token's owner (profile page, REST), the token itself (`/api/tokens/current`), a server
 * admin, the CLI, or a leak report. `undefined` where nobody acted (a refusal, a first use).
 */
export type TokenActor = 'owner' | 'self' | 'admin' | 'cli' | 'leak_report';

/**
 * One thing that happened to a token, as the `onEvent` listener of `TokenVerifier` and `TokenIssuer`
 * receives it. Never carries a secret. patgate emits events; storing them is the app's choice.
 *
 * @example
 * const onEvent = (event: TokenEvent) => log.info(event, `token ${event.type}`);
 */
export interface TokenEvent {
  type: TokenEventType;
  tokenId: string;
  ownerId: string;
  at: Date;
  actor: TokenActor | undefined;
  /** The client address of the request that caused it, when known. */
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** Where a leaked token was found (a leak report), when known. */
  url?: string | undefined;
  /** On `rotated`: the id of the token that replaces this one (which gets its own `created`). */
  successorId?: string | undefined;
}

/**
 * Receives every {@link TokenEvent}. Called after the fact and never awaited by the request: a listener
 * that throws or rejects is reported through `onError` (operation `'event'`) and changes nothing.
 */
export type TokenEventListener = (event: TokenEvent) => MaybePromise<void>;

/**
 * The request a verification is for, as `authenticate()` and `BearerTokenStrategy` pass it (`req.ip` and
 * the `User-Agent` header), so that events can say where a use came from.
 *
 * @example
 * await verifier.verify(token, { ip: req.ip, userAgent: req.get('user-agent') });
 */
export interface VerifyContext {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Who asks the issuer to create, revoke or rotate, and from where; it reaches the events.
 *
 * @example
 * await issuer.revoke(user.id, tokenId, { actor: 'owner', ip: req.ip, userAgent: req.get('user-agent') });
 */
export interface TokenActionContext extends VerifyContext {
  actor?: TokenActor | undefined;
  /** Where a leaked token was found, for a revocation by leak report. */
  url?: string | undefined;
}
