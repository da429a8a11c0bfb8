import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BearerTokenStrategy, type PatAuthInfo, type TokenVerifier } from '@patgate/middleware';
import { VERIFIER, type AppUser } from './patgate.js';

/**
 * patgate's strategy through Nest's mixin; it registers with Passport as `bearer`. `validate()` runs for
 * every verified token and may refuse it (return `false`): the client then gets the same 401
 * `invalid_token` as for any bad token.
 */
@Injectable()
export class PatStrategy extends PassportStrategy(BearerTokenStrategy) {
  constructor(@Inject(VERIFIER) verifier: TokenVerifier<AppUser>) {
    super(verifier);
  }

  validate(user: AppUser, info: PatAuthInfo): (AppUser & { tokenId: string }) | false {
    if (user.suspended) return false;
    return { ...user, tokenId: info.tokenId };
  }
}
