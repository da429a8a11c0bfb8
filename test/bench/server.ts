// One benchmark server in its own process: `node --import=tsx server.ts <variant>`. The runner starts it
// pinned to one core; it answers over IPC with `{ url, tokens }` once it listens. Its stdout is the
// reference server's request log, which the runner sends to a file.
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { bare, bcryptPerRequest, handWritten, handWrittenHmac, jwtRs256, passportHttpBearer, sqlitePerRequest } from './apps/baselines.js';
import type { Built } from './apps/common.js';
import { patgateAuthenticate, patgateStrategy } from './apps/patgate.js';
import { referenceServer } from './apps/reference.js';

/** Every server the runner can start, by the name its scenarios use. */
export const SERVERS: Record<string, () => Built | Promise<Built>> = {
  bare,
  handWritten: () => handWritten(),
  handWrittenHmac,
  passportHttpBearer,
  jwtRs256,
  bcrypt: bcryptPerRequest,
  sqlite: sqlitePerRequest,
  patgateAuthenticate,
  patgateStrategy,
  reference: referenceServer,
};

async function main(name: string | undefined): Promise<void> {
  const build = name === undefined ? undefined : SERVERS[name];
  if (!build || !process.send) throw new Error(`usage (from run.ts): server.ts <${Object.keys(SERVERS).join('|')}>`);
  const built = await build();
  let url: string;
  if ('url' in built) {
    url = built.url;
  } else {
    const server = built.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  process.send({ url, tokens: built.tokens });
  process.on('message', (message) => void profiler(message));
  // Exits when the runner does, whatever keeps the event loop alive (database handles, timers).
  process.on('disconnect', () => process.exit(0));
}

let session: Session | undefined;

/** `profile:start` and `profile:stop` from profile.ts: a CPU profile of exactly the measured window. */
async function profiler(message: unknown): Promise<void> {
  if (message === 'profile:start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    process.send!('profile:started');
  } else if (message === 'profile:stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    process.send!({ profile });
  }
}

await main(process.argv[2]);
