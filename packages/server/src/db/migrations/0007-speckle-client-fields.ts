import { addColumns } from './add-columns.js';

/** `streams.isDiscoverable` and the commit fields of Speckle's `CommitCreateInput`. */
export const speckleClientFields = addColumns('0007-speckle-client-fields', [
  ['streams', 'isDiscoverable', 'BOOLEAN NOT NULL DEFAULT false'],
  ['commits', 'sourceApplication', 'VARCHAR(255)'],
  ['commits', 'totalChildrenCount', 'INTEGER'],
  // A JSON array of commit ids as text, like api_tokens.scopes: the same on SQLite and PostgreSQL.
  ['commits', 'parents', 'TEXT'],
]);
