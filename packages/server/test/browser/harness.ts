/**
 * The browser tests' harness: a fresh SQLite database, an app on a free port, and Debian's chromium driven
 * by playwright-core (never a downloaded browser). Without chromium a suite is skipped with a one-line
 * reason, except under CI, where `.ci/run` installs it and its absence is a failure.
 *
 * The browser reaches the server as `http://patgate.test:<port>` over plain HTTP (chromium maps the name
 * to 127.0.0.1), the way a newcomer reaches `http://my-box:3000`. Screenshots always land in
 * `test-output/`; with `PATGATE_UPDATE_SCREENSHOTS=1` the README's ones are also copied to `docs/images/`.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import type { AppOptions, PatgateApp } from '../../src/app.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

const CHROMIUM = process.env.PATGATE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const DOCS_IMAGES = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));
/** The password of every user the browser tests make. */
export const PASSWORD = 'correct horse battery staple';
/** The host name the browser uses for the server. */
export const HOST = 'patgate.test';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
];
/** The screenshots the README shows (docs/images/<name>.png); the others stay in test-output/. */
const DOCS_SHOTS = new Set(['sign-in', 'profile-with-tokens', 'new-token-dialog', 'token-created-dialog', 'profile-phone']);

/** What {@link browserHarness} gives the tests of one `describe`; valid inside tests. */
export interface BrowserHarness {
  readonly app: PatgateApp;
  /** `http://patgate.test:<port>`. */
  readonly base: string;
  /** The app's clock runs this far from real time (a test sets it to make tokens "in the past"). */
  offsetMs: number;
  /** A browser context in a time zone and at a size, with a page that records every console error. */
  open(options: { timezoneId: string; width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  signInAs(page: Page, email: string): Promise<void>;
  screenshot(page: Page, name: string, target?: { screenshot(options: { path: string }): Promise<unknown> }): Promise<void>;
  /** What the clipboard holds: pasted with the keyboard into a scratch textarea inside the open dialog. */
  pasted(page: Page): Promise<string>;
  /**
   * A bearer-token request from Node (on 127.0.0.1: Node does not know the browser's host name); `init`
   * may add a method, a body and headers of its own.
   */
  api(path: string, token: string, init?: RequestInit): Promise<Response>;
}

/**
 * Registers hooks that start the app and chromium before the suite and stop them after it.
 *
 * @example
 * describe('profile page', () => { const b = browserHarness(); it('…', async () => { const { page } = await b.open(…); }); });
 */
export function browserHarness(options: Partial<AppOptions> = {}): BrowserHarness {
  const db = withDatabase('sqlite');
  let app: PatgateApp | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let base = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
      console.warn(`      skipped: no chromium at ${CHROMIUM} (apt-get install chromium; under CI this fails)`);
      this.skip();
    }
    mkdirSync(OUTPUT, { recursive: true });
    app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, now: () => new Date(Date.now() + harness.offsetMs), ...options });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    base = `http://${HOST}:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const harness: BrowserHarness = {
    get app() {
      return app!;
    },
    get base() {
      return base;
    },
    offsetMs: 0,
    async open({ timezoneId, width, height }) {
      const context = await browser!.newContext({
        viewport: { width, height },
        timezoneId,
        locale: 'en-US',
        ...(width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      return { context, page, errors };
    },
    async signInAs(page, email) {
      await page.goto(`${base}/profile`);
      expect(new URL(page.url()).pathname).to.equal('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${base}/profile`), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    },
    async screenshot(page, name, target) {
      const file = `${OUTPUT}${name}.png`;
      await (target ?? page).screenshot({ path: file, ...(target ? {} : { fullPage: true }) } as { path: string });
      if (process.env.PATGATE_UPDATE_SCREENSHOTS === '1' && DOCS_SHOTS.has(name)) {
        mkdirSync(DOCS_IMAGES, { recursive: true });
        copyFileSync(file, `${DOCS_IMAGES}${name}.png`);
      }
    },
    async pasted(page) {
      await page.evaluate(`(() => { const t = document.createElement('textarea'); t.id = 'paste-here'; document.querySelector('dialog[open]').append(t); t.focus(); })()`);
      await page.keyboard.press('ControlOrMeta+V');
      return page.evaluate<string>(`(() => { const t = document.getElementById('paste-here'); t.remove(); return t.value; })()`);
    },
    api: (path, token, init = {}) =>
      fetch(`${base.replace(HOST, '127.0.0.1')}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` } }),
  };
  return harness;
}
