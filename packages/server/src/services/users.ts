import { UniqueConstraintError } from 'sequelize';
import type { Models, ServerRole, UserAttributes, UserRow } from '../db/models.js';
import { plainDate } from '../db/plain-rows.js';
import { BadInputError, ConflictError, NotFoundError } from './errors.js';
import { newId } from './ids.js';
import { dummyPasswordHash, hashPassword, passwordMatches } from './passwords.js';

/** A user as services hand it out: every column but the password hash, which never leaves this module. */
export type UserRecord = Omit<UserAttributes, 'passwordHash'>;

/** What other people (and tokens without an email scope) may see of a user. */
export interface PublicUser {
  id: string;
  name: string;
  bio: string | null;
  company: string | null;
  avatar: string | null;
  email?: string;
}

/** Input of {@link createUser}. */
export interface CreateUserInput {
  email: string;
  name: string;
  /** `null` or absent creates a user who cannot sign in with a password (one made by the CLI for tokens). */
  password?: string | null;
  /** Defaults to `'server:user'`. */
  serverRole?: ServerRole;
  bio?: string | null;
  company?: string | null;
  avatar?: string | null;
}

function toUserRecord(row: UserRow): UserRecord {
  const { id, email, name, bio, company, avatar, serverRole, createdAt, updatedAt } = row;
  return { id, email, name, bio, company, avatar, serverRole, createdAt, updatedAt };
}

/** Every column of a {@link UserRecord}: the password hash is never even read where it is not needed. */
const USER_RECORD_COLUMNS = ['id', 'email', 'name', 'bio', 'company', 'avatar', 'serverRole', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof UserRecord)[];
// A column added to UserRecord but not to the list above fails to compile here.
const everyColumn: Exclude<keyof UserRecord, (typeof USER_RECORD_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;

type PlainUserRow = Omit<UserRecord, 'createdAt' | 'updatedAt'> & { createdAt: Date | string; updatedAt: Date | string };

/** The longest name a user may have: the `users.name` column is `varchar(255)` (migration 0001). */
export const MAX_NAME_LENGTH = 255;

/** The longest email address: 320 characters (64 + `@` + 255, RFC 3696), the `users.email` column's size. */
export const MAX_EMAIL_LENGTH = 320;

/**
 * An email as it is stored and compared: trimmed and lower-cased (so comparisons are case-insensitive
 * everywhere), or null for anything but a string. It does not check the form; {@link createUser} does.
 *
 * @example
 * normalizeEmail(' Ada@Example.COM '); // 'ada@example.com'
 * normalizeEmail(undefined); // null
 */
export function normalizeEmail(email: unknown): string | null {
  return typeof email === 'string' ? email.trim().toLowerCase() : null;
}

/**
 * What an email address must look like: something, one `@`, something, no spaces. Deliberately loose (the
 * address is confirmed by use, not by a pattern); sign-up, the CLI and the sign-in limits share it.
 *
 * @example
 * EMAIL_PATTERN.test('ada@example.com'); // true
 */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+$/;

// C0 controls and DEL: never part of a name or an address, and PostgreSQL refuses NUL in text outright.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Length in characters (code points), the way PostgreSQL counts `varchar(n)`. */
const characters = (value: string) => [...value].length;

/** The normalized email, or BadInputError naming the field: the database must never be the one to refuse it. */
function checkedEmail(input: unknown): string {
  const email = normalizeEmail(input);
  if (email === null || !EMAIL_PATTERN.test(email) || CONTROL_CHARACTER.test(email)) {
    throw new BadInputError('A valid email address is required');
  }
  if (characters(email) > MAX_EMAIL_LENGTH) throw new BadInputError(`The email address must be at most ${MAX_EMAIL_LENGTH} characters`);
  return email;
}

/** The trimmed name, or BadInputError naming the field. */
function checkedName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name === '') throw new BadInputError('A name is required');
  if (CONTROL_CHARACTER.test(name)) throw new BadInputError('The name must not contain control characters');
  if (characters(name) > MAX_NAME_LENGTH) throw new BadInputError(`The name must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

/** The shortest password any account may have, whether made on the sign-up page or by the CLI. */
export const MIN_PASSWORD_LENGTH = 8;

/** The longest: scrypt reads all of it, so unbounded input would be a cheap way to load the server. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The one password rule, for sign-up, `user create` and `user set-password`. */
function checkPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new BadInputError(`The password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
}

/**
 * Replaces a user's password (scrypt, like {@link createUser}); BadInputError outside the password rule,
 * NotFoundError for an unknown id.
 *
 * @example
 * await setPassword(models, user.id, 'a new long passphrase');
 */
export async function setPassword(models: Models, userId: string, password: string): Promise<void> {
  checkPassword(password);
  const [changed] = await models.User.update({ passwordHash: await hashPassword(password) }, { where: { id: userId } });
  if (changed === 0) throw new NotFoundError('User not found');
}

/**
 * Every user, oldest first (for `patgate user list`).
 *
 * @example
 * const admins = (await listUsers(models)).filter((u) => u.serverRole === 'server:admin');
 */
export async function listUsers(models: Models): Promise<UserRecord[]> {
  const rows = await models.User.findAll({ order: [['createdAt', 'ASC'], ['id', 'ASC']] });
  return rows.map(toUserRecord);
}

/**
 * Creates a user, hashing the password with scrypt. Rejects with ConflictError when the email is taken
 * (in any letter case) and BadInputError, whose message names the field, for an unusable email (malformed,
 * or longer than {@link MAX_EMAIL_LENGTH}), name (empty, or longer than {@link MAX_NAME_LENGTH}), role or
 * password (outside {@link MIN_PASSWORD_LENGTH} to {@link MAX_PASSWORD_LENGTH} characters), so over-long input never reaches the database as a varchar overflow.
 *
 * @example
 * const admin = await createUser(models, { email: 'Ada@Example.com', name: 'Ada', password: 'a long passphrase', serverRole: 'server:admin' });
 * admin.email; // 'ada@example.com'
 */
export async function createUser(models: Models, input: CreateUserInput): Promise<UserRecord> {
  const email = checkedEmail(input.email);
  const name = checkedName(input.name);
  const serverRole = input.serverRole ?? 'server:user';
  if (serverRole !== 'server:user' && serverRole !== 'server:admin') throw new BadInputError('Unknown server role');
  const { password } = input;
  if (password !== undefined && password !== null) checkPassword(password);
  const passwordHash = typeof password === 'string' ? await hashPassword(password) : null;
  try {
    const row = await models.User.create({
      id: newId(),
      email,
      name,
      bio: input.bio ?? null,
      company: input.company ?? null,
      avatar: input.avatar ?? null,
      passwordHash,
      serverRole,
    });
    return toUserRecord(row);
  } catch (error) {
    // The unique index decides, not a prior SELECT, so two concurrent sign-ups cannot both win.
    if (error instanceof UniqueConstraintError) throw new ConflictError('A user with this email already exists');
    throw error;
  }
}

/**
 * The user with this email and password, or null. Takes the same time whether or not the email exists,
 * and compares hashes in constant time.
 *
 * @example
 * const user = await verifyPassword(models, req.body.email, req.body.password);
 * if (!user) return res.status(401).render('login', { error: 'Wrong email or password' });
 */
export async function verifyPassword(models: Models, email: string, password: string): Promise<UserRecord | null> {
  const normalized = normalizeEmail(email);
  const row = normalized === null ? null : await models.User.findOne({ where: { email: normalized } });
  const stored = row?.passwordHash ?? (await dummyPasswordHash());
  const matches = await passwordMatches(typeof password === 'string' ? password : '', stored);
  return row && row.passwordHash !== null && matches ? toUserRecord(row) : null;
}

/**
 * The user with this id, or null (also for ids that cannot exist, such as non-strings).
 *
 * @example
 * const user = await getUserById(models, req.params.id);
 * if (!user) throw new NotFoundError('User not found');
 */
export async function getUserById(models: Models, id: string): Promise<UserRecord | null> {
  if (typeof id !== 'string') return null;
  // A plain row of the public columns: this runs for every token request whose user is not cached.
  const row = (await models.User.findByPk(id, { attributes: [...USER_RECORD_COLUMNS], raw: true })) as PlainUserRow | null;
  return row ? { ...row, createdAt: plainDate(row.createdAt), updatedAt: plainDate(row.updatedAt) } : null;
}

/**
 * The user with this email in any letter case, or null.
 *
 * @example
 * const user = await getUserByEmail(models, 'ADA@example.com');
 */
export async function getUserByEmail(models: Models, email: string): Promise<UserRecord | null> {
  const normalized = normalizeEmail(email);
  if (normalized === null) return null;
  const row = await models.User.findOne({ where: { email: normalized } });
  return row ? toUserRecord(row) : null;
}

/**
 * How many users exist (for example, to make the first one a server admin).
 *
 * @example
 * const serverRole = (await countUsers(models)) === 0 ? 'server:admin' : 'server:user';
 */
export function countUsers(models: Models): Promise<number> {
  return models.User.count();
}

/**
 * The fields of a user anyone may see, plus the email only when asked for (the caller decides from the
 * token's scopes and server role).
 *
 * @example
 * res.json(toPublicUser(user, { includeEmail: req.authInfo.scopes.includes('profile:email') }));
 */
export function toPublicUser(
  user: Pick<UserRecord, 'id' | 'name' | 'bio' | 'company' | 'avatar' | 'email'>,
  { includeEmail }: { includeEmail: boolean },
): PublicUser {
  const visible: PublicUser = { id: user.id, name: user.name, bio: user.bio, company: user.company, avatar: user.avatar };
  if (includeEmail) visible.email = user.email;
  return visible;
}
