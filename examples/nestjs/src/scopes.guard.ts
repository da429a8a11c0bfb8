import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeGuards } from '@patgate/middleware';
import type { Request, Response } from 'express';
import { SCOPES, type Scope } from './patgate.js';

/**
 * `@RequireScopes(['notes:write'])` on a handler or controller: the token must carry every scope named.
 * Typed by the app's vocabulary, so `@RequireScopes(['notes:wirte'])` does not compile.
 */
export const RequireScopes = Reflector.createDecorator<readonly Scope[]>();

// patgate's guards over the same vocabulary: a name outside it also fails at start-up in JavaScript.
const { requireScopes } = scopeGuards(SCOPES);

/**
 * Runs patgate's `requireScopes` for the scopes the handler declares, so the 403 (and its realm and
 * `WWW-Authenticate`) is exactly the one Express apps get. Put it after `PatAuthGuard`.
 */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    const scopes = this.reflector.getAllAndOverride(RequireScopes, [context.getHandler(), context.getClass()]);
    if (!scopes || scopes.length === 0) return Promise.resolve(true);
    const http = context.switchToHttp();
    return new Promise((resolve, reject) => {
      requireScopes(scopes)(http.getRequest<Request>(), http.getResponse<Response>(), (err?: unknown) => (err ? reject(err) : resolve(true)));
    });
  }
}
