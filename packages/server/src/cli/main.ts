import { CommanderError } from 'commander';
import { CliError, processIo } from './io.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs the `patgate` CLI and resolves its exit code: 0 on success, 1 when the input was understood but
 * refused (unknown user, unknown scope, bad configuration, a taken email), 2 for a usage error (unknown
 * command or option, missing or malformed option value). Never calls `process.exit`.
 *
 * @param argv - the arguments after the program name, e.g. `process.argv.slice(2)`.
 * @example
 * process.exitCode = await run(['token', 'revoke', '3Fq9ZkP1aB']);
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  // Commander has already printed its message (and help, where it chose to).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`patgate: ${message}\n`);
  if (!(error instanceof CliError) && io.env.PATGATE_DEBUG && error instanceof Error && error.stack) {
    io.stderr(`${error.stack}\n`);
  }
  return error instanceof CliError ? error.exitCode : 1;
}
