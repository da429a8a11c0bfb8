/**
 * The GraphQL explorer (`PATGATE_GRAPHQL_EXPLORER`) in chromium over plain HTTP on a host name: its script
 * is a same-origin file, so the page works under the same Content-Security-Policy with no console error.
 */
import { expect } from 'chai';
import { createUser } from '../../src/services/users.js';
import { browserHarness, PASSWORD } from './harness.js';
import { checkLayout } from './page-checks.js';

describe('GraphQL explorer in chromium', function () {
  this.timeout(120_000);
  const browser = browserHarness({ graphqlExplorer: true });

  it('runs a query in the GraphQL explorer under the same CSP (no inline script)', async () => {
    const ada = await createUser(browser.app.locals.patgate.models, { email: 'ada@example.com', name: 'Ada', password: PASSWORD });
    const issued = await browser.app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'explorer', scopes: ['profile:read', 'streams:read'] });
    const { context, page, errors } = await browser.open({ timezoneId: 'UTC', width: 1280, height: 900 });
    await page.goto(`${browser.base}/explorer`);
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
