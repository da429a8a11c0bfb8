/**
 * The README's "A first session with curl", run as written (bash, curl, `npx patgate`) against a
 * `patgate serve`, twice: the second run must work as well as the first (the admin already exists then,
 * as it does for anyone who followed `npm start`'s hint).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { childEnv, ensureBuilt, PACKAGE_DIR, startServe, tempWorkspace } from './helpers.js';
import type { ServeProcess } from './helpers.js';

const REPO_ROOT = path.resolve(PACKAGE_DIR, '../..');

/** The first `sh` block under the README heading. */
function readmeSession(): string {
  const readme = readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A first session with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('README.md: no sh block under "A first session with curl"');
  return block[1];
}

function bash(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // From the repository root, as the README says; npx must find the workspace's own bin, never download.
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: REPO_ROOT, env: childEnv({ ...env, npm_config_offline: 'true', npm_config_update_notifier: 'false' }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the README's curl session", function () {
  this.timeout(120_000);
  const workspace = tempWorkspace();
  let server: ServeProcess | undefined;
  const env = () => ({ PATGATE_DATA_DIR: path.join(workspace.dir, 'data'), PATGATE_SECRET: 'r'.repeat(43), LOG_LEVEL: 'warn' });

  before(function () {
    if (spawnSync('curl', ['--version']).status !== 0) {
      if (process.env.CI) throw new Error('curl is missing; the README session needs it');
      console.warn('      skipped: no curl on this machine');
      this.skip();
    }
    ensureBuilt();
  });
  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('runs as written, and again', async () => {
    server = await startServe({ cwd: workspace.dir, env: env() });
    for (const run of [1, 2]) {
      const result = await bash(readmeSession(), { ...env(), PATGATE_URL: server.url });
      expect(result.code, `run ${run}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).to.equal(0);
      expect(result.stdout).to.match(/"name":"You"/);
      expect(result.stdout).to.match(/www-authenticate: Bearer realm="patgate"/i);
      expect(result.stdout).to.match(/HTTP\/1\.1 403[\s\S]*insufficient_scope[\s\S]*scope="streams:write"/i);
      expect(result.stdout).to.contain('curl session');
      expect(result.stdout.trim().split('\n').at(-1)).to.equal('401');
      // Created once, on the first run only.
      expect(result.stdout.includes('Created user you@example.com'), `run ${run}`).to.equal(run === 1);
    }
  });
});
