import { GraphQLError, Kind, getNamedType, isObjectType, isInterfaceType } from 'graphql';
import type {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLNamedType,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../services/pagination.js';

/** Limits of {@link queryLimitsRule}. */
export interface QueryLimits {
  /** The deepest selection allowed: `{ user { id } }` is 2 deep. Defaults to 8. */
  maxDepth?: number;
  /** The largest estimated cost allowed (see {@link queryLimitsRule}). Defaults to 5000. */
  maxCost?: number;
}

export const DEFAULT_MAX_DEPTH = 8;
export const DEFAULT_MAX_COST = 5000;

interface Measure {
  depth: number;
  cost: number;
}

/** How many items a paginated field may return: its literal `limit`, the maximum for a variable, else the default. */
function pageSize(field: FieldNode): number {
  const value = field.arguments?.find((a) => a.name.value === 'limit')?.value;
  if (!value) return DEFAULT_LIMIT;
  // Out-of-range literals are refused by the resolver's own validation; here they only must not lower the cost.
  return value.kind === Kind.INT ? Math.min(Math.max(Number(value.value), 1), MAX_LIMIT) : MAX_LIMIT;
}

/**
 * Measures selection sets once per fragment (memoised), so a query that spreads one fragment many times
 * over many levels costs linear time to measure rather than exponential; a fragment cycle (which
 * graphql-js's NoFragmentCyclesRule reports) measures as empty instead of recursing forever.
 */
class Measurer {
  private readonly fragments = new Map<string, Measure>();
  private readonly visiting = new Set<string>();

  constructor(private readonly context: ValidationContext) {}

  selectionSet(node: SelectionSetNode | undefined, type: GraphQLNamedType | undefined): Measure {
    const total: Measure = { depth: 0, cost: 0 };
    for (const selection of node?.selections ?? []) {
      let part: Measure;
      if (selection.kind === Kind.FIELD) {
        const fieldDef = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        const child = this.selectionSet(selection.selectionSet, fieldDef ? getNamedType(fieldDef.type) : undefined);
        // A paginated field repeats its selection once per item it may return.
        const repeat = fieldDef?.args.some((a) => a.name === 'limit') ? pageSize(selection) : 1;
        part = { depth: 1 + child.depth, cost: 1 + repeat * child.cost };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? this.context.getSchema().getType(selection.typeCondition.name.value) : type;
        part = this.selectionSet(selection.selectionSet, condition ?? undefined);
      } else {
        part = this.fragment(this.context.getFragment(selection.name.value));
      }
      total.depth = Math.max(total.depth, part.depth);
      total.cost += part.cost;
    }
    return total;
  }

  private fragment(node: FragmentDefinitionNode | null | undefined): Measure {
    if (!node) return { depth: 0, cost: 0 };
    const name = node.name.value;
    const known = this.fragments.get(name);
    if (known) return known;
    if (this.visiting.has(name)) return { depth: 0, cost: 0 };
    this.visiting.add(name);
    const type = this.context.getSchema().getType(node.typeCondition.name.value) ?? undefined;
    const measure = this.selectionSet(node.selectionSet, type);
    this.visiting.delete(name);
    this.fragments.set(name, measure);
    return measure;
  }
}

/**
 * A graphql-js validation rule that refuses operations nested deeper than `maxDepth` or costing more than
 * `maxCost`, fragments included. Cost: every field costs 1, and a field that takes `limit` (a page of
 * streams or commits) multiplies what is selected inside it by the page size asked for (a variable counts
 * as the maximum, 100; no argument as the default, 25). So aliasing a field 5000 times, or nesting 100
 * commits inside each of 100 streams, is refused before any resolver runs.
 *
 * @example
 * const errors = validate(schema, parse(query), [...specifiedRules, queryLimitsRule({ maxDepth: 8, maxCost: 5000 })]);
 */
export function queryLimitsRule(limits: QueryLimits = {}): ValidationRule {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxCost = limits.maxCost ?? DEFAULT_MAX_COST;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new TypeError('queryLimitsRule: `maxDepth` must be a positive integer');
  if (!Number.isFinite(maxCost) || maxCost < 1) throw new TypeError('queryLimitsRule: `maxCost` must be a positive number');

  return (context: ValidationContext): ASTVisitor => {
    const measurer = new Measurer(context);
    return {
      OperationDefinition(node) {
        const root = context.getSchema().getRootType(node.operation) ?? undefined;
        const { depth, cost } = measurer.selectionSet(node.selectionSet, root);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: node,
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth },
            }),
          );
        }
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`The query's estimated cost is ${cost}; the limit is ${maxCost}`, {
              nodes: node,
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost },
            }),
          );
        }
      },
    };
  };
}
