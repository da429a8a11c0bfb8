import { randomUUID } from 'node:crypto';
import { NotFoundError } from './errors.js';

/**
 * A new primary key for a user, stream or commit. UUIDs need no coordination between server instances.
 *
 * @example
 * await models.Stream.create({ id: newId(), name: 'Bridge' });
 */
export function newId(): string {
  return randomUUID();
}

/**
 * Narrows an id from outside (a URL, a GraphQL argument) to a string a query can use. Anything else names
 * nothing that exists, so it is "not found" rather than a database error or an operator injection.
 *
 * @example
 * const id = requireId(req.params.id, 'Stream');
 */
export function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) throw new NotFoundError(`${what} not found`);
  return value;
}
