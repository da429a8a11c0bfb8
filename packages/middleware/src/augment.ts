// Declares `req.user` and `req.authInfo` on Express's Request for every app that imports patgate, with or
// without @types/passport: the declarations match passport's exactly, so both merge. `AuthInfo` and `User`
// get no members here, so this can never clash with another library's augmentation of them (identical
// names with other types would be TS2430 / TS2717 in every app that has both). Read patgate's fields with
// `patAuthInfo(req)`, or opt in to typing `req.authInfo` itself as the README shows.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface AuthInfo {}
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User {}
    interface Request {
      authInfo?: AuthInfo | undefined;
      user?: User | undefined;
    }
  }
}

export {};
