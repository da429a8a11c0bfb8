import { initialSchema } from './0001-initial-schema.js';
import { sessions } from './0002-sessions.js';
import { tokenLineage } from './0003-token-lineage.js';
import { tokenEvents } from './0005-token-events.js';
import { tokenLastUse } from './0004-token-last-use.js';
import { tokenRotatedAt } from './0004-token-rotated-at.js';
import { speckleClientFields } from './0007-speckle-client-fields.js';
import { tokenNotices } from './0008-token-notices.js';
import { tokenResourceIds } from './0008-token-resource-ids.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/**
 * Every migration, oldest first. Listed here rather than globbed from disk so that the same code runs
 * under tsx (`.ts`) and from the compiled build (`.js`). Append new ones; never edit an applied one.
 */
export const migrations: readonly Migration[] = [
  initialSchema,
  sessions,
  tokenLineage,
  tokenEvents,
  speckleClientFields,
  tokenLastUse,
  tokenRotatedAt,
  tokenResourceIds,
  tokenNotices,
];
