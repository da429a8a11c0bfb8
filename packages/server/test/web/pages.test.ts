import { expect } from 'chai';
import { SCOPES } from '../../src/scopes.js';
import { escapeHtml, html } from '../../src/web/html.js';
import { signedIn, withWeb } from './helpers.js';

describe('html template', () => {
  it('escapes interpolated values, keeps nested html, drops false/null/undefined', () => {
    const name = '<img src=x onerror="alert(1)">';
    const out = html`<p title="${name}">${name}${[html`<b>${'&'}</b>`, 'x']}${false}${null}${undefined}</p>`.toString();
    expect(out).to.equal(`<p title="${escapeHtml(name)}">${escapeHtml(name)}<b>&amp;</b>x</p>`);
    expect(out).not.to.contain('<img');
  });
});

describe('web pages', () => {
  const web = withWeb('sqlite');

  it('serve the stylesheet and script as same-origin files under a CSP without inline scripts', async () => {
    const page = await web.agent().get('/login').expect(200);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).to.match(/script-src 'self'/).and.not.match(/unsafe-inline'?;? *script/);
    expect(page.text).not.to.match(/<script(?![^>]*\ssrc=)/);
    await web.agent().get('/assets/patgate.css').expect(200).expect('Content-Type', /text\/css/);
    const script = await web.agent().get('/assets/profile.js').expect(200).expect('Content-Type', /javascript/);
    expect(script.text).to.contain('/api/tokens');
  });

  it('send a signed-out visitor from /profile to the sign-in page', async () => {
    await web.agent().get('/profile').expect(303).expect('Location', '/login');
  });

  it('offer every grantable scope with its description and the allowed lifespans, never tokens:write or "never"', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const page = (await agent.get('/profile').expect(200)).text;
    for (const scope of SCOPES.filter((s) => s.grantable)) {
      expect(page).to.contain(`value="${scope.name}"`);
      expect(page).to.contain(escapeHtml(scope.description.slice(1)));
    }
    expect(page).not.to.contain('value="tokens:write"');
    expect(page).to.contain('<option value="30d" selected>30 days</option>');
    for (const value of ['7d', '90d', '1y']) expect(page).to.contain(`<option value="${value}"`);
    expect(page).not.to.contain('value="never"');
    expect(page).to.match(/<dialog id="token-dialog" aria-labelledby="token-dialog-title">/);
    expect(page).to.contain('aria-live="polite"');
  });

  it('list live tokens with escaped names and last characters, never a secret; revoked ones only under Revoked tokens', async () => {
    const ada = await web.makeUser('ada');
    const { issuer } = web.app.locals.patgate;
    const live = await issuer.create({ ownerId: ada.id, name: '<script>alert(1)</script>', scopes: ['streams:read', 'profile:read'] });
    const gone = await issuer.create({ ownerId: ada.id, name: 'old laptop', scopes: ['streams:read'] });
    await issuer.revoke(ada.id, gone.info.id);
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const page = (await agent.get('/profile').expect(200)).text;
    expect(page).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;').and.not.contain('<script>alert(1)');
    expect(page).to.contain(`…${live.info.lastChars}`).and.contain(`data-token-id="${live.info.id}"`);
    expect(page).not.to.contain(live.token).and.not.contain(live.token.slice(4, 30));
    // A revoked token leaves the table; it stays listed under "Revoked tokens" only, for its history.
    expect(page).not.to.contain(`<tr data-token-id="${gone.info.id}"`);
    expect(page.match(/old laptop/g)).to.have.length(2); // its name and its History link's label
    expect(page).to.match(new RegExp(`<details class="revoked-tokens">[\\s\\S]*<li data-token-id="${gone.info.id}">old laptop`));
    expect(page).to.contain(`href="/profile/tokens/${gone.info.id}/history"`);
    expect(page).to.contain('<tr id="no-tokens" hidden>');
  });
});
