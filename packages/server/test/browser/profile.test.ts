/**
 * The profile page in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser). Without chromium the suite is skipped with a one-line reason, except under CI, where
 * `.ci/run` installs it and its absence is a failure.
 *
 * The browser reaches the server as `http://patgate.test:<port>` over plain HTTP (chromium maps the name
 * to 127.0.0.1), the way a newcomer reaches `http://my-box:3000`: a CSP that upgraded insecure requests
 * would break the stylesheet and the sign-in form there. Screenshots always land in `test-output/`; with
 * `PATGATE_UPDATE_SCREENSHOTS=1` they are also copied to `docs/images/` for the README.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
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
import { checkLayout, clickEveryButton, expectLocalTimes } from './page-checks.js';

const CHROMIUM = process.env.PATGATE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const DOCS_IMAGES = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const HOST = 'patgate.test';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
];
/** The screenshots the README shows (docs/images/<name>.png); the others stay in test-output/. */
const DOCS_SHOTS = new Set(['sign-in', 'profile-with-tokens', 'new-token-dialog', 'token-created-dialog', 'profile-phone']);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('profile page in chromium', function () {
  this.timeout(180_000);
  const db = withDatabase('sqlite');
  let app: PatgateApp;
  let server: Server;
  let browser: Browser;
  let base: string;
  // The app's clock: real time, except while a test makes a token "in the past".
  let offsetMs = 0;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
      console.warn(`      skipped: no chromium at ${CHROMIUM} (apt-get install chromium; under CI this fails)`);
      this.skip();
    }
    mkdirSync(OUTPUT, { recursive: true });
    app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, now: () => new Date(Date.now() + offsetMs), graphqlExplorer: true, graphqlIntrospection: true });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://${HOST}:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  /** A browser context in a time zone and at a size, with a page that records every console error. */
  async function open(options: { timezoneId: string; width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width, height: options.height },
      timezoneId: options.timezoneId,
      locale: 'en-US',
      ...(options.width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  async function signInAs(page: Page, email: string) {
    await page.goto(`${base}/profile`);
    expect(new URL(page.url()).pathname).to.equal('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/profile`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
  }

  async function screenshot(page: Page, name: string, target?: { screenshot(options: { path: string }): Promise<unknown> }) {
    const file = `${OUTPUT}${name}.png`;
    await (target ?? page).screenshot({ path: file, ...(target ? {} : { fullPage: true }) } as { path: string });
    if (process.env.PATGATE_UPDATE_SCREENSHOTS === '1' && DOCS_SHOTS.has(name)) {
      mkdirSync(DOCS_IMAGES, { recursive: true });
      copyFileSync(file, `${DOCS_IMAGES}${name}.png`);
    }
  }

  /** What the clipboard holds: pasted with the keyboard into a scratch textarea inside the open dialog. */
  async function pasted(page: Page): Promise<string> {
    await page.evaluate(`(() => { const t = document.createElement('textarea'); t.id = 'paste-here'; document.querySelector('dialog[open]').append(t); t.focus(); })()`);
    await page.keyboard.press('ControlOrMeta+V');
    return page.evaluate<string>(`(() => { const t = document.getElementById('paste-here'); t.remove(); return t.value; })()`);
  }

  const api = (path: string, token: string) =>
    fetch(`${base.replace(HOST, '127.0.0.1')}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const focusedId = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");

  it('at desktop width in Honolulu: signs in over plain HTTP on a host name, mints, regenerates and revokes tokens', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada Lovelace', password: PASSWORD });
    const issuer = app.locals.patgate.issuer;
    // Tokens made in the past, so the table shows relative forms such as "3 hours ago".
    offsetMs = -3 * HOUR;
    await issuer.create({ ownerId: ada.id, name: 'Laptop scripts', scopes: ['streams:read'], lifespanMs: 30 * DAY });
    offsetMs = -10 * DAY;
    await issuer.create({ ownerId: ada.id, name: 'Nightly backup of every stream', scopes: ['streams:read', 'profile:read', 'tokens:read'], lifespanMs: 90 * DAY });
    offsetMs = 0;

    const { context, page, errors } = await open({ timezoneId: 'Pacific/Honolulu', width: 1280, height: 1100 });
    await page.goto(`${base}/login`);
    // The stylesheet loaded over plain HTTP (no upgrade to https): the card has its white background.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.card')).backgroundColor")).to.equal('rgb(255, 255, 255)');
    await screenshot(page, 'sign-in');
    await signInAs(page, 'ada@example.com');
    await checkLayout(page);
    const rendered = await expectLocalTimes(page, 'Pacific/Honolulu');
    expect(rendered.relative).to.include('3 hours ago').and.include('in 30 days').and.include('10 days ago').and.include('in 80 days');
    await screenshot(page, 'profile');

    // Keyboard: the New token button opens the dialog and focus moves into it.
    await page.getByRole('button', { name: 'New token' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New personal access token' });
    await dialog.waitFor({ state: 'visible' });
    expect(await focusedId(page)).to.equal('token-name');
    // A name already in use is allowed, with a warning.
    await page.keyboard.type('laptop scripts');
    await dialog.getByText('You already have a token named “Laptop scripts”').waitFor();
    await page.getByLabel('Name').fill('CI build');
    expect(await dialog.locator('#token-name-duplicate').isHidden()).to.equal(true);
    await dialog.getByRole('checkbox', { name: 'streams:read' }).check();
    await dialog.getByRole('checkbox', { name: 'profile:read' }).check();
    await dialog.getByLabel('Expires after').selectOption('90d');
    await screenshot(page, 'new-token-dialog', dialog);
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const value = dialog.getByLabel('Your new token');
    await value.waitFor({ state: 'visible' });
    const token = await value.inputValue();
    expect(token).to.match(/^pat_[0-9A-Za-z]{48}$/);
    expect(await focusedId(page)).to.equal('token-value');
    const text = (await dialog.textContent())!;
    expect(text).to.contain('only time it is shown').and.contain('Authorization: Bearer');
    expect(await dialog.locator('#created-name').textContent()).to.equal('CI build');
    expect(await dialog.locator('#created-scopes').textContent()).to.equal('streams:read, profile:read');
    expect(await dialog.locator('#created-expires').textContent()).to.match(/in 90 days$/);
    // The examples name this server as the browser reached it, and carry the token.
    const curl = (await dialog.locator('#example-curl').textContent())!;
    expect(curl).to.equal(`curl ${base}/api/streams \\\n  -H 'Authorization: Bearer ${token}'`);
    const fetchExample = (await dialog.locator('#example-fetch').textContent())!;
    expect(fetchExample).to.contain(`fetch('${base}/graphql'`).and.contain(`Authorization: 'Bearer ${token}'`).and.contain('{ user { id streams { totalCount } } }');
    expect(await page.locator('#token-status').textContent()).to.contain('Token created');
    // Plain HTTP on a host name is no secure context (no navigator.clipboard): Copy still copies.
    expect(await page.evaluate<boolean>('window.isSecureContext')).to.equal(false);
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    await page.locator('#token-status', { hasText: 'Copied' }).waitFor();
    expect(await pasted(page)).to.equal(token);
    await dialog.getByRole('button', { name: 'Copy curl example' }).click();
    await page.locator('#token-status', { hasText: 'Copied' }).waitFor();
    expect(await pasted(page)).to.equal(curl);
    await screenshot(page, 'token-created-dialog', dialog);

    // The token does what its scopes allow and nothing more.
    expect((await api('/api/user', token)).status).to.equal(200);
    expect((await api('/api/streams', token)).status).to.equal(200);
    expect((await api('/api/tokens', token)).status).to.equal(403);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedId(page)).to.equal('new-token');
    const row = page.getByRole('row', { name: /CI build/ });
    expect(await row.textContent()).to.contain('streams:read').and.contain('profile:read').and.contain(token.slice(-6));
    await expectLocalTimes(page, 'Pacific/Honolulu');

    await page.reload();
    expect(await page.content()).not.to.contain(token);
    expect(await page.evaluate<string>('document.body.innerText')).not.to.contain(token.slice(4, 40));
    await screenshot(page, 'profile-with-tokens');

    // Regenerate asks first; the new token keeps name, scopes and expiry, the old one stops at once.
    await page.getByRole('button', { name: 'Regenerate CI build' }).click();
    const rotate = page.getByRole('dialog', { name: 'Regenerate this token?' });
    await rotate.waitFor({ state: 'visible' });
    expect(await rotate.textContent()).to.contain('CI build');
    await rotate.getByRole('button', { name: 'Regenerate token' }).click();
    const regenerated = page.getByRole('dialog', { name: 'Regenerated token' });
    await regenerated.waitFor({ state: 'visible' });
    const successor = await regenerated.getByLabel('Your new token').inputValue();
    expect(successor).to.match(/^pat_/).and.not.equal(token);
    expect(await regenerated.locator('#created-scopes').textContent()).to.equal('streams:read, profile:read');
    expect((await api('/api/user', token)).status).to.equal(401);
    expect((await api('/api/user', successor)).status).to.equal(200);
    await regenerated.getByRole('button', { name: 'Done' }).click();
    await regenerated.waitFor({ state: 'hidden' });
    await page.waitForFunction(`document.activeElement.getAttribute('aria-label') === 'Regenerate CI build'`, undefined, { timeout: 5000 });

    // Revoke asks first; Escape cancels and gives focus back to the Revoke button.
    const revoke = page.getByRole('button', { name: 'Revoke CI build' });
    await revoke.click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
    await confirm.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.evaluate<string | null>("document.activeElement.getAttribute('aria-label')")).to.equal('Revoke CI build');
    expect((await api('/api/user', successor)).status).to.equal(200);
    await revoke.click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /CI build/ }).waitFor({ state: 'detached' });
    expect(await page.locator('#page-status').textContent()).to.contain('revoked');
    expect(await page.getByRole('row', { name: /Laptop scripts/ }).count()).to.equal(1);
    expect((await api('/api/user', successor)).status).to.equal(401);

    // A browser gets pages for unknown addresses (JSON stays for API clients), and the icon exists.
    const missing = await page.goto(`${base}/no-such-page`);
    expect(missing!.status()).to.equal(404);
    expect(missing!.headers()['content-type']).to.match(/^text\/html/);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(errors.filter((e) => !/404 \(Not Found\)/.test(e))).to.deep.equal([]);
    await context.close();
  });

  it('at 390 px in Adelaide: nothing overflows, the dialogs fit, every button takes a real tap', async () => {
    const { context, page, errors } = await open({ timezoneId: 'Australia/Adelaide', width: 390, height: 844 });
    await page.goto(`${base}/login`);
    await checkLayout(page);
    await signInAs(page, 'ada@example.com');
    await checkLayout(page);
    const rendered = await expectLocalTimes(page, 'Australia/Adelaide');
    expect(rendered.relative).to.include('3 hours ago');
    await screenshot(page, 'profile-phone');

    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New personal access token' });
    await dialog.waitFor({ state: 'visible' });
    await checkLayout(page, dialog);
    await page.getByLabel('Name').fill('Phone');
    await dialog.getByRole('checkbox', { name: 'profile:read' }).check();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'New token' }).click();
    await page.getByLabel('Name').fill('Phone');
    await dialog.getByRole('checkbox', { name: 'profile:read' }).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByLabel('Your new token').waitFor({ state: 'visible' });
    await checkLayout(page, dialog);
    await screenshot(page, 'token-created-phone');
    await clickEveryButton(dialog, ['Done']);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });

    for (const [button, title, cancel] of [['Regenerate Phone', 'Regenerate this token?', 'Cancel'], ['Revoke Phone', 'Revoke this token?', 'Cancel']] as const) {
      await page.getByRole('button', { name: button }).click();
      const confirm = page.getByRole('dialog', { name: title });
      await confirm.waitFor({ state: 'visible' });
      await checkLayout(page, confirm);
      await confirm.getByRole('button', { name: cancel }).click();
      await confirm.waitFor({ state: 'hidden' });
    }
    await page.getByRole('button', { name: 'Revoke Phone' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('row', { name: /Phone/ }).waitFor({ state: 'detached' });

    await page.setViewportSize({ width: 320, height: 640 });
    await checkLayout(page);
    await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('runs a query in the GraphQL explorer under the same CSP (no inline script)', async () => {
    const ada = (await app.locals.patgate.models.User.findOne({ where: { email: 'ada@example.com' } }))!;
    const issued = await app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'explorer', scopes: ['profile:read', 'streams:read'] });
    const { context, page, errors } = await open({ timezoneId: 'UTC', width: 1280, height: 900 });
    await page.goto(`${base}/explorer`);
    await page.getByLabel('Token').fill(issued.token);
    await page.getByRole('button', { name: 'Run (Ctrl+Enter)' }).click();
    await page.locator('#explorer-status', { hasText: 'HTTP 200' }).waitFor();
    const answer = JSON.parse((await page.locator('#explorer-result').textContent())!) as { data: { user: { id: string; streams: { totalCount: number } } } };
    expect(answer.data.user).to.deep.include({ id: ada.id, streams: { totalCount: 0 } });
    expect(await page.locator('details pre').textContent()).to.contain('type Query');
    await checkLayout(page);
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
