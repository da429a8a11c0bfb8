import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../src/db/connection.js';
import { initModels } from '../../src/db/models.js';
import { runInProcess, tempWorkspace } from './helpers.js';
import type { CliResult } from './helpers.js';

const SECRET = 's'.repeat(43);
const DAY = 86_400_000;

interface Listed {
  id: string;
  owner?: string;
  status: string;
}

describe('patgate token list --all (operators)', () => {
  const workspace = tempWorkspace();
  const cli = (...args: string[]) => runInProcess(args, { cwd: workspace.dir, env: { PATGATE_SECRET: SECRET } });
  const json = (result: CliResult): Listed[] => {
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as Listed[];
  };
  const ids: Record<string, string> = {};

  before(async () => {
    for (const name of ['ada', 'bob']) {
      expect((await cli('user', 'create', '--email', `${name}@example.com`, '--name', name)).code).to.equal(0);
    }
    const create = async (user: string, name: string) => {
      const issued = JSON.parse((await cli('token', 'create', '--user', `${user}@example.com`, '--name', name, '--scopes', 'profile:read', '--json')).stdout) as { id: string };
      ids[name] = issued.id;
    };
    for (const [user, name] of [['ada', 'fresh'], ['ada', 'stale'], ['bob', 'gone'], ['bob', 'old'], ['bob', 'unused']]) await create(user!, name!);
    expect((await cli('token', 'revoke', ids.gone!)).code).to.equal(0);
    // Move times into the past in the CLI's own database: the CLI reads the real clock, and tests never sleep.
    const sequelize = openDatabase({ url: `sqlite:${path.join(workspace.dir, 'data', 'patgate.sqlite')}` });
    try {
      const { ApiToken } = initModels(sequelize);
      const ago = (days: number) => new Date(Date.now() - days * DAY);
      await ApiToken.update({ lastUsedAt: ago(1) }, { where: { id: ids.fresh! } });
      await ApiToken.update({ lastUsedAt: ago(120), createdAt: ago(200) }, { where: { id: ids.stale! } });
      await ApiToken.update({ expiresAt: ago(1), createdAt: ago(31), lastUsedAt: ago(100) }, { where: { id: ids.old! } });
      await ApiToken.update({ createdAt: ago(95) }, { where: { id: ids.unused! } });
    } finally {
      await sequelize.close();
    }
  });

  it("lists every user's tokens with their owner and status", async () => {
    const listed = json(await cli('token', 'list', '--all', '--json'));
    expect(listed).to.have.length(5);
    const byId = Object.fromEntries(listed.map((t) => [t.id, t]));
    expect(byId[ids.fresh!]).to.include({ owner: 'ada@example.com', status: 'active' });
    expect(byId[ids.gone!]).to.include({ owner: 'bob@example.com', status: 'revoked' });
    expect(byId[ids.old!]).to.include({ owner: 'bob@example.com', status: 'expired' });
    const table = await cli('token', 'list', '--all');
    expect(table.stdout).to.match(/^ID\s+OWNER\s+NAME/).and.include('bob@example.com');
  });

  it('keeps one state with --state', async () => {
    expect(json(await cli('token', 'list', '--all', '--state', 'active', '--json')).map((t) => t.id).sort()).to.deep.equal(
      [ids.fresh!, ids.stale!, ids.unused!].sort(),
    );
    expect(json(await cli('token', 'list', '--all', '--state', 'revoked', '--json')).map((t) => t.id)).to.deep.equal([ids.gone!]);
    expect(json(await cli('token', 'list', '--all', '--state', 'expired', '--json')).map((t) => t.id)).to.deep.equal([ids.old!]);
  });

  it('keeps tokens not used (or, never used, created) within the duration with --last-used-before', async () => {
    const idle = json(await cli('token', 'list', '--all', '--last-used-before', '90d', '--json')).map((t) => t.id);
    expect(idle.sort()).to.deep.equal([ids.stale!, ids.old!, ids.unused!].sort());
    const both = json(await cli('token', 'list', '--all', '--state', 'active', '--last-used-before', '90d', '--json')).map((t) => t.id);
    expect(both.sort()).to.deep.equal([ids.stale!, ids.unused!].sort());
    expect((await cli('token', 'list', '--user', 'ada@example.com', '--last-used-before', '1y')).stdout).to.equal('ada@example.com has no tokens that match.\n');
  });

  it('refuses a bad state, a bad duration, and neither or both of --user and --all with exit 2', async () => {
    const usage = async (args: string[], message: RegExp) => {
      const result = await cli(...args);
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr).to.match(message);
    };
    await usage(['token', 'list', '--all', '--state', 'dormant'], /--state.*dormant.*active, revoked, expired/);
    await usage(['token', 'list', '--all', '--last-used-before', 'ages'], /--last-used-before.*90s, 12h, 30d, 6mo or 1y/);
    await usage(['token', 'list'], /error: give either '--user <email>' or '--all'/);
    await usage(['token', 'list', '--all', '--user', 'ada@example.com'], /error: give either '--user <email>' or '--all'/);
  });
});
