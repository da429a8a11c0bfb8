// The reference server as `npx patgate serve` runs it: startServer with the configuration's defaults
// (helmet, request logs at info on stdout, which the runner sends to a file, the token cache, the
// per-token rate limit), on a fresh SQLite file.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createTokenIssuer, initModels, loadConfig, migrate, openDatabase, SequelizeTokenStore, startServer } from '@patgate/server';
import type { Built } from './common.js';

export async function referenceServer(): Promise<Built> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patgate-bench-'));
  const secret = randomBytes(32).toString('base64url');
  const config = loadConfig({
    PORT: '0',
    PATGATE_DATA_DIR: dataDir,
    PATGATE_SECRET: secret,
    LOG_LEVEL: 'info',
    // On, as by default, but high enough that the bench never reaches it.
    PATGATE_RATE_LIMIT_PER_MINUTE: '1000000',
  });

  const sequelize = openDatabase({ url: config.databaseUrl, dataDir });
  await migrate(sequelize);
  const models = initModels(sequelize);
  const store = new SequelizeTokenStore(models);
  const user = await models.User.create({ id: randomUUID(), email: 'bench@bench.example', name: 'Bench' });
  const issuer = createTokenIssuer({ store, secret });
  const { token: valid } = await issuer.create({ ownerId: user.id, name: 'bench', scopes: ['profile:read'] });
  // Stored in this database, but hashed under another pepper: to this server, the wrong secret for its id.
  const stranger = createTokenIssuer({ store, secret: randomBytes(32).toString('base64url') });
  const { token: wrongSecret } = await stranger.create({ ownerId: user.id, name: 'stranger', scopes: ['profile:read'] });
  await sequelize.close();

  const server = await startServer(config, { logger: createLogger('info'), handleSignals: false, onListening: () => undefined });
  return { url: server.url, tokens: { valid, wrongSecret } };
}
