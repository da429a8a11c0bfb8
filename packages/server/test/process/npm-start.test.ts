/**
 * What `npm start` prints before the server is up, from the repository root as the README says: npm's own
 * two lines per script, the generated-secret warning, the migrations and the server's lines. No build-tool
 * banner (lerna/nx): `prestart` is a quiet `tsc -b`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PACKAGE_DIR } from '../cli/helpers.js';

const REPO_ROOT = path.resolve(PACKAGE_DIR, '../..');

describe('npm start', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'patgate-npm-start-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the address and the first-admin command after a few lines, with no build-tool banner', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', PATGATE_DATA_DIR: dir, npm_config_update_notifier: 'false' };
    // Its own process group, so the server npm started stops with it.
    const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not print the first-admin command within 100 s:\n${output}`)), 100_000);
        const check = () => {
          if (/--admin --password-stdin/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', check);
        child.on('close', () => reject(new Error(`npm start exited early:\n${output}`)));
      });
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    const shown = output.slice(0, output.indexOf('--password-stdin'));
    const lines = shown.split('\n').filter((line) => line.trim() !== '');
    expect(output).not.to.match(/lerna|nx|Successfully ran target/i);
    expect(output).to.match(/patgate listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).to.contain('No users yet. Create the first admin (it asks for the password twice and does not show it):');
    expect(lines.length, shown).to.be.at.most(10);
  });
});
