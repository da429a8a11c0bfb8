import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { requestFailure, TokenRequiredError } from '@patgate/middleware';

/**
 * Nest's AuthGuard for the `bearer` strategy, answering a refusal with patgate's own RFC 6750 error (status,
 * `WWW-Authenticate`, JSON body) instead of Nest's bare `UnauthorizedException`.
 */
@Injectable()
export class PatAuthGuard extends AuthGuard('bearer') {
  override handleRequest<TUser>(err: unknown, user: TUser | false, _info: unknown, context: ExecutionContext): TUser {
    if (err) throw err;
    if (!user) throw requestFailure(context.switchToHttp().getRequest<object>()) ?? new TokenRequiredError();
    return user;
  }
}
