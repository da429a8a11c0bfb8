// Compiled by the example's build, never run: a scope name outside the app's vocabulary must not compile.
import { RequireScopes } from '../src/scopes.guard.js';

export class Typos {
  // @ts-expect-error 'notes:wirte' is not one of SCOPES
  @RequireScopes(['notes:wirte'])
  misspelt(): void {}

  @RequireScopes(['notes:read', 'notes:write'])
  fine(): void {}
}
