#!/usr/bin/env node
// The `patgate` command. Kept as plain JavaScript outside dist/ so that npm can link the bin before the
// first build; the CLI itself is compiled from src/cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error(
    `patgate: ${fileURLToPath(main)} is missing: the server has not been built.\n` +
      'Run `npm run build` in the repository root, then try again.',
  );
  process.exit(1);
}

const { run } = await import(main.href);
const code = await run(process.argv.slice(2));
process.exitCode = code;
// Exit on our own once the work is done, even if a library left a timer or socket open.
setTimeout(() => process.exit(code), 2000).unref();
