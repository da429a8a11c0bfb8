import { createRequire } from 'node:module';
import { Command, Help } from 'commander';
import type { Option } from 'commander';
import { registerMigrate } from './commands/migrate.js';
import { registerServe } from './commands/serve.js';
import { registerTokenCreate } from './commands/token-create.js';
import { registerTokenList } from './commands/token-list.js';
import { registerTokenRevoke } from './commands/token-revoke.js';
import { registerUserCreate } from './commands/user-create.js';
import { registerUserList } from './commands/user-list.js';
import { registerUserSetPassword } from './commands/user-set-password.js';
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
    .showHelpAfterError('(add --help for usage)')
    // Inherited by every subcommand: required options say so in --help.
    .configureHelp({ optionDescription: describeOption });

  registerServe(program, io);
  registerMigrate(program, io);
  const user = program.command('user').description('manage users');
  registerUserCreate(user, io);
  registerUserList(user, io);
  registerUserSetPassword(user, io);
  const token = program.command('token').description('manage personal access tokens');
  registerTokenCreate(token, io);
  registerTokenList(token, io);
  registerTokenRevoke(token, io);

  addJsonOption(program);
  return program;
}

const plainHelp = new Help();

/** Commander's description of an option, marked "(required)" for a `requiredOption`. */
function describeOption(option: Option): string {
  const text = plainHelp.optionDescription(option);
  return option.mandatory ? `(required) ${text}` : text;
}

/** Every command that does something (the leaves of the tree) takes `--json`. */
function addJsonOption(command: Command): void {
  if (command.commands.length === 0) {
    command.option('--json', 'print the result, or the error as { "error": { "code", "message" } }, as JSON on stdout (messages for people stay on stderr)');
    return;
  }
  for (const sub of command.commands) addJsonOption(sub);
}
