/**
 * The profile page in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser). Without chromium the suite is skipped with a one-line reason, except under CI, where
 * `.ci/run` installs it and its absence is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import type { PatgateApp } from '../../src/app.js';
import { createUser } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

const CHROMIUM = process.env.PATGATE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

describe('profile page in chromium', function () {
  this.timeout(120_000);
  const db = withDatabase('sqlite');
  let app: PatgateApp;
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
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
    context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const api = (path: string, token: string) => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const focusedId = () => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");

  it('signs in, mints a token with two scopes, shows it once, and revokes it', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada Lovelace', password: PASSWORD });
    // An older token, so the table shows more than the one being created.
    await app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'Laptop scripts', scopes: ['streams:read'], lifespanMs: 30 * 86_400_000 });

    await page.goto(`${base}/profile`);
    expect(new URL(page.url()).pathname).to.equal('/login');
    await page.screenshot({ path: `${OUTPUT}sign-in.png` });
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/profile`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    await page.screenshot({ path: `${OUTPUT}profile.png`, fullPage: true });

    // Keyboard: the New token button opens the dialog and focus moves into it.
    await page.getByRole('button', { name: 'New token' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New personal access token' });
    await dialog.waitFor({ state: 'visible' });
    expect(await focusedId()).to.equal('token-name');
    await page.keyboard.type('CI build');
    await dialog.getByLabel('streams:read').check();
    await dialog.getByLabel('profile:read').check();
    await dialog.getByLabel('Expires after').selectOption('90d');
    await dialog.screenshot({ path: `${OUTPUT}new-token-dialog.png` });
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const value = dialog.getByLabel('Your new token');
    await value.waitFor({ state: 'visible' });
    const token = await value.inputValue();
    expect(token).to.match(/^pat_[0-9A-Za-z]{48}$/);
    expect(await focusedId()).to.equal('token-value');
    expect(await dialog.textContent()).to.contain('only time it is shown');
    expect(await page.locator('#token-status').textContent()).to.contain('Token created');
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await page.locator('#token-status', { hasText: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).to.equal(token);
    await dialog.screenshot({ path: `${OUTPUT}token-created-dialog.png` });

    // The token does what its scopes allow and nothing more.
    expect((await api('/api/user', token)).status).to.equal(200);
    expect((await api('/api/streams', token)).status).to.equal(200);
    expect((await api('/api/tokens', token)).status).to.equal(403);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedId()).to.equal('new-token');
    const row = page.getByRole('row', { name: /CI build/ });
    expect(await row.textContent()).to.contain('streams:read').and.contain('profile:read').and.contain(token.slice(-6));

    await page.reload();
    expect(await page.content()).not.to.contain(token);
    expect(await page.evaluate<string>('document.body.innerText')).not.to.contain(token.slice(4, 40));
    await page.screenshot({ path: `${OUTPUT}profile-with-tokens.png`, fullPage: true });

    // Revoke asks first; Escape cancels and gives focus back to the Revoke button.
    const revoke = page.getByRole('button', { name: 'Revoke CI build' });
    await revoke.click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
    await confirm.waitFor({ state: 'visible' });
    expect(await confirm.textContent()).to.contain('CI build');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.evaluate<string | null>("document.activeElement.getAttribute('aria-label')")).to.equal('Revoke CI build');
    expect((await api('/api/user', token)).status).to.equal(200);

    await revoke.click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /CI build/ }).waitFor({ state: 'detached' });
    expect(await page.locator('#page-status').textContent()).to.contain('revoked');
    expect(await page.getByRole('row', { name: /Laptop scripts/ }).count()).to.equal(1);
    expect((await api('/api/user', token)).status).to.equal(401);
  });
});
