import type { ErrorReporter, TokenEvent, TokenEventListener } from './types.js';

/**
 * Where errors go when the app gives no `onError`: one line on stderr naming the operation.
 *
 * @example
 * const onError = options.onError ?? defaultErrorReporter;
 */
export const defaultErrorReporter: ErrorReporter = (error, context) => {
  console.error(`patgate: ${context.operation} failed`, error);
};

/** Hands one event to the app's listener; `undefined` when there is none. */
export type EventEmitter = ((event: TokenEvent) => void) | undefined;

/**
 * Wraps the app's `onEvent` so that emitting can never break a request: the listener runs after the fact,
 * is not awaited, and whatever it throws or rejects goes to `onError` as operation `'event'`.
 *
 * @example
 * const emit = eventEmitter(options.onEvent, onError);
 * emit?.({ type: 'revoked', tokenId, ownerId, at: now, actor: 'owner' });
 */
export function eventEmitter(listener: TokenEventListener | undefined, onError: ErrorReporter): EventEmitter {
  if (!listener) return undefined;
  const report = (error: unknown, event: TokenEvent) => {
    try {
      onError(error, { operation: 'event', tokenId: event.tokenId });
    } catch (reporterError) {
      // The app's reporter failed too; stderr is the last place left, and the request still goes on.
      defaultErrorReporter(reporterError, { operation: 'onError', tokenId: event.tokenId });
    }
  };
  return (event) => {
    try {
      // Detached on purpose: events are observations, and a slow or failing listener must not hold a request.
      void Promise.resolve(listener(event)).catch((error: unknown) => report(error, event));
    } catch (error) {
      report(error, event);
    }
  };
}
