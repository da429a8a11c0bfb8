/**
 * What a newcomer meets in the CLI (issue 13, point 6): one exit-code rule, months as a unit, the units
 * and required options in --help, JSON errors under --json, `user list`, `user set-password`, and a
 * password prompt that hides what is typed and asks twice, under a real pseudo-terminal.
 */
import { expect } from 'chai';
import { openDatabase } from '../../src/db/connection.js';
import { initModels } from '../../src/db/models.js';
import { verifyPassword } from '../../src/services/users.js';
import { ensureBuilt, runInProcess, runInTerminal, tempWorkspace } from './helpers.js';
import type { CliResult } from './helpers.js';

const SECRET = 's'.repeat(43);
const PASSWORD = 'a long and private passphrase';

function expectExit(result: CliResult, code: number, stderr?: RegExp): void {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).to.equal(code);
  if (stderr) expect(result.stderr).to.match(stderr);
}

/** The one JSON document `--json` printed on stdout for an error. */
function jsonError(result: CliResult): { code: string; message: string } {
  const lines = result.stdout.trim().split('\n');
  expect(lines, result.stdout).to.have.length(1);
  const body = JSON.parse(lines[0]!) as { error: { code: string; message: string } };
  expect(Object.keys(body)).to.deep.equal(['error']);
  expect(body.error.code).to.be.a('string').and.not.equal('');
  expect(body.error.message).to.be.a('string').and.not.equal('');
  return body.error;
}

describe('patgate CLI for a newcomer', function () {
  this.timeout(60_000);
  const workspace = tempWorkspace();
  const env = { PATGATE_SECRET: SECRET };
  const cli = (args: string[], stdin?: string) => runInProcess(args, { cwd: workspace.dir, stdin, env });
  const create = (...extra: string[]) => cli(['token', 'create', '--user', 'ada@example.com', '--name', 'ci', '--scopes', 'profile:read', '--json', ...extra]);

  before(async () => {
    ensureBuilt();
    expectExit(await cli(['user', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], `${PASSWORD}\n`), 0);
  });

  async function passwordWorks(email: string, password: string): Promise<boolean> {
    const sequelize = openDatabase({ url: undefined, dataDir: `${workspace.dir}/data` });
    try {
      return (await verifyPassword(initModels(sequelize), email, password)) !== null;
    } finally {
      await sequelize.close();
    }
  }

  describe('lifespans', () => {
    it('reads m as minutes and mo as months (30 days)', async () => {
      const minutes = JSON.parse((await create('--expires-in', '6m')).stdout) as { createdAt: string; expiresAt: string };
      expect(Date.parse(minutes.expiresAt) - Date.parse(minutes.createdAt)).to.equal(6 * 60_000);
      const months = JSON.parse((await create('--expires-in', '6mo')).stdout) as { createdAt: string; expiresAt: string };
      expect(Date.parse(months.expiresAt) - Date.parse(months.createdAt)).to.equal(180 * 86_400_000);
    });

    it('refuses an ambiguous M with exit 2 and says what to write', async () => {
      expectExit(await create('--expires-in', '6M'), 2, /"6M" is ambiguous: write m for minutes or mo for months, e\.g\. 6mo/);
    });

    it('lists every unit and marks required options in --help', async () => {
      const help = (await cli(['token', 'create', '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help).to.contain('units: ms, s, m (minutes), h, d, w, mo (months of 30 days), y (365 days)');
      for (const option of ['--user', '--name', '--scopes']) expect(help).to.match(new RegExp(`${option} <\\w+> \\(required\\)`));
      expect(help).not.to.match(/--expires-in <duration> \(required\)/);
      expect((await cli(['user', 'set-password', '--help'])).stdout).to.match(/--email <address>\s+\(required\)/);
    });
  });

  describe('one rule for exit codes: 2 for usage, 1 for refused input', () => {
    it('exits 2 for an empty --name, as for empty --scopes, before touching the database', async () => {
      const base = ['token', 'create', '--user', 'ada@example.com'];
      expectExit(await cli([...base, '--name', '', '--scopes', 'profile:read']), 2, /--name.*Give a name/);
      expectExit(await cli([...base, '--name', '   ', '--scopes', 'profile:read']), 2, /Give a name/);
      expectExit(await cli([...base, '--name', 'x', '--scopes', '']), 2, /at least one scope/);
      expectExit(await cli(['user', 'create', '--email', 'b@example.com', '--name', '']), 2, /Give a name/);
    });

    it('exits 1 for input it understood and refused', async () => {
      expectExit(await cli(['token', 'create', '--user', 'nobody@example.com', '--name', 'x', '--scopes', 'profile:read']), 1, /No user/);
      expectExit(await cli(['user', 'set-password', '--email', 'nobody@example.com', '--password-stdin'], `${PASSWORD}\n`), 1, /No user/);
      expectExit(await cli(['user', 'set-password', '--email', 'ada@example.com', '--password-stdin'], 'short\n'), 1, /8 to 1024 characters/);
    });
  });

  describe('--json errors', () => {
    it('prints { error: { code, message } } on stdout for usage errors (exit 2)', async () => {
      const missing = await cli(['token', 'create', '--user', 'ada@example.com', '--name', 'x', '--json']);
      expectExit(missing, 2);
      expect(jsonError(missing)).to.deep.include({ code: 'missing_mandatory_option_value' });
      expect(jsonError(missing).message).to.contain('--scopes');
      const unknown = await cli(['token', 'list', '--user', 'ada@example.com', '--bogus', '--json']);
      expectExit(unknown, 2);
      expect(jsonError(unknown).code).to.equal('unknown_option');
      const malformed = await create('--expires-in', '3 fortnights');
      expectExit(malformed, 2);
      expect(jsonError(malformed)).to.deep.include({ code: 'invalid_argument' });
    });

    it('prints { error: { code, message } } on stdout for refusals (exit 1)', async () => {
      const nobody = await cli(['token', 'list', '--user', 'nobody@example.com', '--json']);
      expectExit(nobody, 1);
      expect(jsonError(nobody)).to.deep.equal({ code: 'user_not_found', message: nobody.stderr.replace(/^patgate: /, '').trim() });
      const scope = await cli(['token', 'create', '--user', 'ada@example.com', '--name', 'x', '--scopes', 'profile:raed', '--json']);
      expectExit(scope, 1);
      expect(jsonError(scope).code).to.equal('unknown_scope');
      const taken = await cli(['user', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--json']);
      expectExit(taken, 1);
      expect(jsonError(taken).code).to.equal('conflict');
      const revoke = await cli(['token', 'revoke', 'AAAAAAAAAA', '--json']);
      expect(jsonError(revoke).code).to.equal('token_not_found');
    });
  });

  describe('user list and user set-password', () => {
    it('lists users as a table and as JSON, never a password hash', async () => {
      const table = await cli(['user', 'list']);
      expectExit(table, 0);
      expect(table.stdout).to.match(/^ID\s+EMAIL\s+NAME\s+ROLE\s+CREATED\n/).and.contain('ada@example.com');
      const users = JSON.parse((await cli(['user', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
      expect(users.map((u) => u.email)).to.include('ada@example.com');
      expect(Object.keys(users[0]!).sort()).to.deep.equal(['createdAt', 'email', 'id', 'name', 'serverRole']);
    });

    it('sets a password from stdin, or generates one and prints it once', async () => {
      const piped = await cli(['user', 'set-password', '--email', 'ada@example.com', '--password-stdin'], 'a brand new passphrase\n');
      expectExit(piped, 0);
      expect(piped.stdout).to.contain('Set a new password for ada@example.com; signed out of 0 session(s).').and.not.contain('brand new');
      expect(await passwordWorks('ada@example.com', 'a brand new passphrase')).to.equal(true);
      expect(await passwordWorks('ada@example.com', PASSWORD)).to.equal(false);
      const generated = JSON.parse((await cli(['user', 'set-password', '--email', 'ada@example.com', '--json'])).stdout) as { password: string };
      expect(generated.password).to.have.length.greaterThan(20);
      expect(await passwordWorks('ada@example.com', generated.password)).to.equal(true);
    });
  });

  describe('on a terminal (pseudo-terminal)', () => {
    const terminal = (args: string[], answers: string[]) =>
      runInTerminal(args, {
        cwd: workspace.dir,
        env,
        steps: answers.map((send, i) => ({ expect: i === 0 ? /Password \(8 to 1024 characters, not shown\): $/ : /Repeat the password: $/, send })),
      });

    it('asks for the first admin password twice without echoing it', async () => {
      const { code, screen } = await terminal(['user', 'create', '--email', 'grace@example.com', '--name', 'Grace', '--admin', '--password-stdin'], ['hidden passphrase\r', 'hidden passphrase\r']);
      expect(code, screen).to.equal(0);
      expect(screen).to.contain('Repeat the password').and.contain('Created user grace@example.com');
      expect(screen).not.to.contain('hidden passphrase');
      expect(await passwordWorks('grace@example.com', 'hidden passphrase')).to.equal(true);
    });

    it('refuses two different passwords with exit 1 and changes nothing', async () => {
      const { code, screen } = await terminal(['user', 'create', '--email', 'alan@example.com', '--name', 'Alan', '--password-stdin'], ['first passphrase\r', 'other passphrase\r']);
      expect(code, screen).to.equal(1);
      expect(screen).to.contain('The two passwords differ; nothing was changed').and.not.contain('passphrase');
      expect((await cli(['user', 'list'])).stdout).not.to.contain('alan@example.com');
    });

    it('resets a password the same way with user set-password', async () => {
      const { code, screen } = await terminal(['user', 'set-password', '--email', 'grace@example.com', '--password-stdin'], ['another passphrase\r', 'another passphrase\r']);
      expect(code, screen).to.equal(0);
      expect(screen).not.to.contain('another passphrase');
      expect(await passwordWorks('grace@example.com', 'another passphrase')).to.equal(true);
    });
  });
});
