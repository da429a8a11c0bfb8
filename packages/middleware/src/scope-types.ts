/**
 * Public types of the scope guards. Re-exported by `types.ts`, the one place public types are listed.
 */
import type { RequestHandler } from 'express';

/**
 * One argument of a scope guard: a scope name or a list of them. `S` is the app's scope vocabulary
 * (`string` when untyped).
 *
 * @example
 * const needed: ScopeArgument<'notes:read' | 'notes:write'>[] = ['notes:read', ['notes:write']];
 */
export type ScopeArgument<S extends string> = S | readonly S[];

/**
 * The guards `scopeGuards(vocabulary)` returns, typed by the vocabulary so a misspelt scope fails to
 * compile.
 *
 * @example
 * const { requireScopes }: ScopeGuards<'notes:read'> = scopeGuards(['notes:read']);
 */
export interface ScopeGuards<S extends string> {
  /** Like `requireScopes`: every one of `scopes`. */
  requireScopes(...scopes: ScopeArgument<S>[]): RequestHandler;
  /** Like `requireAnyScope`: at least one of `scopes`. */
  requireAnyScope(...scopes: ScopeArgument<S>[]): RequestHandler;
}
