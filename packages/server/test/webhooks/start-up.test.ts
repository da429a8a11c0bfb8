import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { runInProcess } from '../cli/helpers.js';
import { startReceiver } from './receiver.js';

describe('startServer with PATGATE_WEBHOOK_URL', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'patgate-webhooks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('looks for expiring tokens at start-up and posts token.expiring for one due within 7 days', async () => {
    const receiver = await startReceiver();
    const env = { PORT: '0', PATGATE_SECRET: 'k'.repeat(43), PATGATE_WEBHOOK_URL: receiver.url, PATGATE_WEBHOOK_SECRET: 'whsec-0123456789abcdef' };
    try {
      await runInProcess(['user', 'create', '--email', 'a@example.com', '--name', 'A'], { cwd: dir, env });
      const created = await runInProcess(['token', 'create', '--user', 'a@example.com', '--name', 'soon', '--scopes', 'streams:read', '--expires-in', '3d', '--json'], { cwd: dir, env });
      const { id } = JSON.parse(created.stdout) as { id: string };
      const server = await startServer(loadConfig(env, { cwd: dir }), { logger: createLogger('silent'), handleSignals: false, onListening: () => {} });
      try {
        for (let i = 0; i < 100 && receiver.deliveries.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(receiver.deliveries).to.have.length(1);
        const event = JSON.parse(receiver.deliveries[0]!.body) as { type: string; data: { token: { id: string } } };
        expect(event.type).to.equal('token.expiring');
        expect(event.data.token.id).to.equal(id);
      } finally {
        await server.close();
      }
    } finally {
      await receiver.close();
    }
  });
});
