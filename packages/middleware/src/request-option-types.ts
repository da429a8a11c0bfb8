/** Options of `authenticate()` and `BearerTokenStrategy` about the request and its answer (see `AuthenticateOptions`). */

/** Where a token may be read from. */
export interface TokenLocationOptions {
  /**
   * Accept `?access_token=` in the query string. Off by default: URLs end up in logs and browser history
   * (RFC 6750 section 5.3, RFC 9700). Defaults to `false`.
   */
  allowQuery?: boolean | undefined;
  /**
   * Accept `access_token` in an `application/x-www-form-urlencoded` body (RFC 6750 section 2.2). Needs a
   * body parser before the middleware. Defaults to `false`.
   */
  allowBody?: boolean | undefined;
  /** The realm named in `WWW-Authenticate`: printable ASCII (0x20-0x7E), as a header must be. Defaults to `'patgate'`. */
  realm?: string | undefined;
}

/** What the adapters add to the response of a request a token authenticated. */
export interface TokenResponseOptions {
  /**
   * Send `Patgate-Token-Expiration: <HTTP date>` (for example `Tue, 01 Jan 2030 00:00:00 GMT`) on the
   * response to every request authenticated by a token that expires, as GitHub does, so that scripts can
   * warn before they break; nothing for a token without expiry. The header's name is also added to
   * `Access-Control-Expose-Headers`, keeping any names already there, so that a browser on another origin
   * can read it (the CORS middleware must run first, or list the header in its own exposed headers).
   * Defaults to `false`.
   */
  expirationHeader?: boolean | undefined;
}
