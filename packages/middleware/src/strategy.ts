import { Strategy as PassportStrategyBase } from 'passport-strategy';
import type { Request } from 'express';
import { InvalidTokenError, isPatgateError, TokenRequiredError, type PatgateError } from './errors.js';
import { checkKnownKeys } from './options.js';
import {
  AUTHENTICATE_OPTION_NAMES,
  isRefusal,
  requireVerifier,
  resolveAuthenticateOptions,
  type AuthenticateOptions,
  type RequestAuthOutcome,
  type ResolvedAuthenticateOptions,
  settleAuthentication,
  type ValidateHook,
} from './request-auth.js';
import { recordFailure, recordRealm } from './request-state.js';
import type { PatAuthInfo } from './types.js';
import type { TokenVerifier } from './verifier.js';

/** Options of {@link BearerTokenStrategy}. */
export interface BearerTokenStrategyOptions<User = Express.User> extends AuthenticateOptions<User> {
  /** The name to register with Passport. Defaults to `'bearer'`. */
  name?: string | undefined;
  /**
   * Pass the request as the first argument of the `verify` callback, as passport-http-bearer does.
   * Defaults to `false`.
   */
  passReqToCallback?: boolean | undefined;
}

/** How a `verify` callback answers: `done(null, user)` accepts, `done(null, false)` refuses, `done(err)` is a fault. */
export type VerifyDone<User = Express.User> = (err: unknown, user?: User | false | null, info?: unknown) => void;
/** A Passport-style `verify` callback, run after the token is verified (see {@link BearerTokenStrategy}). */
export type VerifyFunction<User = Express.User> = (user: User, info: PatAuthInfo, done: VerifyDone<User>) => void;
/** The `verify` callback under `passReqToCallback: true`. */
export type VerifyFunctionWithRequest<User = Express.User> = (req: Request, user: User, info: PatAuthInfo, done: VerifyDone<User>) => void;

/**
 * The actions Passport gives a strategy for each request (typed here so that the declarations need no
 * `@types/passport-strategy`).
 */
export interface PassportStrategyActions {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: string | number, status?: number): void;
  error(err: unknown): void;
  pass(): void;
  redirect(url: string, status?: number): void;
}

const Base = PassportStrategyBase as unknown as new () => PassportStrategyActions;

function hookFrom<User>(verify: VerifyFunction<User> | VerifyFunctionWithRequest<User>, withRequest: boolean): ValidateHook<User, Request> {
  return (req, user, info) =>
    new Promise((resolve, reject) => {
      const done: VerifyDone<User> = (err, result, detail) => {
        if (err) return reject(err as Error);
        // As in passport-http-bearer, `done(null, false, 'why')` or `{ message: 'why' }` becomes the error_description.
        const message = typeof detail === 'string' ? detail : (detail as { message?: unknown } | undefined)?.message;
        if (!result && typeof message === 'string' && message) return reject(new InvalidTokenError('refused', message));
        resolve(result);
      };
      if (withRequest) (verify as VerifyFunctionWithRequest<User>)(req, user, info, done);
      else (verify as VerifyFunction<User>)(user, info, done);
    });
}

/**
 * A Passport strategy over a {@link TokenVerifier}, keeping Passport's contract so it composes with other
 * strategies: a request without a bearer token, or with a refused one, ends in
 * `fail(challenge, status)` with the exact RFC 6750 `WWW-Authenticate` value and status (so
 * `['bearer', 'anonymous']`, `['bearer', 'basic']`, `failureRedirect` and custom callbacks behave as
 * Passport documents); only a store, `resolveUser` or hook fault is `error(err)`. The refusal itself is
 * kept on the request: with `failWithError: true`, `patgateErrorHandler()` answers it as JSON, and
 * {@link requestFailure} hands it to a custom callback.
 *
 * An optional `verify` callback (last argument, as in passport-http-bearer and NestJS's
 * `PassportStrategy` mixin, whose `validate()` becomes it) can refuse a verified token: `done(null, false)`.
 *
 * @example
 * passport.use(new BearerTokenStrategy(verifier));
 * app.get('/streams', passport.authenticate('bearer', { session: false, failWithError: true }), requireScopes('streams:read'), handler);
 * app.use(patgateErrorHandler());
 */
export class BearerTokenStrategy<User = Express.User> extends Base {
  name: string;
  private readonly verifier: TokenVerifier<User>;
  private readonly options: ResolvedAuthenticateOptions;

  constructor(verifier: TokenVerifier<User>, verify?: VerifyFunction<User>);
  constructor(
    verifier: TokenVerifier<User>,
    options: BearerTokenStrategyOptions<User> & { passReqToCallback: true },
    verify: VerifyFunctionWithRequest<User>,
  );
  constructor(verifier: TokenVerifier<User>, options?: BearerTokenStrategyOptions<User>, verify?: VerifyFunction<User>);
  constructor(
    verifier: TokenVerifier<User>,
    optionsOrVerify?: BearerTokenStrategyOptions<User> | VerifyFunction<User>,
    verify?: VerifyFunction<User> | VerifyFunctionWithRequest<User>,
  ) {
    super();
    requireVerifier('BearerTokenStrategy', verifier, 'new BearerTokenStrategy');
    if (typeof optionsOrVerify === 'function') [optionsOrVerify, verify] = [{}, optionsOrVerify];
    if (verify !== undefined && typeof verify !== 'function') {
      throw new TypeError('patgate: BearerTokenStrategy takes a verify callback as its last argument; received ' + typeof verify);
    }
    const options = optionsOrVerify ?? {};
    checkKnownKeys('BearerTokenStrategy', options, ['name', 'passReqToCallback', ...AUTHENTICATE_OPTION_NAMES]);
    const { name = 'bearer', passReqToCallback = false, ...rest } = options;
    if (typeof name !== 'string' || name.length === 0) throw new TypeError("patgate: BearerTokenStrategy option `name` must be a non-empty string such as 'bearer'");
    if (verify && rest.validate) {
      throw new TypeError('patgate: BearerTokenStrategy takes either the `validate` option or a verify callback, not both');
    }
    this.name = name;
    this.verifier = verifier;
    const validate = verify ? hookFrom(verify, passReqToCallback === true) : rest.validate;
    this.options = resolveAuthenticateOptions<User>('BearerTokenStrategy', { ...rest, validate });
  }

  /** Called by Passport for each request; not called directly. */
  authenticate(req: Request, _options?: unknown): void {
    recordFailure(req, undefined);
    // Passport calls this on a fresh object per request; a synchronous verifier answers before it returns.
    settleAuthentication(req, this.verifier, this.options, this as BearerTokenStrategy<User>, req, BearerTokenStrategy.finishOf, BearerTokenStrategy.faultOf);
  }

  // Made once, shared by every request (the instance comes in as an argument).
  private static finishOf<U>(strategy: BearerTokenStrategy<U>, req: Request, outcome: RequestAuthOutcome<U>): void {
    strategy.finish(req, outcome);
  }

  private static faultOf<U>(strategy: BearerTokenStrategy<U>, req: Request, error: unknown): void {
    strategy.fault(req, error);
  }

  private finish(req: Request, outcome: RequestAuthOutcome<User>): void {
    if (outcome === null) {
      // Under passThrough, a request with no credentials at all goes through; one with another
      // Authorization scheme fails, so that the next strategy in the list (Basic, say) gets to read it.
      if (this.options.passThrough && req.headers.authorization === undefined) {
        recordRealm(req, this.options.realm);
        return this.pass();
      }
      return this.refuse(req, new TokenRequiredError(this.options.realm));
    }
    if (isRefusal(outcome)) return this.refuse(req, outcome.error);
    this.success(outcome.user, outcome.info);
  }

  /** A fault: a patgate error (thrown by a hook, say) still refuses; anything else is `error()`. */
  private fault(req: Request, error: unknown): void {
    if (isPatgateError(error)) this.refuse(req, error);
    else this.error(error);
  }

  private refuse(req: Request, error: PatgateError): void {
    recordFailure(req, error);
    this.fail(error.headers['WWW-Authenticate'], error.status);
  }
}
