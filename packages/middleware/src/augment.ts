import type { PatAuthInfo } from './types.js';

// Types `req.authInfo` for every app that imports patgate, with or without @types/passport. The property
// declarations match passport's exactly, so both augmentations merge.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface AuthInfo extends PatAuthInfo {}
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User {}
    interface Request {
      authInfo?: AuthInfo | undefined;
      user?: User | undefined;
    }
  }
}

export {};
