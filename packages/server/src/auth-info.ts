import type { PatAuthInfo } from '@patgate/middleware';

// The server opts in to typing `req.authInfo` as patgate's (the middleware leaves `Express.AuthInfo`
// empty so that it never clashes with another library's augmentation; an app owns that choice).
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface AuthInfo extends PatAuthInfo {}
  }
}

export {};
