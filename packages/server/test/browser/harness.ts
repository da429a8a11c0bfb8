/**
 * A browser on a running app for the page tests: Debian's chromium through playwright-core (never a
 * downloaded browser), the app on 127.0.0.1 port 0 over a fresh SQLite database, and a sign-in through
 * the form. Without chromium the suite is skipped with a one-line reason, except under CI, where
 * `.ci/run` installs it and its absence is a failure.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import type { AppOptions, PatgateApp } from '../../src/app.js';
import { withDatabase } from '../helpers/db.js';
import type { TestDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

const CHROMIUM = process.env.PATGATE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** The password {@link BrowserHarness.signIn} types. */
export const BROWSER_PASSWORD = 'correct horse battery staple';

/** What {@link withBrowser} hands the tests; valid inside tests only. */
export interface BrowserHarness {
  readonly db: TestDatabase;
  readonly app: PatgateApp;
  readonly page: Page;
  readonly base: string;
  /** Signs in through the form and waits for the profile page. */
  signIn(email: string): Promise<void>;
}

/**
 * Registers `before`/`after` hooks for one browser page on one app (built with `options`).
 *
 * @example
 * const browser = withBrowser(this);
 * it('shows the profile', async () => { await browser.signIn('ada@example.com'); });
 */
export function withBrowser(suite: Mocha.Suite, options: Partial<AppOptions> = {}): BrowserHarness {
  suite.timeout(120_000);
  const db = withDatabase('sqlite');
  let app: PatgateApp | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let base = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
      console.warn(`      skipped: no chromium at ${CHROMIUM} (apt-get install chromium; under CI this fails)`);
      this.skip();
    }
    app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, ...options });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('withBrowser: use the harness inside tests');
    return value;
  };
  return {
    db,
    get app() { return need(app); },
    get page() { return need(page); },
    get base() { return base; },
    async signIn(email) {
      const current = need(page);
      await current.goto(`${base}/login`);
      await current.getByLabel('Email').fill(email);
      await current.getByLabel('Password').fill(BROWSER_PASSWORD);
      await Promise.all([current.waitForURL(`${base}/profile`), current.getByRole('button', { name: 'Sign in' }).click()]);
      await current.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    },
  };
}
