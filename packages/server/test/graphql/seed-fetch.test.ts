import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { DATABASE_KINDS, withApi } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const script = path.join(root, 'examples/seed-fetch/index.mjs');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the example as a user would, asynchronously: the server answering it lives in this process. */
async function runExample(env: Record<string, string>): Promise<Outcome> {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [script], { env: childEnv, timeout: 10_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The call as the "Personal Access Tokens" documentation prints it, copied byte for byte. */
const DOCUMENTED_CALL = `let res = await fetch('/graphql', {
  method: 'POST',
  headers: {
    Authorization: 'Bearer ' + token, // <- Passing in the token!
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({ query: \`{ user { id streams { totalCount } } }\` })
})`;

describe('examples/seed-fetch holds the documentation call', () => {
  it('byte for byte in the script, but for the base URL, and as printed in its README', () => {
    const example = path.dirname(script);
    expect(readFileSync(script, 'utf8')).to.include(DOCUMENTED_CALL.replace("fetch('/graphql'", "fetch(baseUrl + '/graphql'"));
    expect(readFileSync(path.join(example, 'README.md'), 'utf8')).to.include(DOCUMENTED_CALL);
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`examples/seed-fetch against a live server on ${kind}`, () => {
    const api = withApi(kind);
    let server: Server | undefined;
    let url = '';

    beforeEach(async () => {
      server = api.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server?.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    });

    it('prints the user id and the number of streams with a role, and exits 0', async () => {
      const ada = await api.actor('ada', ['profile:read', 'streams:read']);
      await api.makeStream(ada.user, { name: 'one' });
      await api.makeStream(ada.user, { name: 'two', isPublic: true });
      const outcome = await runExample({ PATGATE_URL: url, PATGATE_TOKEN: ada.token });
      expect(outcome.code, outcome.stderr).to.equal(0);
      expect(JSON.parse(outcome.stdout)).to.deep.equal({ data: { user: { id: ada.user.id, streams: { totalCount: 2 } } } });
      expect(outcome.stderr).to.equal(`user ${ada.user.id} has a role on 2 stream(s)\n`);
    });

    it('shows the 401 challenge and exits 1 for a revoked token', async () => {
      const ada = await api.actor('ada', ['profile:read', 'streams:read']);
      await api.http().delete('/api/tokens/current').set('Authorization', ada.auth).expect(204);
      const outcome = await runExample({ PATGATE_URL: `${url}/`, PATGATE_TOKEN: ada.token });
      expect(outcome.code).to.equal(1);
      expect(outcome.stdout).to.equal('');
      expect(outcome.stderr).to.match(/^HTTP 401 \(WWW-Authenticate: Bearer realm="patgate", error="invalid_token"/);
    });

    it('names the missing scope and exits 1 for a token without streams:read', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const outcome = await runExample({ PATGATE_URL: url, PATGATE_TOKEN: ada.token });
      expect(outcome.code).to.equal(1);
      expect(outcome.stderr).to.include('"code": "FORBIDDEN"').and.include('"scope": "streams:read"');
    });

    it('explains itself without a token (exit 2) and without a server (exit 1)', async () => {
      const noToken = await runExample({ PATGATE_URL: url });
      expect(noToken.code).to.equal(2);
      expect(noToken.stderr).to.include('Set PATGATE_TOKEN');
      const closed = await new Promise<string>((resolve) => {
        const probe = api.app.listen(0, '127.0.0.1', () => {
          const free = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
          probe.close(() => resolve(free));
        });
      });
      const noServer = await runExample({ PATGATE_URL: closed, PATGATE_TOKEN: 'pat_x' });
      expect(noServer.code).to.equal(1);
      expect(noServer.stderr).to.match(/^Could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    });
  });
}
