import { expect } from 'chai';
import { createStream } from '../../src/services/streams.js';
import { createUser } from '../../src/services/users.js';
import { BROWSER_PASSWORD, withBrowser } from './harness.js';

describe('profile page in chromium: a token limited to one stream', function () {
  const browser = withBrowser(this);

  it('creates a token for stream A only from the New token dialog; it reaches A and not B', async () => {
    const { db, page, base } = browser;
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: BROWSER_PASSWORD });
    const a = await createStream(db.models, ada.id, { name: 'Bridge A' });
    const b = await createStream(db.models, ada.id, { name: 'Tower B' });
    await browser.signIn('ada@example.com');

    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New personal access token' });
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByLabel('Name').fill('CI for A');
    await dialog.getByLabel('streams:read').check();
    await dialog.getByLabel('streams:write').check();
    // Asking for "only these" without a stream is refused on the page.
    await dialog.getByLabel('Only these streams').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Choose at least one stream').waitFor();
    await dialog.getByLabel('Bridge A').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const value = dialog.getByLabel('Your new token');
    await value.waitFor({ state: 'visible' });
    const token = await value.inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row', { name: /CI for A/ });
    expect(await row.textContent()).to.contain('Only: Bridge A');
    const call = (method: string, path: string) => fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
    expect((await call('GET', `/api/streams/${a.id}`)).status).to.equal(200);
    expect((await call('GET', `/api/streams/${b.id}`)).status).to.equal(404);
    const current = (await (await call('GET', '/api/tokens/current')).json()) as { streamIds: string[] };
    expect(current.streamIds).to.deep.equal([a.id]);

    await page.reload();
    expect(await page.getByRole('row', { name: /CI for A/ }).textContent()).to.contain('Only: Bridge A');
  });
});
