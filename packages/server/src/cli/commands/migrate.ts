import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { printResult } from '../io.js';
import type { CliIo } from '../io.js';

/**
 * `patgate migrate`: applies pending schema migrations and names them. `serve` and every other command
 * migrate too; this one is for deployments that migrate as a separate release step.
 *
 * @example
 * registerMigrate(program, processIo()); // patgate migrate --json -> {"applied":["0001-initial-schema"]}
 */
export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (options: { json?: boolean }) => {
      const applied = await withDatabase(io, async (db) => db.applied);
      printResult(io, options.json, { applied }, () =>
        applied.length === 0 ? 'The database schema is up to date.' : `Applied migrations: ${applied.join(', ')}.`,
      );
    });
}
