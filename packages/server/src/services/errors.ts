/**
 * Errors the services throw on purpose. Each carries the HTTP status and the machine-readable `code` the
 * JSON error body uses; `expose` says the message is written for the client (no SQL, no stack), so the
 * HTTP and GraphQL layers may pass it through as is.
 *
 * @example
 * try { await getStream(models, userId, id); }
 * catch (err) { if (err instanceof ServiceError) res.status(err.status).json({ error: { code: err.code, message: err.message } }); }
 */
export class ServiceError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, such as `Retry-After` on a 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * The thing does not exist, or the caller may not know that it does: a private stream of someone else is
 * "not found", never "forbidden", so ids cannot be probed.
 *
 * @example
 * throw new NotFoundError('Stream not found');
 */
export class NotFoundError extends ServiceError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

/**
 * The caller can see the thing but their role does not allow this change.
 *
 * @example
 * throw new ForbiddenError('Only a stream owner can change the stream');
 */
export class ForbiddenError extends ServiceError {
  constructor(message = 'Forbidden') {
    super(403, 'forbidden', message);
  }
}

/**
 * The request's token is limited to some streams, and the action lies outside any such limit (creating a
 * stream). 403 `token_limited`, so a client can tell it from a missing role.
 *
 * @example
 * throw new TokenLimitedError('This token is limited to some streams and cannot create streams');
 */
export class TokenLimitedError extends ServiceError {
  constructor(message = 'This token is limited to some streams') {
    super(403, 'token_limited', message);
  }
}

/**
 * The change contradicts the current state: a taken email, removing the last owner.
 *
 * @example
 * throw new ConflictError('A user with this email already exists');
 */
export class ConflictError extends ServiceError {
  constructor(message = 'Conflict') {
    super(409, 'conflict', message);
  }
}

/**
 * The input cannot be used even though it passed the HTTP layer's shape checks (a cursor from elsewhere,
 * an unknown role).
 *
 * @example
 * throw new BadInputError('Invalid cursor');
 */
export class BadInputError extends ServiceError {
  constructor(message = 'Bad request') {
    super(400, 'bad_request', message);
  }
}
