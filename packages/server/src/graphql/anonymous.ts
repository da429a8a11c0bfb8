import { Kind, parse } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import type { Request } from 'express';

/** The operation graphql-http will run: the named one, or the only one. */
function chosenOperation(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (typeof operationName === 'string' && operationName !== '') return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Whether every root field the selection reaches (through fragments too) is in `allowed` or `__typename`. */
function onlyAllowed(
  selections: SelectionSetNode,
  allowed: ReadonlySet<string>,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: Set<string>,
): boolean {
  return selections.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' || allowed.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyAllowed(selection.selectionSet, allowed, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    // An unknown or cyclic fragment is invalid; leave it to the authenticated path to refuse.
    if (!fragment || seen.has(name)) return false;
    return onlyAllowed(fragment.selectionSet, allowed, fragments, new Set(seen).add(name));
  });
}

/**
 * Builds the test that lets a `/graphql` request through without credentials: it carries no
 * `Authorization` header, and its operation is a query whose root fields are all `@anonymous`
 * (`serverInfo`) or `__typename`. Anything else, including a query that cannot be parsed, is not
 * anonymous and goes to authentication, which answers 401 with the bearer challenge. A request that sends a
 * token is never anonymous, so a bad token is refused even for `serverInfo`.
 *
 * @example
 * const isAnonymous = anonymousRequestCheck(new Set(['serverInfo']), 2000);
 * isAnonymous(req); // true for POST { "query": "{ serverInfo { version } }" } with no Authorization
 */
export function anonymousRequestCheck(allowed: ReadonlySet<string>, maxTokens: number): (req: Request) => boolean {
  return (req) => {
    if (allowed.size === 0 || req.headers.authorization !== undefined) return false;
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (typeof params?.query !== 'string') return false;
    let document: DocumentNode;
    try {
      document = parse(params.query, { maxTokens });
    } catch {
      return false;
    }
    const operation = chosenOperation(document, params.operationName);
    if (!operation || operation.operation !== 'query') return false;
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    return onlyAllowed(operation.selectionSet, allowed, fragments, new Set());
  };
}
