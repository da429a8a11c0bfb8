import type { ActorContext, TokenEvent, TokenEventListener, TokenEventType } from './types.js';

/**
 * Sends one event to the listener, if there is one, copying only the context fields that are set. A
 * listener that throws must not fail the token operation that already happened: its error is reported.
 *
 * @example
 * emitTokenEvent(onEvent, 'revoked', record, now, { actor: 'owner' }, onError);
 */
export function emitTokenEvent(
  listener: TokenEventListener | undefined,
  type: TokenEventType,
  token: { id: string; ownerId: string },
  at: Date,
  context: Partial<ActorContext> & Pick<ActorContext, 'actor'>,
  onError: (error: unknown) => void,
): void {
  if (!listener) return;
  const event: TokenEvent = { type, tokenId: token.id, ownerId: token.ownerId, at, actor: context.actor };
  if (context.ip) event.ip = context.ip;
  if (context.userAgent) event.userAgent = context.userAgent;
  if (context.url) event.url = context.url;
  try {
    listener(event);
  } catch (error) {
    onError(error);
  }
}
