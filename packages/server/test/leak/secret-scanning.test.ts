import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SecretScanningKeys } from '../../src/leak/index.js';
import { DATABASE_KINDS, expectFailsWith, withApi } from '../http/helpers.js';
import type { ApiHarness } from '../http/helpers.js';
import { forgedValue, idOf, revokedState } from './helpers.js';

const PATH = '/api/secret-scanning/github';
const KEY_ID = 'bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c';
const OLD_KEY_ID = '90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

/** A GitHub-shaped key file in a fresh folder: the current key and one GitHub has rotated away from. */
function writeKeyFile(current: KeyObject, old: KeyObject): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'patgate-keys-'));
  const file = path.join(dir, 'github-secret-scanning-keys.json');
  writeFileSync(
    file,
    JSON.stringify({
      public_keys: [
        { key_identifier: OLD_KEY_ID, key: pem(old), is_current: false },
        { key_identifier: KEY_ID, key: pem(current), is_current: true },
      ],
    }),
  );
  return { dir, file };
}

const signature = (body: string, key: KeyObject) => sign('sha256', Buffer.from(body), key).toString('base64');

function post(api: ApiHarness, body: string, headers: Record<string, string>) {
  return api.http().post(PATH).set('Content-Type', 'application/json').set(headers).send(body);
}

describe('secret-scanning keys file', () => {
  it('names the variable and the problem for a missing, malformed or non-P-256 file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'patgate-keys-'));
    try {
      const file = path.join(dir, 'keys.json');
      expect(() => new SecretScanningKeys(file)).to.throw(/PATGATE_SECRET_SCANNING_KEYS .*cannot be read: ENOENT/);
      writeFileSync(file, '{"public_keys": [');
      expect(() => new SecretScanningKeys(file)).to.throw(/PATGATE_SECRET_SCANNING_KEYS .*not valid JSON/);
      writeFileSync(file, '{"public_keys": []}');
      expect(() => new SecretScanningKeys(file)).to.throw(/at least one key/);
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: 'k1', key: pem(rsa), is_current: true }] }));
      expect(() => new SecretScanningKeys(file)).to.throw(/"k1", which is not a PEM ECDSA P-256 public key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the loaded keys when a reload fails, and takes the new ones when it works', () => {
    const first = pair();
    const { dir, file } = writeKeyFile(first.publicKey, pair().publicKey);
    try {
      const keys = new SecretScanningKeys(file);
      const body = Buffer.from('[]');
      expect(keys.verify(KEY_ID, signature('[]', first.privateKey), body)).to.equal(true);
      writeFileSync(file, 'not json');
      expect(() => keys.reload()).to.throw(/not valid JSON/);
      expect(keys.verify(KEY_ID, signature('[]', first.privateKey), body)).to.equal(true);
      const second = pair();
      writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: 'next', key: pem(second.publicKey), is_current: true }] }));
      keys.reload();
      expect(keys.identifiers()).to.deep.equal(['next']);
      expect(keys.verify(KEY_ID, signature('[]', first.privateKey), body)).to.equal(false);
      expect(keys.verify('next', signature('[]', second.privateKey), body)).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('watching the secret-scanning keys file', () => {
  it('re-reads the file when it is replaced, as an operator rotating keys does', async () => {
    const { dir, file } = writeKeyFile(pair().publicKey, pair().publicKey);
    const keys = new SecretScanningKeys(file);
    const reloaded = new Promise<unknown>((resolve) => {
      const stop = keys.watch((error) => {
        stop();
        resolve(error);
      }, 20);
    });
    try {
      const next = pair();
      // Written beside it, then renamed over it: the way to replace the file without a half-written moment.
      writeFileSync(`${file}.new`, JSON.stringify({ public_keys: [{ key_identifier: 'rotated', key: pem(next.publicKey), is_current: true }, { key_identifier: 'x', key: pem(pair().publicKey) }] }));
      renameSync(`${file}.new`, file);
      expect(await reloaded).to.equal(undefined);
      expect(keys.identifiers()).to.deep.equal(['rotated', 'x']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('POST /api/secret-scanning/github without keys', () => {
  const api = withApi('sqlite');
  it('answers 404: the server does not offer it', async () => {
    expectFailsWith(await post(api, '[]', {}), 404, null, 'not_found');
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`POST /api/secret-scanning/github on ${kind}`, function () {
    const current = pair();
    const old = pair();
    const { dir, file } = writeKeyFile(current.publicKey, old.publicKey);
    after(() => rmSync(dir, { recursive: true, force: true }));
    const api = withApi(kind, { secretScanningKeys: new SecretScanningKeys(file) });

    async function report() {
      const owner = await api.makeUser('ada');
      const mint = () => api.makeToken(owner, ['profile:read']);
      const live = [await mint(), await mint()];
      const revoked = await mint();
      await api.app.locals.patgate.issuer.revoke(owner.id, idOf(revoked));
      const bystander = await mint();
      const forged = forgedValue(idOf(bystander));
      const entries = [...live, revoked, forged].map((token, i) => ({
        token,
        type: 'patgate_personal_access_token',
        url: `https://github.com/octo/leaky/blob/main/config-${i}.env`,
        source: 'content',
      }));
      return { live, revoked, bystander, forged, entries, body: JSON.stringify(entries) };
    }

    it('revokes the live tokens of a signed report and labels every entry', async () => {
      const { live, revoked, bystander, forged, body } = await report();
      const res = await post(api, body, { 'Github-Public-Key-Identifier': KEY_ID, 'Github-Public-Key-Signature': signature(body, current.privateKey) });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.deep.equal([
        { token_raw: live[0], token_type: 'patgate_personal_access_token', label: 'true_positive' },
        { token_raw: live[1], token_type: 'patgate_personal_access_token', label: 'true_positive' },
        { token_raw: revoked, token_type: 'patgate_personal_access_token', label: 'true_positive' },
        { token_raw: forged, token_type: 'patgate_personal_access_token', label: 'false_positive' },
      ]);
      const state = await revokedState(api);
      expect(state[idOf(live[0]!)]).to.equal(true);
      expect(state[idOf(live[1]!)]).to.equal(true);
      expect(state[idOf(bystander)]).to.equal(false);

      // Each revoked token's history says a leak report ended it, and where the token was found.
      await api.app.locals.patgate.events.flush();
      const leaks = await api.db.models.TokenEvent.findAll({ where: { type: 'leak_reported' } });
      expect(leaks.map((e) => [e.tokenId, e.actor, e.url]).sort()).to.deep.equal(
        [
          [idOf(live[0]!), 'leak_report', 'https://github.com/octo/leaky/blob/main/config-0.env'],
          [idOf(live[1]!), 'leak_report', 'https://github.com/octo/leaky/blob/main/config-1.env'],
        ].sort(),
      );
      const reader = `Bearer ${await api.makeToken((await api.db.models.User.findOne())!, ['tokens:read'])}`;
      const shown = await api.http().get(`/api/tokens/${idOf(live[0]!)}/events`).set('Authorization', reader).expect(200);
      expect(shown.body.items[0]).to.include({ type: 'leak_reported', actor: 'leak_report', url: 'https://github.com/octo/leaky/blob/main/config-0.env' });
    });

    it('takes a signature by a listed key that is no longer current', async () => {
      const { live, body } = await report();
      await post(api, body, { 'Github-Public-Key-Identifier': OLD_KEY_ID, 'Github-Public-Key-Signature': signature(body, old.privateKey) }).expect(200);
      expect((await revokedState(api))[idOf(live[0]!)]).to.equal(true);
    });

    it('answers 401 and revokes nothing for a bad signature, an unknown key, a changed body or no signature', async () => {
      const { body, entries } = await report();
      const before = await revokedState(api);
      const good = signature(body, current.privateKey);
      const changed = JSON.stringify([...entries].reverse());
      const attempts: [string, Record<string, string>][] = [
        [body, { 'Github-Public-Key-Identifier': KEY_ID, 'Github-Public-Key-Signature': signature(body, pair().privateKey) }],
        [body, { 'Github-Public-Key-Identifier': KEY_ID, 'Github-Public-Key-Signature': 'bm90IGEgc2lnbmF0dXJl' }],
        [body, { 'Github-Public-Key-Identifier': 'unknown-key', 'Github-Public-Key-Signature': good }],
        [body, { 'Github-Public-Key-Identifier': OLD_KEY_ID, 'Github-Public-Key-Signature': good }],
        [changed, { 'Github-Public-Key-Identifier': KEY_ID, 'Github-Public-Key-Signature': good }],
        [`${body} `, { 'Github-Public-Key-Identifier': KEY_ID, 'Github-Public-Key-Signature': good }],
        [body, { 'Github-Public-Key-Identifier': KEY_ID }],
        [body, { 'Github-Public-Key-Signature': good }],
        [body, {}],
      ];
      for (const [sent, headers] of attempts) {
        expectFailsWith(await post(api, sent, headers), 401, null, 'invalid_signature');
      }
      expect(await revokedState(api)).to.deep.equal(before);
      await api.app.locals.patgate.events.flush();
      expect(await api.db.models.TokenEvent.count({ where: { type: 'leak_reported' } })).to.equal(0);
    });

    it('answers 413 naming the 1 MB limit for a larger report, before checking anything', async () => {
      const res = await post(api, JSON.stringify([{ token: 'x'.repeat(1024 * 1024), type: 't' }]), { 'Github-Public-Key-Identifier': KEY_ID });
      expectFailsWith(res, 413, null, 'payload_too_large');
      expect(res.body.error.message).to.equal('The request body is larger than 1 MB');
    });

    it('answers 400 for a signed body that is not a report', async () => {
      for (const body of ['{"token":"x"}', 'not json', '[{"type":"x"}]']) {
        const res = await post(api, body, { 'Github-Public-Key-Identifier': KEY_ID, 'Github-Public-Key-Signature': signature(body, current.privateKey) });
        expectFailsWith(res, 400, null, 'bad_request');
      }
    });
  });
}
