import { expect } from 'chai';
import { signedIn, withWeb } from './helpers.js';

const DAY = 86_400_000;

describe('the profile page marks tokens that expire within 7 days', () => {
  let now = new Date('2026-12-01T12:00:00Z');
  const web = withWeb('sqlite', { now: () => now });

  /** The HTML of the row of the token with this id. */
  function row(page: string, id: string): string {
    const match = new RegExp(`<tr data-token-id="${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(page);
    if (!match?.[1]) throw new Error(`no row for ${id}`);
    return match[1];
  }

  it('marks one due in 3 days (and at exactly 7), not one due in 30 or an expired one', async () => {
    now = new Date('2026-12-01T12:00:00Z');
    const ada = await web.makeUser('ada');
    const issuer = web.app.locals.patgate.issuer;
    const create = (name: string, days: number) => issuer.create({ ownerId: ada.id, name, scopes: ['streams:read'], lifespanMs: days * DAY });
    const soon = await create('soon', 3);
    const seven = await create('seven', 7);
    const later = await create('later', 30);
    const gone = await create('gone', 1);
    // Later, then sign in: a session idle for 1.5 days would have ended (issue 12's idle lifetime, 24 h).
    now = new Date(now.getTime() + 1.5 * DAY);
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const page = (await agent.get('/profile').expect(200)).text;
    expect(row(page, soon.info.id)).to.include('Expires soon').and.include('title="Expires in 2 days"');
    expect(row(page, seven.info.id)).to.include('Expires soon').and.include('title="Expires in 6 days"');
    expect(row(page, later.info.id)).not.to.include('Expires soon');
    expect(row(page, gone.info.id)).to.include('Expired').and.not.include('Expires soon');
  });
});
