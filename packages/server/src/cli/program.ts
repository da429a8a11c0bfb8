import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerMigrate } from './commands/migrate.js';
import { registerServe } from './commands/serve.js';
import { registerTokenCreate } from './commands/token-create.js';
import { registerTokenList } from './commands/token-list.js';
import { registerTokenRevoke } from './commands/token-revoke.js';
import { registerUserCreate } from './commands/user-create.js';
import type { CliIo } from './io.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Builds the `patgate` command tree. Commander never exits the process itself (`exitOverride`): it throws,
 * and {@link run} turns that into exit code 2 for a usage error. Output goes through `io`.
 *
 * @example
 * await createProgram(processIo()).parseAsync(['token', 'list', '--user', 'you@example.com'], { from: 'user' });
 */
export function createProgram(io: CliIo): Command {
  // Settings made before `.command()` are inherited by every subcommand created from here on.
  const program = new Command('patgate')
    .description('patgate reference server: personal access tokens for Express')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .showHelpAfterError('(add --help for usage)');

  registerServe(program, io);
  registerMigrate(program, io);
  registerUserCreate(program.command('user').description('manage users'), io);
  const token = program.command('token').description('manage personal access tokens');
  registerTokenCreate(token, io);
  registerTokenList(token, io);
  registerTokenRevoke(token, io);

  addJsonOption(program);
  return program;
}

/** Every command that does something (the leaves of the tree) takes `--json`. */
function addJsonOption(command: Command): void {
  if (command.commands.length === 0) {
    command.option('--json', 'print the result as JSON on stdout (messages stay on stderr)');
    return;
  }
  for (const sub of command.commands) addJsonOption(sub);
}
