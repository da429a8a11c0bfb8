import { MemoryTokenStore, TokenIssuer, TokenVerifier } from '@patgate/middleware';

/** The app's scope vocabulary: `@RequireScopes` accepts only these, so a typo fails to compile. */
export const SCOPES = ['notes:read', 'notes:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who a token acts for. `suspended` users are refused by the strategy's `validate()`. */
export interface AppUser {
  id: string;
  suspended: boolean;
}

/** Injection tokens for the patgate objects the app shares. */
export const VERIFIER = Symbol('patgate verifier');
export const ISSUER = Symbol('patgate issuer');

/**
 * One store, verifier and issuer for the app. Swap `MemoryTokenStore` for your database's store.
 *
 * @example
 * const { verifier, issuer } = createPatgate({ pepper: process.env.PAT_PEPPER!, users });
 */
export function createPatgate(options: { pepper: string; users: ReadonlyMap<string, AppUser> }) {
  const store = new MemoryTokenStore();
  const verifier = new TokenVerifier<AppUser>({ store, pepper: options.pepper, resolveUser: (id) => options.users.get(id) ?? null });
  const issuer = new TokenIssuer({ store, pepper: options.pepper, scopes: SCOPES, verifier });
  return { verifier, issuer };
}
