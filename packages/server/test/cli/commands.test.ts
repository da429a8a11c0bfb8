import { expect } from 'chai';
import { runInProcess, tempWorkspace } from './helpers.js';
import type { CliResult } from './helpers.js';

const SECRET = 's'.repeat(43);

function expectExit(result: CliResult, code: number, stderr?: RegExp): void {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).to.equal(code);
  if (stderr) expect(result.stderr).to.match(stderr);
}

describe('patgate CLI (in process)', () => {
  const workspace = tempWorkspace();
  const cli = (args: string[], stdin?: string, env: NodeJS.ProcessEnv = {}) =>
    runInProcess(args, { cwd: workspace.dir, stdin, env: { PATGATE_SECRET: SECRET, ...env } });

  describe('usage errors exit with 2 before touching the database', () => {
    it('prints help and exits 0 for --help', async () => {
      const result = await cli(['--help']);
      expectExit(result, 0);
      expect(result.stdout).to.include('Usage: patgate').and.include('serve').and.include('token');
    });

    it('prints the version', async () => {
      const result = await cli(['--version']);
      expectExit(result, 0);
      expect(result.stdout).to.match(/^\d+\.\d+\.\d+/);
    });

    it('rejects no command, an unknown command and an unknown option', async () => {
      expectExit(await cli([]), 2);
      expectExit(await cli(['tokens']), 2, /unknown command 'tokens'/);
      expectExit(await cli(['token', 'list', '--user', 'a@example.com', '--everything']), 2, /unknown option '--everything'/);
    });

    it('names a missing required option', async () => {
      expectExit(await cli(['token', 'create', '--user', 'a@example.com', '--name', 'x']), 2, /--scopes/);
    });

    it('names a malformed option value', async () => {
      const args = ['token', 'create', '--user', 'a@example.com', '--name', 'x', '--scopes', 'profile:read'];
      expectExit(await cli([...args, '--expires-in', '3 fortnights']), 2, /--expires-in.*90s, 12h, 30d, 6mo or 1y/);
      expectExit(await cli(['user', 'create', '--email', 'nobody', '--name', 'x']), 2, /--email.*not an email/);
      expectExit(await cli(['token', 'revoke', 'nope']), 2, /10 letters and digits/);
      expectExit(await cli(['token', 'create', '--user', 'a@example.com', '--name', 'x', '--scopes', ',']), 2, /at least one scope/);
    });

    it('puts --json on every command', async () => {
      for (const command of [['serve'], ['migrate'], ['user', 'create'], ['token', 'create'], ['token', 'list'], ['token', 'revoke']]) {
        expect((await cli([...command, '--help'])).stdout, command.join(' ')).to.include('--json');
      }
    });
  });

  it('exits 1 naming the variable when the configuration is bad', async () => {
    expectExit(await cli(['migrate'], undefined, { PORT: 'abc' }), 1, /PORT \(got "abc"\)/);
  });

  it('migrates, then reports nothing pending', async () => {
    const first = await cli(['migrate', '--json']);
    expectExit(first, 0);
    expect((JSON.parse(first.stdout) as { applied: string[] }).applied).to.include('0001-initial-schema');
    const second = await cli(['migrate']);
    expect(second.stdout).to.equal('The database schema is up to date.\n');
  });

  describe('user create', () => {
    it('reads the password from stdin and never prints it', async () => {
      const result = await cli(['user', 'create', '--email', 'Ada@Example.com', '--name', 'Ada', '--admin', '--password-stdin', '--json'], 'correct horse\n');
      expectExit(result, 0);
      const user = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(user).to.include({ email: 'ada@example.com', name: 'Ada', serverRole: 'server:admin' });
      expect(result.stdout + result.stderr).not.to.include('correct horse');
    });

    it('generates a password and prints it once when there is no --password-stdin', async () => {
      const json = await cli(['user', 'create', '--email', 'bob@example.com', '--name', 'Bob', '--json']);
      expectExit(json, 0);
      expect((JSON.parse(json.stdout) as { password: string }).password).to.match(/^[\w-]{24}$/);
      const human = await cli(['user', 'create', '--email', 'cy@example.com', '--name', 'Cy']);
      expect(human.stdout).to.match(/Created user cy@example.com \(id .+, server:user\)\.\nPassword \(shown once, store it now\): [\w-]{24}\n/);
    });

    it('refuses an empty password and a taken email with exit 1', async () => {
      expectExit(await cli(['user', 'create', '--email', 'e@example.com', '--name', 'E', '--password-stdin'], '\n'), 1, /empty password/);
      // The same minimum as the sign-up page: an admin made from the CLI gets no weaker password.
      expectExit(await cli(['user', 'create', '--email', 'e@example.com', '--name', 'E', '--admin', '--password-stdin'], 'short\n'), 1, /8 to 1024 characters/);
      expectExit(await cli(['user', 'create', '--email', 'ada@example.com', '--name', 'Ada']), 1, /already/i);
    });
  });

  describe('token create, list and revoke', () => {
    const create = (...extra: string[]) =>
      cli(['token', 'create', '--user', 'ada@example.com', '--name', 'ci', '--scopes', 'profile:read,streams:read', ...extra]);

    it('prints the token alone on stdout and the notice on stderr', async () => {
      const result = await create('--expires-in', '7d');
      expectExit(result, 0, /Created token "ci".*\nCopy it now: it is not shown again/);
      expect(result.stdout).to.match(/^pat_[0-9A-Za-z]{48}\n$/);
    });

    it('prints JSON with the token, its id, scopes and expiry', async () => {
      const before = Date.now();
      const result = await create('--expires-in', '90s', '--json');
      expectExit(result, 0);
      expect(result.stderr).to.equal('');
      const issued = JSON.parse(result.stdout) as { token: string; id: string; scopes: string[]; status: string; expiresAt: string };
      expect(issued.token).to.match(new RegExp(`^pat_${issued.id}`));
      expect(issued).to.include({ status: 'active' });
      expect(issued.scopes).to.deep.equal(['profile:read', 'streams:read']);
      expect(Date.parse(issued.expiresAt) - before).to.be.within(89_000, 91_000);
    });

    it('refuses unknown users, unknown scopes, tokens:write and too long a lifespan with exit 1', async () => {
      expectExit(await cli(['token', 'create', '--user', 'nobody@example.com', '--name', 'x', '--scopes', 'profile:read']), 1, /No user with the email nobody@example.com/);
      expectExit(await cli(['token', 'create', '--user', 'ada@example.com', '--name', 'x', '--scopes', 'profile:raed']), 1, /Unknown scope: profile:raed.*Known scopes: streams:read/);
      expectExit(await cli(['token', 'create', '--user', 'ada@example.com', '--name', 'x', '--scopes', 'tokens:write']), 1, /tokens:write cannot be granted/);
      expectExit(await create('--expires-in', '2y'), 1, /patgate: .+/);
    });

    it('lists tokens without secrets, and revokes by id once', async () => {
      const issued = JSON.parse((await create('--json')).stdout) as { token: string; id: string };
      const listed = await cli(['token', 'list', '--user', 'ada@example.com', '--json']);
      expectExit(listed, 0);
      expect(listed.stdout).not.to.include(issued.token).and.not.to.include('secretHash');
      const tokens = JSON.parse(listed.stdout) as { id: string; status: string; lastChars: string }[];
      expect(tokens.find((t) => t.id === issued.id)).to.include({ status: 'active', lastChars: issued.token.slice(-tokens[0]!.lastChars.length) });

      const revoked = await cli(['token', 'revoke', issued.id, '--json']);
      expectExit(revoked, 0);
      expect(JSON.parse(revoked.stdout)).to.deep.equal({ id: issued.id, revoked: true, alreadyRevoked: false });
      expect((await cli(['token', 'revoke', issued.id])).stdout).to.equal(`Token ${issued.id} was already revoked.\n`);

      const table = await cli(['token', 'list', '--user', 'ada@example.com']);
      expect(table.stdout).to.match(/^ID\s+NAME\s+SCOPES/).and.match(new RegExp(`${issued.id}.*revoked`));
    });

    it('refuses to revoke an unknown id with exit 1', async () => {
      expectExit(await cli(['token', 'revoke', 'AAAAAAAAAA']), 1, /No token with the id AAAAAAAAAA/);
    });

    it('says so when a user has no tokens', async () => {
      expect((await cli(['token', 'list', '--user', 'bob@example.com'])).stdout).to.equal('bob@example.com has no tokens.\n');
    });
  });
});
