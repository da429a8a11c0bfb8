/** A token's history on the profile page, in chromium (see `harness.ts`). */
import { expect } from 'chai';
import { createUser } from '../../src/services/users.js';
import { browserHarness, PASSWORD } from './harness.js';

describe('token history page in chromium', function () {
  this.timeout(120_000);
  const browser = browserHarness();

  const call = (path: string, token: string, init: RequestInit = {}) => browser.api(path, token, { ...init, headers: { 'User-Agent': 'deploy-script/2.0' } });

  it("opens a token's history from the profile page: created, first used, rotated, newest first", async () => {
    const { models, issuer } = browser.app.locals.patgate;
    const ada = await createUser(models, { email: 'ada@example.com', name: 'Ada Lovelace', password: PASSWORD });
    const { token } = await issuer.create({ ownerId: ada.id, name: 'Nightly <build>', scopes: ['profile:read'] }, { actor: 'cli' });
    expect((await call('/api/user', token)).status).to.equal(200);
    expect((await call('/api/user', token)).status).to.equal(200);
    const rotated = await call('/api/tokens/current/rotate', token, { method: 'POST' });
    expect(rotated.status).to.equal(201);
    const successor = ((await rotated.json()) as { token: string; id: string });
    expect((await call('/api/user', token)).status).to.equal(401); // refused: the old token is revoked

    const { page } = await browser.open({ timezoneId: 'UTC', width: 1200, height: 860 });
    await browser.signInAs(page, 'ada@example.com');

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
    await browser.screenshot(page, 'token-history');
    const rows = page.locator('tbody tr');
    expect(await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-event')))).to.deep.equal(['refused_revoked', 'rotated', 'first_used', 'created']);
    expect(await rows.nth(3).textContent()).to.contain('Created').and.contain('The patgate command line');
    expect(await rows.nth(2).textContent()).to.contain('First used').and.contain('127.0.0.1').and.contain('deploy-script/2.0');
    expect(await page.content()).not.to.contain(token);

    // Someone else's token, or a made-up id, is a plain "not found".
    const missing = await page.goto(`${browser.base}/profile/tokens/AAAAAAAAAA/history`);
    expect(missing?.status()).to.equal(404);
  });
});
