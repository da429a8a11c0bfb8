/**
 * The profile page in chromium (see `harness.ts`), reached as `http://patgate.test:<port>` over plain HTTP:
 * a CSP that upgraded insecure requests would break the stylesheet and the sign-in form there. At 1280 px
 * in Honolulu and at 390 and 320 px in Adelaide: no horizontal overflow, dialogs in view and centred, every
 * button taking a real click, times in the browser's time zone; and the README's screenshots.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/services/users.js';
import { browserHarness, PASSWORD } from './harness.js';
import { checkLayout, clickEveryButton, expectLocalTimes, expectUnbrokenValues } from './page-checks.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('profile page in chromium', function () {
  this.timeout(180_000);
  const browser = browserHarness();
  const focusedId = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");

  it('at desktop width in Honolulu: signs in over plain HTTP on a host name, mints, regenerates and revokes tokens', async () => {
    const ada = await createUser(browser.app.locals.patgate.models, { email: 'ada@example.com', name: 'Ada Lovelace', password: PASSWORD });
    const issuer = browser.app.locals.patgate.issuer;
    // Tokens made in the past, so the table shows relative forms such as "3 hours ago".
    browser.offsetMs = -3 * HOUR;
    await issuer.create({ ownerId: ada.id, name: 'Laptop scripts', scopes: ['streams:read'], lifespanMs: 30 * DAY });
    browser.offsetMs = -10 * DAY;
    await issuer.create({ ownerId: ada.id, name: 'Nightly backup of every stream', scopes: ['streams:read', 'profile:read', 'tokens:read'], lifespanMs: 90 * DAY });
    for (const [i, name] of ['Deploy preview', 'Reporting', 'Staging smoke tests', 'Old laptop'].entries()) {
      browser.offsetMs = -(i + 2) * DAY;
      await issuer.create({ ownerId: ada.id, name, scopes: ['profile:read', 'profile:email', 'users:read'], lifespanMs: 7 * DAY });
    }
    browser.offsetMs = 0;

    const { context, page, errors } = await browser.open({ timezoneId: 'Pacific/Honolulu', width: 1280, height: 1100 });
    await page.goto(`${browser.base}/login`);
    // The stylesheet loaded over plain HTTP (no upgrade to https): the card has its white background.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.card')).backgroundColor")).to.equal('rgb(255, 255, 255)');
    await browser.screenshot(page, 'sign-in');
    await browser.signInAs(page, 'ada@example.com');
    await checkLayout(page);
    const rendered = await expectLocalTimes(page, 'Pacific/Honolulu');
    expect(rendered.relative).to.include('3 hours ago').and.include('in 30 days').and.include('10 days ago').and.include('in 80 days');
    await browser.screenshot(page, 'profile');

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
    await browser.screenshot(page, 'new-token-dialog', dialog);
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
    expect(curl).to.equal(`curl ${browser.base}/api/streams \\\n  -H 'Authorization: Bearer ${token}'`);
    const fetchExample = (await dialog.locator('#example-fetch').textContent())!;
    expect(fetchExample).to.contain(`fetch('${browser.base}/graphql'`).and.contain(`Authorization: 'Bearer ${token}'`).and.contain('{ user { id streams { totalCount } } }');
    expect(await page.locator('#token-status').textContent()).to.contain('Token created');
    // Plain HTTP on a host name is no secure context (no navigator.clipboard): Copy still copies.
    expect(await page.evaluate<boolean>('window.isSecureContext')).to.equal(false);
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    await page.locator('#token-status', { hasText: 'Copied' }).waitFor();
    expect(await browser.pasted(page)).to.equal(token);
    await dialog.getByRole('button', { name: 'Copy curl example' }).click();
    await page.locator('#token-status', { hasText: 'Copied' }).waitFor();
    expect(await browser.pasted(page)).to.equal(curl);
    await browser.screenshot(page, 'token-created-dialog', dialog);

    // The token does what its scopes allow and nothing more.
    expect((await browser.api('/api/user', token)).status).to.equal(200);
    expect((await browser.api('/api/streams', token)).status).to.equal(200);
    expect((await browser.api('/api/tokens', token)).status).to.equal(403);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedId(page)).to.equal('new-token');
    const row = page.getByRole('row', { name: /CI build/ });
    expect(await row.textContent()).to.contain('streams:read').and.contain('profile:read').and.contain(token.slice(-6));
    await expectLocalTimes(page, 'Pacific/Honolulu');

    await page.reload();
    // Seven tokens at 1280 px: nothing overflows, no date or token end is broken over two lines.
    await checkLayout(page);
    await expectUnbrokenValues(page);
    expect(await page.getByRole('row').count()).to.equal(8);
    expect(await page.content()).not.to.contain(token);
    expect(await page.evaluate<string>('document.body.innerText')).not.to.contain(token.slice(4, 40));
    await browser.screenshot(page, 'profile-with-tokens');

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
    expect((await browser.api('/api/user', token)).status).to.equal(401);
    expect((await browser.api('/api/user', successor)).status).to.equal(200);
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
    expect((await browser.api('/api/user', successor)).status).to.equal(200);
    await revoke.click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /CI build/ }).waitFor({ state: 'detached' });
    expect(await page.locator('#page-status').textContent()).to.contain('revoked');
    expect(await page.getByRole('row', { name: /Laptop scripts/ }).count()).to.equal(1);
    expect((await browser.api('/api/user', successor)).status).to.equal(401);

    // A browser gets pages for unknown addresses (JSON stays for API clients), and the icon exists.
    const missing = await page.goto(`${browser.base}/no-such-page`);
    expect(missing!.status()).to.equal(404);
    expect(missing!.headers()['content-type']).to.match(/^text\/html/);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(errors.filter((e) => !/404 \(Not Found\)/.test(e))).to.deep.equal([]);
    await context.close();
  });

  it('at 390 px in Adelaide: nothing overflows, the dialogs fit, every button takes a real tap', async () => {
    const { context, page, errors } = await browser.open({ timezoneId: 'Australia/Adelaide', width: 390, height: 844 });
    await page.goto(`${browser.base}/login`);
    await checkLayout(page);
    await browser.signInAs(page, 'ada@example.com');
    await checkLayout(page);
    const rendered = await expectLocalTimes(page, 'Australia/Adelaide');
    expect(rendered.relative).to.include('3 hours ago');
    await browser.screenshot(page, 'profile-phone');

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
    await browser.screenshot(page, 'token-created-phone');
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
    await page.getByRole('button', { name: 'Regenerate Phone' }).click();
    await page.getByRole('button', { name: 'Regenerate token' }).click();
    const regenerated = page.getByRole('dialog', { name: 'Regenerated token' });
    await regenerated.getByLabel('Your new token').waitFor({ state: 'visible' });
    await checkLayout(page, regenerated);
    await regenerated.getByRole('button', { name: 'Done' }).click();
    await regenerated.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Revoke Phone' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('row', { name: /Phone/ }).waitFor({ state: 'detached' });

    await page.setViewportSize({ width: 320, height: 640 });
    await checkLayout(page);
    await Promise.all([page.waitForURL(`${browser.base}/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
