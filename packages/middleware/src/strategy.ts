import { Strategy } from 'passport-strategy';
import type { Request } from 'express';
import {
  authenticateRequest,
  requireVerifier,
  resolveAuthenticateOptions,
  type AuthenticateOptions,
  type ResolvedAuthenticateOptions,
} from './request-auth.js';
import type { TokenVerifier } from './verifier.js';

/** Options of {@link BearerTokenStrategy}. */
export interface BearerTokenStrategyOptions extends AuthenticateOptions {
  /** The name to register with Passport. Defaults to `'bearer'`. */
  name?: string;
}

/**
 * A Passport strategy over a {@link TokenVerifier}: parse, verify, then `success`, `pass` or `error`.
 * Every refusal goes to `next(err)` as a typed RFC 6750 error (never Passport's plain-text 401), so the
 * app's error handler decides the body and the `WWW-Authenticate` header is always right.
 *
 * @example
 * passport.use(new BearerTokenStrategy(verifier));
 * app.get('/streams', passport.authenticate('bearer', { session: false }), requireScopes('streams:read'), handler);
 */
export class BearerTokenStrategy<User = Express.User> extends Strategy {
  name: string;
  private readonly verifier: TokenVerifier<User>;
  private readonly options: ResolvedAuthenticateOptions;

  constructor(verifier: TokenVerifier<User>, options: BearerTokenStrategyOptions = {}) {
    super();
    requireVerifier('BearerTokenStrategy', verifier, 'new BearerTokenStrategy');
    const { name = 'bearer', ...rest } = options;
    this.name = name;
    this.verifier = verifier;
    this.options = resolveAuthenticateOptions('BearerTokenStrategy', rest);
  }

  override authenticate(req: Request): void {
    authenticateRequest(req, this.verifier, this.options).then(
      (result) => (result ? this.success(result.user as Express.User, result.info) : this.pass()),
      (error: unknown) => this.error(error as Error),
    );
  }
}
