/**
 * Reading rows without building model instances (`raw: true`), for the lookups every request makes.
 * PostgreSQL returns dates as `Date`; SQLite, read raw, returns its stored text
 * (`2026-12-01 10:10:38.677 +00:00`), which this turns into the same `Date` the model would have built.
 *
 * @example
 * const row = await models.ApiToken.findByPk(id, { raw: true });
 * const expiresAt = nullableDate(row.expiresAt);
 */
export function plainDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * {@link plainDate} for a nullable column.
 *
 * @example
 * nullableDate(row.revokedAt); // null or a Date
 */
export function nullableDate(value: Date | string | null): Date | null {
  return value === null ? null : plainDate(value);
}
