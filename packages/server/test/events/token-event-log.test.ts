import { expect } from 'chai';
import type { TokenEvent } from '@patgate/middleware';
import type { Models } from '../../src/db/models.js';
import { TokenEventLog } from '../../src/events/token-event-log.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';

const event = (i: number, overrides: Partial<TokenEvent> = {}): TokenEvent => ({
  type: 'revoked',
  tokenId: `Tok${String(i).padStart(7, '0')}`,
  ownerId: 'owner-1',
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  actor: 'owner',
  ip: '203.0.113.7',
  userAgent: 'curl/8.5',
  ...overrides,
});

for (const kind of DATABASE_KINDS) {
  describe(`TokenEventLog on ${kind}`, function () {
    const db = withDatabase(kind);
    beforeEach(() => db.truncate());

    it('queues without touching the database, and writes everything on close', async () => {
      const log = new TokenEventLog(db.models, { flushIntervalMs: 60_000 });
      for (let i = 0; i < 5; i++) log.record(event(i));
      expect(await db.models.TokenEvent.count()).to.equal(0);
      await log.close();
      expect(await db.models.TokenEvent.count()).to.equal(5);
    });

    it('writes a full batch at once, in INSERTs of at most batchSize', async () => {
      let inserts = 0;
      const counting = {
        TokenEvent: new Proxy(db.models.TokenEvent, {
          get(target, property, receiver) {
            if (property === 'bulkCreate') inserts += 1;
            return Reflect.get(target, property, receiver) as unknown;
          },
        }),
      } as Pick<Models, 'TokenEvent'>;
      const log = new TokenEventLog(counting, { flushIntervalMs: 60_000, batchSize: 10 });
      for (let i = 0; i < 25; i++) log.record(event(i));
      await log.close();
      expect(await db.models.TokenEvent.count()).to.equal(25);
      expect(inserts).to.be.within(3, 4);
    });

    it('keeps events when a write fails, reports it, and writes them on the next flush', async () => {
      const errors: string[] = [];
      let failing = true;
      const flaky = {
        TokenEvent: new Proxy(db.models.TokenEvent, {
          get(target, property, receiver) {
            if (property === 'bulkCreate' && failing) return () => Promise.reject(new Error('database down'));
            return Reflect.get(target, property, receiver) as unknown;
          },
        }),
      } as Pick<Models, 'TokenEvent'>;
      const log = new TokenEventLog(flaky, { flushIntervalMs: 60_000, onError: (error, context) => errors.push(`${context.operation}: ${(error as Error).message}`) });
      log.record(event(1));
      log.record(event(2));
      await log.flush();
      expect(errors).to.deep.equal(['writing token events: database down']);
      failing = false;
      await log.close();
      expect(await db.models.TokenEvent.count()).to.equal(2);
    });

    it('cuts an overlong address and user agent, and bounds the queue', async () => {
      const errors: number[] = [];
      const log = new TokenEventLog(db.models, { flushIntervalMs: 60_000, maxQueued: 3, onError: (_error, context) => errors.push(context.events) });
      log.record(event(1, { userAgent: 'x'.repeat(2000), ip: '1'.repeat(100) }));
      for (let i = 2; i <= 4; i++) log.record(event(i));
      expect(errors).to.deep.equal([1]);
      await log.close();
      const rows = await db.models.TokenEvent.findAll({ order: [['at', 'ASC']] });
      expect(rows.map((r) => r.tokenId)).to.deep.equal([event(2).tokenId, event(3).tokenId, event(4).tokenId]);
      const cut = new TokenEventLog(db.models);
      cut.record(event(9, { userAgent: 'x'.repeat(2000), ip: '1'.repeat(100) }));
      await cut.close();
      const row = await db.models.TokenEvent.findOne({ where: { tokenId: event(9).tokenId } });
      expect(row?.userAgent).to.have.length(512);
      expect(row?.ip).to.have.length(64);
    });
  });
}
