import { addColumns, DATE_COLUMN } from './add-columns.js';

/**
 * `api_tokens.rotatedAt`: when a rotation replaced the token. A rotated token works until its `expiresAt`
 * (the end of the rotation's grace window) and cannot be rotated again; the column is the mark that makes
 * the store's `retire` atomic.
 */
export const tokenRotatedAt = addColumns('0004-token-rotated-at', [['api_tokens', 'rotatedAt', DATE_COLUMN]]);
