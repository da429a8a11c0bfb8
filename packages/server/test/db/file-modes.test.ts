import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, SECRET_FILE } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { initModels } from '../../src/db/models.js';
import { createUser } from '../../src/services/users.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('data folder permissions', function () {
  if (process.platform === 'win32') return;
  let root: string;
  beforeEach(() => void (root = mkdtempSync(path.join(tmpdir(), 'patgate-modes-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a fresh data folder 0700 and the secret, the database, its -wal and -shm 0600', async () => {
    const config = loadConfig({ PATGATE_DATA_DIR: 'data' }, { cwd: root, warn: () => {} });
    const sequelize = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(sequelize);
      await createUser(initModels(sequelize), { email: 'ada@example.com', name: 'Ada', password: null });
      const files = ['patgate.sqlite', 'patgate.sqlite-wal', 'patgate.sqlite-shm', SECRET_FILE];
      expect(mode(config.dataDir).toString(8)).to.equal('700');
      for (const name of files) expect(mode(path.join(config.dataDir, name)).toString(8), name).to.equal('600');
    } finally {
      await sequelize.close();
    }
  });

  it('takes group and other access away from an existing folder and database', async () => {
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, 'patgate.sqlite'), '', { mode: 0o644 });
    chmodSync(path.join(dataDir, 'patgate.sqlite'), 0o644);
    const sequelize = openDatabase({ dataDir });
    try {
      await migrate(sequelize);
      expect(mode(dataDir).toString(8)).to.equal('700');
      expect(mode(path.join(dataDir, 'patgate.sqlite')).toString(8)).to.equal('600');
      expect(mode(path.join(dataDir, 'patgate.sqlite-wal')).toString(8)).to.equal('600');
    } finally {
      await sequelize.close();
    }
  });
});
