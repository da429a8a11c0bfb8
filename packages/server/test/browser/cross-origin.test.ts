/**
 * A script on another origin calls the API with a token, as a browser dashboard would: chromium runs the
 * CORS preflight itself and lets the page read only the headers the server exposes.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app.js';
import { createUser } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

const CHROMIUM = process.env.PATGATE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('the API from a page on another origin, in chromium', function () {
  this.timeout(120_000);
  const db = withDatabase('sqlite');
  const servers: Server[] = [];
  let browser: Browser | undefined;

  before(function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
      console.warn(`      skipped: no chromium at ${CHROMIUM} (apt-get install chromium; under CI this fails)`);
      this.skip();
    }
  });

  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('reads Patgate-Token-Expiration after a preflighted request with Authorization', async () => {
    const app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET });
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const { token, info } = await app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'dashboard', scopes: ['profile:read'], lifespanMs: 7 * 86_400_000 });
    const apiServer = createServer(app);
    const pageServer = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>dashboard</title>'));
    servers.push(apiServer, pageServer);
    const apiBase = await listen(apiServer);
    const pageBase = await listen(pageServer);
    expect(new URL(apiBase).origin).not.to.equal(new URL(pageBase).origin);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const page = await browser.newPage();
    await page.goto(pageBase);
    const seen = await page.evaluate(
      async ([url, auth]) => {
        const res = await fetch(url!, { headers: { Authorization: auth! } });
        return {
          status: res.status,
          expiration: res.headers.get('Patgate-Token-Expiration'),
          // helmet sets it on every answer, but it is not exposed: proof that the browser filters.
          hidden: res.headers.get('Content-Security-Policy'),
          id: ((await res.json()) as { id?: string }).id,
        };
      },
      [`${apiBase}/api/user`, `Bearer ${token}`],
    );
    expect(seen).to.deep.equal({ status: 200, expiration: info.expiresAt!.toUTCString(), hidden: null, id: ada.id });
  });
});
