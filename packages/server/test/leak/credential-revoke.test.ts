import { expect } from 'chai';
import { DATABASE_KINDS, expectFailsWith, withApi } from '../http/helpers.js';
import type { ApiHarness } from '../http/helpers.js';
import { forgedValue, idOf, revokedState } from './helpers.js';

/** Three live tokens, two revoked, three bystanders whose ids the forged values name. */
async function mixOfTokens(api: ApiHarness) {
  const owner = await api.makeUser('ada');
  const mint = () => api.makeToken(owner, ['profile:read']);
  const live = [await mint(), await mint(), await mint()];
  const dead = [await mint(), await mint()];
  for (const token of dead) await api.app.locals.patgate.issuer.revoke(owner.id, idOf(token));
  const bystanders = [await mint(), await mint(), await mint()];
  const forged = [...bystanders.map((t) => forgedValue(idOf(t))), forgedValue(), forgedValue()];
  // The right id and secret under another prefix (with that prefix's checksum) is not our token either.
  const otherPrefix = forgedValue(idOf(live[0]!), 'acme').slice(0, 5) + live[0]!.slice(4);
  return { live, dead, bystanders, forged, otherPrefix };
}

for (const kind of DATABASE_KINDS) {
  describe(`POST /api/credentials/revoke on ${kind}`, function () {
    const api = withApi(kind, { tokenCacheTtlMs: 60_000 });

    it('revokes exactly the live tokens among 3 live, 2 revoked, 5 forged and another prefix, answering 202 {}', async () => {
      const { live, dead, bystanders, forged, otherPrefix } = await mixOfTokens(api);
      // Cached by a use, so the revocation must reach the verifier's cache, not only the table.
      await api.http().get('/api/user').set('Authorization', `Bearer ${live[0]}`).expect(200);
      const before = await revokedState(api);

      const credentials = [...dead, forged[0]!, live[0]!, ...forged.slice(1), otherPrefix, live[1]!, live[2]!];
      const res = await api.http().post('/api/credentials/revoke').send({ credentials });
      expect(res.status).to.equal(202);
      expect(res.text).to.equal('{}');
      expect(res.headers['cache-control']).to.equal('no-store');

      const after = await revokedState(api);
      for (const token of live) expect(after[idOf(token)], 'live token revoked').to.equal(true);
      for (const token of bystanders) expect(after[idOf(token)], 'forged id left alone').to.equal(false);
      const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
      expect(changed.sort()).to.deep.equal(live.map(idOf).sort());
      await api.http().get('/api/user').set('Authorization', `Bearer ${live[0]}`).expect(401);
      await api.http().get('/api/user').set('Authorization', `Bearer ${bystanders[0]}`).expect(200);
    });

    it('answers the same bytes whether no value, one value or every value was live', async () => {
      const { live, dead, forged } = await mixOfTokens(api);
      const answers = [];
      for (const credentials of [forged, [live[0]!], [...live.slice(1), ...dead], dead]) {
        const res = await api.http().post('/api/credentials/revoke').send({ credentials });
        answers.push({ status: res.status, body: res.text, type: res.headers['content-type'], length: res.headers['content-length'] });
      }
      for (const answer of answers) expect(answer).to.deep.equal(answers[0]);
    });

    it('refuses a body without 1 to 1000 string values with 400, revoking nothing', async () => {
      const { live } = await mixOfTokens(api);
      const before = await revokedState(api);
      const bodies: unknown[] = [
        {},
        { credentials: [] },
        { credentials: live[0] },
        { credentials: [live[0], 42] },
        { credentials: [live[0]], extra: true },
        { credentials: Array.from({ length: 1001 }, () => forgedValue()) },
        { credentials: ['x'.repeat(201)] },
      ];
      for (const body of bodies) {
        expectFailsWith(await api.http().post('/api/credentials/revoke').send(body as object), 400, null, 'bad_request');
      }
      expectFailsWith(await api.http().post('/api/credentials/revoke').type('json').send('{"credentials":['), 400, null, 'invalid_json');
      expect(await revokedState(api)).to.deep.equal(before);
    });

    it('takes 1000 values in one request', async () => {
      const { live } = await mixOfTokens(api);
      const credentials = [...Array.from({ length: 999 }, () => forgedValue()), live[0]!];
      await api.http().post('/api/credentials/revoke').send({ credentials }).expect(202);
      expect((await revokedState(api))[idOf(live[0]!)]).to.equal(true);
    });
  });

  describe(`POST /oauth/revoke (RFC 7009) on ${kind}`, function () {
    const api = withApi(kind);

    it('revokes a live token given as form field `token`, 200 for live, dead and forged alike', async () => {
      const { live, dead, bystanders } = await mixOfTokens(api);
      for (const token of [live[0]!, dead[0]!, forgedValue(idOf(bystanders[0]!)), 'not-a-token']) {
        const res = await api.http().post('/oauth/revoke').type('form').send({ token, token_type_hint: 'access_token' });
        expect(res.status, token).to.equal(200);
        expect(res.text).to.equal('');
      }
      const state = await revokedState(api);
      expect(state[idOf(live[0]!)]).to.equal(true);
      expect(state[idOf(live[1]!)]).to.equal(false);
      expect(state[idOf(bystanders[0]!)]).to.equal(false);
    });

    it('answers 400 invalid_request when `token` is missing', async () => {
      for (const send of [{}, { token_type_hint: 'access_token' }, { token: '' }]) {
        const res = await api.http().post('/oauth/revoke').type('form').send(send);
        expect(res.status).to.equal(400);
        expect(res.body).to.include({ error: 'invalid_request' });
      }
      const json = await api.http().post('/oauth/revoke').send({ token: 'pat_x' });
      expect(json.status, 'a JSON body is not the form RFC 7009 names').to.equal(400);
    });
  });

  describe(`revoke-by-value limits per address on ${kind}`, function () {
    const api = withApi(kind, { credentialRevokePerHour: 3, trustProxy: 'loopback' });

    it('gives one address 3 requests an hour over both routes, then 429 with Retry-After; other addresses go on', async () => {
      const from = (ip: string) => ({ 'X-Forwarded-For': ip });
      await api.http().post('/api/credentials/revoke').set(from('203.0.113.7')).send({ credentials: [forgedValue()] }).expect(202);
      await api.http().post('/oauth/revoke').set(from('203.0.113.7')).type('form').send({ token: forgedValue() }).expect(200);
      await api.http().post('/api/credentials/revoke').set(from('203.0.113.7')).send({}).expect(400);
      const limited = await api.http().post('/api/credentials/revoke').set(from('203.0.113.7')).send({ credentials: [forgedValue()] });
      expectFailsWith(limited, 429, null, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 3600);
      expect((await api.http().post('/oauth/revoke').set(from('203.0.113.7')).type('form').send({ token: 'x' })).status).to.equal(429);
      await api.http().post('/api/credentials/revoke').set(from('198.51.100.2')).send({ credentials: [forgedValue()] }).expect(202);
    });
  });
}
