import { AssertionError } from 'node:assert';
import { inspect, isDeepStrictEqual } from 'node:util';
import type { StoredToken } from '../types.js';

/** Shows a value in a failure message: dates as ISO strings, the rest as `util.inspect` does. */
function show(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  return inspect(value, { depth: 4, breakLength: Infinity });
}

/**
 * Fails with a message naming the store method, what was checked, what was expected and what came back,
 * e.g. `findById('AbC…'): field \`revokedAt\`: expected Date(2026-01-01T12:00:02.123Z), got null`.
 *
 * @example
 * expectSame('revoke(id, at) on a live token', 'the result', await store.revoke(id, at), true);
 */
export function expectSame(call: string, what: string, actual: unknown, expected: unknown): void {
  if (isDeepStrictEqual(actual, expected)) return;
  const message = `TokenStore ${call}: ${what}: expected ${show(expected)}, got ${show(actual)}`;
  const error = new AssertionError({ message, actual, expected, operator: 'deepStrictEqual' });
  // Node appends its own diff to a message given with actual and expected; ours already says it all.
  error.message = message;
  throw error;
}

/**
 * Checks a record field by field, so a failure names the field (`lastUsedAt`, `revokedAt`, …) rather
 * than printing two whole records.
 *
 * @example
 * expectRecord(`findById('${token.id}')`, await store.findById(token.id), token);
 */
export function expectRecord(call: string, actual: StoredToken | null | undefined, expected: StoredToken): void {
  if (actual === null || actual === undefined || typeof actual !== 'object') {
    expectSame(call, 'the result', actual, 'the stored token');
    return;
  }
  for (const key of Object.keys(expected) as (keyof StoredToken)[]) {
    // `rotatedAt` belongs to stores with `retire`; one without may leave it out (it reads as null).
    const value = key === 'rotatedAt' && !(key in actual) ? null : actual[key];
    expectSame(call, `field \`${key}\``, value, expected[key]);
  }
  const extra = Object.keys(actual).filter((key) => !(key in expected));
  expectSame(call, 'fields beyond StoredToken', extra, []);
}

/**
 * Checks that a promise (or a synchronous call) rejects, naming the call when it does not.
 *
 * @example
 * await expectRejects(`insert(token with the existing id '${id}')`, () => store.insert(copy));
 */
export async function expectRejects(call: string, body: () => unknown): Promise<void> {
  try {
    await body();
  } catch {
    return;
  }
  throw new AssertionError({ message: `TokenStore ${call}: expected a rejection (duplicate id), but it resolved`, operator: 'rejects' });
}
