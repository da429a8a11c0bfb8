/** The New token dialog's stream limit in chromium (see `harness.ts`). */
import { expect } from 'chai';
import { createStream } from '../../src/services/streams.js';
import { createUser } from '../../src/services/users.js';
import { browserHarness, PASSWORD } from './harness.js';

describe('profile page in chromium: a token limited to one stream', function () {
  this.timeout(120_000);
  const browser = browserHarness();

  it('creates a token for stream A only from the New token dialog; it reaches A and not B', async () => {
    const { models } = browser.app.locals.patgate;
    const ada = await createUser(models, { email: 'ada@example.com', name: 'Ada', password: PASSWORD });
    const a = await createStream(models, ada.id, { name: 'Bridge A' });
    const b = await createStream(models, ada.id, { name: 'Tower B' });
    const { context, page, errors } = await browser.open({ timezoneId: 'UTC', width: 1280, height: 1000 });
    await browser.signInAs(page, 'ada@example.com');

    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New personal access token' });
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByLabel('Name', { exact: true }).fill('CI for A');
    await dialog.getByRole('checkbox', { name: 'streams:read' }).check();
    await dialog.getByRole('checkbox', { name: 'streams:write' }).check();
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

    expect(await page.getByRole('row', { name: /CI for A/ }).textContent()).to.contain('Only: Bridge A');
    expect((await browser.api(`/api/streams/${a.id}`, token)).status).to.equal(200);
    expect((await browser.api(`/api/streams/${b.id}`, token)).status).to.equal(404);
    const current = (await (await browser.api('/api/tokens/current', token)).json()) as { streamIds: string[] };
    expect(current.streamIds).to.deep.equal([a.id]);

    await page.reload();
    expect(await page.getByRole('row', { name: /CI for A/ }).textContent()).to.contain('Only: Bridge A');
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
