import { Strategy } from 'passport-strategy';
import type { Request } from 'express';
import {
  authenticateRequest,
  isRefusal,
  requireVerifier,
  resolveAuthenticateOptions,
  type AuthenticateOptions,
  type RequestAuthOutcome,
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
    let outcome: ReturnType<typeof authenticateRequest<User>>;
    try {
      outcome = authenticateRequest(req, this.verifier, this.options);
    } catch (error) {
      return this.error(error as Error);
    }
    // Passport calls this on a fresh object per request; a synchronous verifier answers before it returns.
    if (outcome instanceof Promise) outcome.then((settled) => this.finish(settled), (error: unknown) => this.error(error as Error));
    else this.finish(outcome);
  }

  private finish(outcome: RequestAuthOutcome<User>): void {
    if (outcome === null) return this.pass();
    if (isRefusal(outcome)) return this.error(outcome.error);
    this.success(outcome.user as Express.User, outcome.info);
  }
}
