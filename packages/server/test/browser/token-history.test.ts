/**
 * A token's history on the profile page, in a real browser (Debian's chromium through playwright-core).
 * Without chromium the suite is skipped with a one-line reason, except under CI, where it fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import type { PatgateApp } from '../../src/app.js';
import { createUser } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

const CHROMIUM = process.env.PATGATE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

describe('token history page in chromium', function () {
  this.timeout(120_000);
  const db = withDatabase('sqlite');
  let app: PatgateApp;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
      console.warn(`      skipped: no chromium at ${CHROMIUM} (apt-get install chromium; under CI this fails)`);
      this.skip();
    }
    mkdirSync(OUTPUT, { recursive: true });
    app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const call = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'deploy-script/2.0' } });

  it("opens a token's history from the profile page: created, first used, rotated, newest first", async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada Lovelace', password: PASSWORD });
    const { issuer } = app.locals.patgate;
    const { token } = await issuer.create({ ownerId: ada.id, name: 'Nightly <build>', scopes: ['profile:read'] }, { actor: 'cli' });
    expect((await call('/api/user', token)).status).to.equal(200);
    expect((await call('/api/user', token)).status).to.equal(200);
    const rotated = await call('/api/tokens/current/rotate', token, { method: 'POST' });
    expect(rotated.status).to.equal(201);
    const successor = ((await rotated.json()) as { token: string; id: string });
    expect((await call('/api/user', token)).status).to.equal(401); // refused: the old token is revoked

    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/profile`), page.getByRole('button', { name: 'Sign in' }).click()]);

    // The successor is listed (the rotated token is revoked, so it is not); its history starts at the rotation.
    await Promise.all([page.waitForURL(/\/history$/), page.getByRole('link', { name: 'History of Nightly <build>' }).click()]);
    expect(new URL(page.url()).pathname).to.equal(`/profile/tokens/${successor.id}/history`);
    await page.getByRole('heading', { name: 'History of “Nightly <build>”' }).waitFor();
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')))).to.deep.equal(['created']);
    expect(await page.locator('tbody tr').first().textContent()).to.contain('The token itself').and.contain('deploy-script/2.0');

    // The rotated token is revoked, so it left the table; the page keeps it under "Revoked tokens".
    const oldId = token.slice(4, 14);
    await page.getByRole('link', { name: 'Back to your tokens' }).click();
    await page.getByText('Revoked tokens (1)').click();
    await Promise.all([page.waitForURL(/\/history$/), page.getByRole('link', { name: 'History of Nightly <build> (revoked)' }).click()]);
    expect(new URL(page.url()).pathname).to.equal(`/profile/tokens/${oldId}/history`);
    await page.getByRole('heading', { name: /^History of/ }).waitFor();
    await page.screenshot({ path: `${OUTPUT}token-history.png`, fullPage: true });
    const rows = page.locator('tbody tr');
    expect(await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-event')))).to.deep.equal(['refused_revoked', 'rotated', 'first_used', 'created']);
    expect(await rows.nth(3).textContent()).to.contain('Created').and.contain('The patgate command line');
    expect(await rows.nth(2).textContent()).to.contain('First used').and.contain('127.0.0.1').and.contain('deploy-script/2.0');
    expect(await page.content()).not.to.contain(token);

    // Someone else's token, or a made-up id, is a plain "not found".
    const missing = await page.goto(`${base}/profile/tokens/AAAAAAAAAA/history`);
    expect(missing?.status()).to.equal(404);
  });
});
