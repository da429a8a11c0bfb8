// PostgreSQL refused and frozen while requests run, through a TCP proxy the test controls: every request
// in the outage gets 503 database_unavailable with Retry-After within PATGATE_DB_TIMEOUT_MS, the process
// keeps running with a flat number of open files, and service is back within 2 s of the restore.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { PG_URL, cli, startInstance, type Instance } from '../helpers/instances.js';
import { OUTAGE_MS, freshPgDatabase, openFds, requireServices, sleep, trafficLoop, within } from '../helpers/faults.js';
import { startTcpProxy, type ProxyMode, type TcpProxy } from '../helpers/tcp-proxy.js';

const TIMEOUT_MS = 1000;
/** What a loaded CI machine may add to the timeout before the answer is out. */
const SLACK_MS = 1500;

describe('PostgreSQL outages (fault)', function () {
  this.timeout(OUTAGE_MS * 2 + 120_000);
  let proxy: TcpProxy;
  let database: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
  let server: Instance;
  let token: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    await requireServices(this, PG_URL);
    database = await freshPgDatabase();
    proxy = await startTcpProxy(database.url.host);
    const viaProxy = new URL(database.url);
    viaProxy.host = proxy.address;
    env = {
      ...process.env,
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: '',
      PATGATE_SECRET: randomBytes(32).toString('base64url'),
      PATGATE_DB_TIMEOUT_MS: String(TIMEOUT_MS),
      // Every request reads the token from the database, so every request meets the outage.
      PATGATE_TOKEN_CACHE_TTL_MS: '0',
      PATGATE_RATE_LIMIT_PER_MINUTE: '0',
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    await cli(env, 'migrate');
    await cli(env, 'user', 'create', '--email', 'ada@example.com', '--name', 'Ada');
    ({ token } = (await cli(env, 'token', 'create', '--user', 'ada@example.com', '--name', 'f', '--scopes', 'profile:read,streams:read')) as { token: string });
    server = await startInstance(env);
  });

  after(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const get = (path: string) => () => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  for (const mode of ['refuse', 'freeze'] as ProxyMode[]) {
    it(`${mode}: 503 database_unavailable with Retry-After within the timeout, then back within 2 s`, async () => {
      expect((await get('/api/user')()).status).to.equal(200);
      const fdsBefore = openFds(server.child.pid!);
      const traffic = trafficLoop({ user: get('/api/user'), streams: get('/api/streams') }, 2);
      await sleep(500);
      const cut = Date.now();
      proxy.mode = mode;
      await sleep(OUTAGE_MS);
      const fdsDuring = openFds(server.child.pid!);
      proxy.mode = 'pass';
      const restored = Date.now();
      const back = await within(2000 + SLACK_MS, async () => (await get('/api/user')()).status === 200, 'service back after the restore');
      await sleep(300);
      await traffic.stop();

      expect(server.child.exitCode, 'the server process exited').to.equal(null);
      const during = traffic.answers.filter((a) => a.at > cut + TIMEOUT_MS + SLACK_MS && a.at + a.ms < restored);
      if (process.env.FAULT_DEBUG) console.log(traffic.answers.map((a) => `${a.label} ${a.at - cut} +${a.ms} ${a.status} ${a.code ?? ''}`).join('\n'));
      expect(during.length, 'requests answered during the outage').to.be.greaterThan(4);
      for (const answer of during) {
        expect(answer, JSON.stringify(answer)).to.include({ status: 503, code: 'database_unavailable' });
        expect(answer.retryAfter, 'Retry-After').to.match(/^\d+$/);
      }
      const slowest = Math.max(...traffic.answers.map((a) => a.ms));
      expect(slowest, 'slowest answer (ms)').to.be.at.most(TIMEOUT_MS * 2 + SLACK_MS);
      expect(traffic.answers.filter((a) => a.status >= 500 && a.status !== 503), 'other 5xx').to.deep.equal([]);
      expect(traffic.answers.filter((a) => a.status === 0), 'requests without an answer').to.deep.equal([]);
      expect(back, 'ms until service is back').to.be.at.most(2000 + SLACK_MS);
      // The pool is bounded: a frozen database must not make the process open ever more sockets.
      expect(fdsDuring, `open files before ${fdsBefore}, during ${fdsDuring}`).to.be.at.most(fdsBefore + 12);
    });
  }
});
