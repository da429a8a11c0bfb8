import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { read } from 'read';

/**
 * Everything a CLI command touches outside itself, so that commands run the same in a terminal and in a
 * test: where results and messages go, standard input, the environment and the working directory.
 *
 * @example
 * const io = processIo();
 * io.stdout('done\n');
 */
export interface CliIo {
  /** Results: JSON with `--json`, otherwise text for people. Nothing else ever goes here. */
  stdout(text: string): void;
  /** Messages, warnings and errors. */
  stderr(text: string): void;
  /** All of standard input up to its end; from a terminal, the first line. */
  readStdin(): Promise<string>;
  /** Whether standard input is a terminal (someone typing) rather than a pipe. */
  stdinIsTty: boolean;
  /**
   * Asks on the terminal (prompt on stderr) and reads one line without echoing it. Only called when
   * `stdinIsTty`; rejects with a `CliError` when the person presses Ctrl-C or Ctrl-D.
   */
  readSecret(prompt: string): Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The real process's streams, environment and working directory.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      // Someone typing cannot be expected to press Ctrl-D: a terminal gives one line.
      if (process.stdin.isTTY) {
        const rl = createInterface({ input: process.stdin, terminal: false });
        const [line] = (await once(rl, 'line')) as [string];
        rl.close();
        return line;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinIsTty: process.stdin.isTTY === true,
    readSecret: (prompt) =>
      read({ prompt, silent: true, input: process.stdin, output: process.stderr }).catch(() => {
        throw new CliError('Cancelled: no password was entered.');
      }),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Input the command understood but refused (an unknown user, a token id that does not exist, passwords
 * that do not match): printed as one line on stderr (with `--json`, as `{ "error": { code, message } }` on
 * stdout), exit code 1, no stack.
 *
 * @example
 * throw new CliError(`No user with the email ${email}. Create one with \`patgate user create\`.`, 'user_not_found');
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** The `code` of the JSON error. */
    readonly code = 'refused',
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * Writes a command's result: `value` as one line of JSON when `--json` was given, otherwise the text
 * `human()` returns.
 *
 * @example
 * printResult(io, options.json, { id: user.id }, () => `Created user ${user.email}.`);
 */
export function printResult(io: CliIo, json: boolean | undefined, value: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}
