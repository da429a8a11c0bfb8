import { expect } from 'chai';
import type { Models } from '../../src/db/models.js';
import { createUser } from '../../src/services/users.js';
import type { UserRecord } from '../../src/services/users.js';

/** Users without passwords: scrypt is deliberately slow and these tests are not about sign-in. */
export async function makeUsers<const N extends readonly string[]>(models: Models, ...names: N): Promise<{ [K in keyof N]: UserRecord }> {
  const users: UserRecord[] = [];
  for (const name of names) users.push(await createUser(models, { email: `${name}@example.com`, name }));
  return users as { [K in keyof N]: UserRecord };
}

/**
 * Asserts that the promise rejects with an instance of `type` and resolves that error for more checks.
 *
 * @example
 * const error = await rejectsWith(getStream(models, bob.id, id), NotFoundError);
 */
export async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return error as E;
  }
  expect.fail(`expected a ${type.name}, but the call succeeded`);
}
