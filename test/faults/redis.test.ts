// Redis refused and frozen (a TCP proxy the test controls) under two instances on PostgreSQL while traffic
// runs on every kind of route: zero 5xx; a token revoked during the outage by the API on one instance and
// one revoked by the CLI are refused by both instances within the fallback bound, though both had cached
// them for ten minutes; after the restore, revocations reach every instance within 1 s again.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { PG_URL, REDIS_URL, cli, cliRun, startInstance, type Instance } from '../helpers/instances.js';
import { OUTAGE_MS, freshPgDatabase, requireServices, sleep, trafficLoop, within } from '../helpers/faults.js';
import { startTcpProxy, type ProxyMode, type TcpProxy } from '../helpers/tcp-proxy.js';

const FALLBACK_MS = 3000;
/** Noticing a frozen Redis takes up to two health pings of PATGATE_REDIS_TIMEOUT_MS; plus a loaded machine. */
const DETECT_MS = 2000;

describe('Redis outages (fault)', function () {
  this.timeout(OUTAGE_MS * 2 + 180_000);
  let proxy: TcpProxy;
  let database: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
  let env: NodeJS.ProcessEnv;
  const instances: Instance[] = [];
  let streamId: string;
  let worker: string;

  before(async function () {
    await requireServices(this, PG_URL, REDIS_URL);
    database = await freshPgDatabase();
    proxy = await startTcpProxy(new URL(REDIS_URL).host);
    env = {
      ...process.env,
      DATABASE_URL: database.url.toString(),
      REDIS_URL: `redis://${proxy.address}`,
      PATGATE_REDIS_PREFIX: `patgate-fault-${randomBytes(4).toString('hex')}:`,
      PATGATE_SECRET: randomBytes(32).toString('base64url'),
      PATGATE_TOKEN_CACHE_TTL_MS: '600000',
      PATGATE_TOKEN_CACHE_FALLBACK_MS: String(FALLBACK_MS),
      PATGATE_REDIS_TIMEOUT_MS: '500',
      // High enough never to refuse, low enough that every request goes through the limiter's store.
      PATGATE_RATE_LIMIT_PER_MINUTE: '100000',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    await cli(env, 'migrate');
    await cli(env, 'user', 'create', '--email', 'ada@example.com', '--name', 'Ada');
    ({ token: worker } = (await cli(env, 'token', 'create', '--user', 'ada@example.com', '--name', 'w', '--scopes', 'profile:read,streams:read,streams:write')) as {
      token: string;
    });
    instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
    const res = await fetch(`${instances[0]!.url}/api/streams`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${worker}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'fault' }),
    });
    streamId = ((await res.json()) as { id: string }).id;
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const [n, instance] of instances.entries()) {
      console.log(`instance ${n}: exit ${instance.child.exitCode ?? instance.child.signalCode ?? 'running'}\n${instance.stderr()}`);
      console.log(instance.lines.filter((l) => !/"msg":"request completed"/.test(l)).slice(-15).join('\n'));
    }
  });

  after(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await proxy?.close();
    await database?.drop();
  });

  const status = async (instance: Instance, token: string) =>
    (await fetch(`${instance.url}/api/user`, { headers: { Authorization: `Bearer ${token}` } })).status;
  const newToken = async (name: string) =>
    (await cli(env, 'token', 'create', '--user', 'ada@example.com', '--name', name, '--scopes', 'profile:read')) as { token: string; id: string };
  /** Both instances cache the token (ten minutes) by using it once. */
  const warm = async (token: string) => {
    for (const instance of instances) expect(await status(instance, token)).to.equal(200);
  };
  const refusedEverywhere = (token: string) => async () => (await Promise.all(instances.map((i) => status(i, token)))).every((s) => s === 401);

  function traffic() {
    const auth = { Authorization: `Bearer ${worker}` };
    const requests: Record<string, () => Promise<Response>> = {};
    for (const [n, instance] of instances.entries()) {
      requests[`${n} GET /api/user`] = () => fetch(`${instance.url}/api/user`, { headers: auth });
      requests[`${n} GET /api/streams`] = () => fetch(`${instance.url}/api/streams`, { headers: auth });
      requests[`${n} POST commits`] = () =>
        fetch(`${instance.url}/api/streams/${streamId}/commits`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"message":"m"}' });
      requests[`${n} POST /graphql`] = () =>
        fetch(`${instance.url}/graphql`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"query":"{ user { id streams { totalCount } } }"}' });
      requests[`${n} GET /login`] = () => fetch(`${instance.url}/login`);
      requests[`${n} GET /api/tokens/current`] = () => fetch(`${instance.url}/api/tokens/current`, { headers: auth });
    }
    return trafficLoop(requests);
  }

  const MODES: ProxyMode[] = ['refuse', 'freeze'];
  /** Four tokens per mode, made up front in parallel (each CLI run is a process start). */
  const tokens = new Map<string, { token: string; id: string }>();
  before(async () => {
    const names = MODES.flatMap((mode) => ['api', 'cli', 'after', 'after-cli'].map((use) => `${mode}-${use}`));
    await Promise.all(names.map(async (name) => tokens.set(name, await newToken(name))));
  });

  for (const mode of MODES) {
    it(`${mode}: every route serves, revocations during the outage hold within the fallback bound, and broadcast again after it`, async () => {
      const [a, b] = instances as [Instance, Instance];
      const [viaApi, viaCli] = [tokens.get(`${mode}-api`)!, tokens.get(`${mode}-cli`)!];
      await warm(viaApi.token);
      await warm(viaCli.token);
      const marks = instances.map((i) => i.lines.length);
      const load = traffic();
      await sleep(300);
      const cut = Date.now();
      proxy.mode = mode;
      await sleep(500);

      const revoked = await fetch(`${a.url}/api/tokens/current`, { method: 'DELETE', headers: { Authorization: `Bearer ${viaApi.token}` } });
      expect(revoked.status, 'DELETE /api/tokens/current during the outage').to.equal(204);
      const apiRevokedAt = Date.now();
      const revoke = await cliRun(env, ['token', 'revoke', viaCli.id]);
      expect(revoke.code, `CLI revoke during the outage: ${revoke.stderr}`).to.equal(0);
      expect(revoke.stderr).to.match(/REDIS_URL/);
      const cliRevokedAt = Date.now();
      await within(FALLBACK_MS + DETECT_MS - (Date.now() - apiRevokedAt), refusedEverywhere(viaApi.token), 'API revocation refused everywhere');
      await within(FALLBACK_MS + DETECT_MS - (Date.now() - cliRevokedAt), refusedEverywhere(viaCli.token), 'CLI revocation refused everywhere');

      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - cut)));
      proxy.mode = 'pass';
      for (const [n, instance] of instances.entries()) {
        await within(10_000, () => instance.lines.slice(marks[n]).some((l) => /Redis link restored/.test(l)), `instance ${n} back on Redis`);
      }
      await load.stop();

      // Broadcast again: cached for ten minutes on both, refused by both within 1 s of the revocation.
      const after = tokens.get(`${mode}-after`)!;
      await warm(after.token);
      await fetch(`${a.url}/api/tokens/current`, { method: 'DELETE', headers: { Authorization: `Bearer ${after.token}` } });
      await within(1000, async () => (await status(b, after.token)) === 401, 'API revocation after the restore reaches the other instance');
      const afterCli = tokens.get(`${mode}-after-cli`)!;
      await warm(afterCli.token);
      await cli(env, 'token', 'revoke', afterCli.id);
      await within(1000, refusedEverywhere(afterCli.token), 'CLI revocation after the restore reaches every instance');

      const failures = load.answers.filter((answer) => answer.status >= 500 || answer.status === 0);
      expect(failures, 'answers with 5xx or none').to.deep.equal([]);
      expect(load.answers.filter((answer) => answer.at > cut).length).to.be.greaterThan(50);
      expect(Math.max(...load.answers.map((answer) => answer.ms)), 'slowest answer (ms)').to.be.below(5000);
      for (const instance of instances) expect(instance.child.exitCode).to.equal(null);
    });
  }

  it('a flapping Redis (cut and restored every 150-300 ms for 5 s) ends no instance, and both link up again', async () => {
    const marks = instances.map((i) => i.lines.length);
    const load = traffic();
    const until = Date.now() + 5000;
    // Reconnects that land on a connection dropping again: every resubscription and health check must fail safely.
    while (Date.now() < until) {
      proxy.mode = proxy.mode === 'pass' ? (Math.random() < 0.5 ? 'refuse' : 'freeze') : 'pass';
      await sleep(150 + Math.random() * 150);
    }
    proxy.mode = 'pass';
    for (const [n, instance] of instances.entries()) {
      await within(10_000, () => instance.lines.slice(marks[n]).some((l) => /Redis link restored/.test(l)), `instance ${n} back on Redis`);
    }
    await load.stop();
    for (const instance of instances) expect(instance.child.exitCode, instance.stderr()).to.equal(null);
    expect(load.answers.filter((answer) => answer.status >= 500 || answer.status === 0), 'answers with 5xx or none').to.deep.equal([]);
  });
});
