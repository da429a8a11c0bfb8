import { GraphQLError, Kind } from 'graphql';
import type { GraphQLScalarType, GraphQLSchema, ValueNode } from 'graphql';

/** Dates leave as ISO 8601 strings, exactly as `res.json` writes them on the REST side. */
function serializeDate(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw new GraphQLError('DateTime cannot represent a non-date value');
}

const DIGITS = /^-?\d{1,16}$/;

/** A whole number within JavaScript's safe range, from a number or a string of digits; anything else throws. */
function toSafeInteger(value: unknown): number {
  const number = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
  throw new GraphQLError(`BigInt must be a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
}

function parseBigIntLiteral(node: ValueNode): number {
  if (node.kind === Kind.INT || node.kind === Kind.STRING) return toSafeInteger(node.value);
  throw new GraphQLError('BigInt must be a whole number', { nodes: node });
}

/**
 * Gives the SDL's scalars their behaviour: `DateTime` out as ISO 8601 (inputs never take dates), and
 * `BigInt` (Speckle's lifespans, in milliseconds) as a JSON number in and out, also accepted as a string of
 * digits as Speckle's clients may send it. Whole numbers beyond 2^53 are refused rather than rounded;
 * no lifespan comes near them.
 *
 * @example
 * const schema = buildSchema(TYPE_DEFS);
 * applyScalars(schema);
 */
export function applyScalars(schema: GraphQLSchema): void {
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  dateTime.serialize = serializeDate;
  const bigInt = schema.getType('BigInt') as GraphQLScalarType;
  bigInt.serialize = toSafeInteger;
  bigInt.parseValue = toSafeInteger;
  bigInt.parseLiteral = parseBigIntLiteral;
}
