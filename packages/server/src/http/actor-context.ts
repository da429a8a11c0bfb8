import type { ActorContext, RequestContext, TokenEventActor } from '@patgate/middleware';
import type { Request } from 'express';

/**
 * Where a request came from, for token events: the client address (honouring `PATGATE_TRUST_PROXY`) and
 * its user agent.
 *
 * @example
 * await verifier.verify(token, requestContext(req));
 */
export function requestContext(req: Request): RequestContext {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

/**
 * Who is changing a token through this request, for the issuer's events.
 *
 * @example
 * await issuer.revoke(user.id, tokenId, actorContext(req, 'self'));
 */
export function actorContext(req: Request, actor: TokenEventActor, url?: string): ActorContext {
  return { actor, ...requestContext(req), ...(url !== undefined && { url }) };
}
