import type { Command } from 'commander';
import { createLogger } from '../../logger.js';
import type { ListeningInfo } from '../../server.js';
import { loadCliConfig } from '../database.js';
import type { CliIo } from '../io.js';

/**
 * `patgate serve`: applies pending migrations and runs the HTTP server until SIGINT or SIGTERM, then
 * finishes in-flight requests, closes the database and resolves (exit code 0).
 *
 * @example
 * registerServe(program, processIo()); // PORT=8080 patgate serve
 */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('start the server (HOST, PORT, DATABASE_URL, … from the environment)')
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(io);
      const onListening = (info: ListeningInfo) => {
        if (options.json) return io.stdout(`${JSON.stringify(info)}\n`);
        io.stdout(`patgate listening on ${info.url}\n`);
        if (info.firstUserCommand) {
          io.stdout(`No users yet. Create the first admin (it asks for the password twice and does not show it):\n  ${info.firstUserCommand}\n`);
        }
      };
      // Loaded here, not at the top: the other commands then start without Express and every route.
      const { startServer } = await import('../../server.js');
      const server = await startServer(config, { logger: createLogger(config.logLevel), onListening });
      await server.closed;
    });
}
