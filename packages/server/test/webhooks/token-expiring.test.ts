import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../src/app.js';
import type { PatgateApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connection.js';
import { initModels } from '../../src/db/models.js';
import { createUser } from '../../src/services/users.js';
import { verifyWebhookSignature } from '../../src/webhooks/index.js';
import type { TokenWebhookEvent } from '../../src/webhooks/index.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';
import { startReceiver } from './receiver.js';
import type { Receiver } from './receiver.js';

const DAY = 86_400_000;
const WEBHOOK_SECRET = 'whsec-0123456789abcdef';

/** The signature as a receiver written from the documentation alone would check it. */
function expectSigned(body: string, header: string | undefined): void {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  expect(match, `Patgate-Signature: ${header}`).to.not.equal(null);
  const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${match![1]}.${body}`).digest('hex');
  expect(match![2]).to.equal(expected);
  expect(Math.abs(Number(match![1]) - Date.now() / 1000)).to.be.below(120);
  expect(verifyWebhookSignature(WEBHOOK_SECRET, body, header)).to.equal(true);
  expect(verifyWebhookSignature(WEBHOOK_SECRET, `${body} `, header)).to.equal(false);
  expect(verifyWebhookSignature('another-secret-0123', body, header)).to.equal(false);
}

describe('token.expiring webhooks from two instances on one PostgreSQL schema', () => {
  const db = withDatabase('postgres');
  let receiver: Receiver;
  let second: Sequelize;
  let now: Date;
  const apps: PatgateApp[] = [];

  beforeEach(async () => {
    await db.truncate();
    receiver = await startReceiver();
    now = new Date('2026-12-01T12:00:00Z');
    second = openDatabase({ url: db.url, schema: db.schema });
    const webhooks = { url: receiver.url, secret: WEBHOOK_SECRET, retryBaseMs: 20, deadlineMs: 10_000 };
    apps.length = 0;
    for (const sequelize of [db.sequelize, second]) {
      apps.push(createApp({ sequelize, models: initModels(sequelize), secret: TEST_SECRET, now: () => now, webhooks }));
    }
  });

  afterEach(async () => {
    await receiver.close();
    await second.close();
  });

  const checkBoth = () => Promise.all(apps.map((app) => app.locals.patgate.webhooks!.watcher.check()));

  it('sends token.expiring at 7 days and at 1 day, each exactly once, signed, with no secret in it', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const issuer = apps[0]!.locals.patgate.issuer;
    const { token, info } = await issuer.create({ ownerId: ada.id, name: 'CI deploy', scopes: ['streams:read'], lifespanMs: 30 * DAY });
    const fresh = await issuer.create({ ownerId: ada.id, name: 'far off', scopes: ['streams:read'], lifespanMs: 90 * DAY });
    const revoked = await issuer.create({ ownerId: ada.id, name: 'revoked', scopes: ['streams:read'], lifespanMs: 30 * DAY });
    await issuer.revoke(ada.id, revoked.info.id);

    await checkBoth();
    expect(receiver.deliveries, 'nothing is due 30 days out').to.have.length(0);

    now = new Date(info.expiresAt!.getTime() - 6.5 * DAY);
    await checkBoth();
    await checkBoth();
    expect(receiver.deliveries).to.have.length(1);

    now = new Date(info.expiresAt!.getTime() - 0.5 * DAY);
    await checkBoth();
    await checkBoth();
    expect(receiver.deliveries).to.have.length(2);

    const events = receiver.deliveries.map((d) => JSON.parse(d.body) as TokenWebhookEvent);
    for (const [i, delivery] of receiver.deliveries.entries()) {
      expectSigned(delivery.body, delivery.signature);
      expect(delivery.contentType).to.equal('application/json');
      expect(delivery.body).not.to.include(token.slice(4)).and.not.to.include(info.lastChars);
      expect(events[i]).to.have.all.keys('id', 'type', 'createdAt', 'data');
      expect(events[i]!.type).to.equal('token.expiring');
      expect(events[i]!.data).to.deep.equal({
        token: { id: info.id, name: 'CI deploy', ownerId: ada.id, scopes: ['streams:read'], expiresAt: info.expiresAt!.toISOString() },
      });
    }
    expect(events[0]!.id).not.to.equal(events[1]!.id);
    expect(events.map((e) => info.expiresAt!.getTime() - Date.parse(e.createdAt))).to.deep.equal([6.5 * DAY, 0.5 * DAY]);
    const rows = await db.models.TokenNotice.findAll({ order: [['threshold', 'DESC']] });
    expect(rows.map((r) => [r.tokenId, r.threshold, r.attempts, r.deliveredAt !== null])).to.deep.equal([
      [info.id, '7d', 1, true],
      [info.id, '1d', 1, true],
    ]);
    expect(rows.some((r) => r.tokenId === fresh.info.id || r.tokenId === revoked.info.id)).to.equal(false);
  });

  it('a token first seen within a day gets only the 1-day warning', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const { info } = await apps[0]!.locals.patgate.issuer.create({ ownerId: ada.id, name: 'short', scopes: ['streams:read'], lifespanMs: 12 * 3_600_000 });
    await checkBoth();
    expect(receiver.deliveries).to.have.length(1);
    expect((await db.models.TokenNotice.findAll()).map((r) => [r.tokenId, r.threshold])).to.deep.equal([[info.id, '1d']]);
  });

  it('retries a receiver that is down (503 twice) with the same event, and delivers it', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    await apps[0]!.locals.patgate.issuer.create({ ownerId: ada.id, name: 'soon', scopes: ['streams:read'], lifespanMs: 3 * DAY });
    receiver.script.push(503, 503);
    await checkBoth();
    expect(receiver.deliveries).to.have.length(3);
    const ids = receiver.deliveries.map((d) => (JSON.parse(d.body) as TokenWebhookEvent).id);
    expect(new Set(ids).size).to.equal(1);
    for (const d of receiver.deliveries) expectSigned(d.body, d.signature);
    const [row] = await db.models.TokenNotice.findAll();
    expect(row?.attempts).to.equal(3);
    expect(row?.deliveredAt).to.be.instanceOf(Date);
  });

  it('gives up on a receiver that stays away, within its bound, and does not send again later', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    await apps[0]!.locals.patgate.issuer.create({ ownerId: ada.id, name: 'soon', scopes: ['streams:read'], lifespanMs: 3 * DAY });
    await receiver.close();
    const started = Date.now();
    await checkBoth();
    expect(Date.now() - started).to.be.below(10_000);
    const [row] = await db.models.TokenNotice.findAll();
    expect(row?.attempts).to.equal(6);
    expect(row?.deliveredAt).to.equal(null);
    receiver = await startReceiver();
    await checkBoth();
    expect(receiver.deliveries).to.have.length(0);
  });
});

describe('token.leaked webhook when a leak report revokes a token', () => {
  const db = withDatabase('sqlite');
  let receiver: Receiver;
  beforeEach(async () => {
    await db.truncate();
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('posts token.leaked once, signed, for the token the report revoked', async () => {
    const app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, webhooks: { url: receiver.url, secret: WEBHOOK_SECRET, retryBaseMs: 20 } });
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const { token, info } = await app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'pasted in a gist', scopes: ['streams:read'] });
    expect(await app.locals.patgate.issuer.revokeByValue(token)).to.equal('revoked');
    expect(await app.locals.patgate.issuer.revokeByValue(token)).to.equal('inactive');
    for (let i = 0; i < 100 && receiver.deliveries.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await app.locals.patgate.webhooks!.leaked(info.id, app.locals.patgate.tokenStore);
    expect(receiver.deliveries).to.have.length(1);
    const event = JSON.parse(receiver.deliveries[0]!.body) as TokenWebhookEvent;
    expectSigned(receiver.deliveries[0]!.body, receiver.deliveries[0]!.signature);
    expect(event.type).to.equal('token.leaked');
    expect(event.data.token).to.include({ id: info.id, name: 'pasted in a gist', ownerId: ada.id });
    expect(receiver.deliveries[0]!.body).not.to.include(token.slice(4));
    await app.locals.patgate.events.close();
  });
});
