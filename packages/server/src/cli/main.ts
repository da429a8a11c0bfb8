import { CommanderError } from 'commander';
import { PatgateError } from '@patgate/middleware';
import { ServiceError } from '../services/errors.js';
import { CliError, processIo } from './io.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs the `patgate` CLI and resolves its exit code. One rule: 0 on success; 2 for a usage error, caught
 * before anything runs (unknown command or option, a missing option, a malformed or empty option value
 * such as `--expires-in 3x` or `--name ""`); 1 when the input was understood but refused (unknown user,
 * unknown scope, taken email, passwords that differ, bad configuration, an unreachable database).
 * With `--json` an error is also written to stdout as `{ "error": { "code", "message" } }`. Never calls
 * `process.exit`.
 *
 * @param argv - the arguments after the program name, e.g. `process.argv.slice(2)`.
 * @example
 * process.exitCode = await run(['token', 'revoke', '3Fq9ZkP1aB']);
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes('--json');
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return report(error, io, json);
  }
}

/** Commander's codes (`commander.unknownOption`) as the JSON error's snake_case code (`unknown_option`). */
const usageCode = (code: string) => code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function describe(error: unknown): { code: string; message: string; exitCode: number } {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (and help, where it chose to) on stderr.
    const message = error.message.replace(/^error: /, '');
    return { code: usageCode(error.code), message, exitCode: error.exitCode === 0 ? 0 : 2 };
  }
  if (error instanceof CliError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (error instanceof ServiceError || error instanceof PatgateError) return { code: error.code, message: error.message, exitCode: 1 };
  const message = error instanceof Error ? error.message : String(error);
  const code = message.startsWith('Invalid configuration') ? 'invalid_configuration' : 'failed';
  return { code, message, exitCode: 1 };
}

function report(error: unknown, io: CliIo, json: boolean): number {
  const { code, message, exitCode } = describe(error);
  if (exitCode === 0) return 0;
  if (!(error instanceof CommanderError)) io.stderr(`patgate: ${message}\n`);
  if (json) io.stdout(`${JSON.stringify({ error: { code, message } })}\n`);
  if (!(error instanceof CliError) && !(error instanceof CommanderError) && io.env.PATGATE_DEBUG && error instanceof Error && error.stack) {
    io.stderr(`${error.stack}\n`);
  }
  return exitCode;
}
