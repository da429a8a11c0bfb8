import { expect } from 'chai';
import { MemoryTokenStore, type StoredToken } from '../src/index.js';
import { tokenStoreContract } from '../src/testing/index.js';

/** Collects the contract's tests for one store so each can be run and its failure read. */
function contractTests(makeStore: () => MemoryTokenStore): Map<string, () => Promise<void>> {
  const tests = new Map<string, () => Promise<void>>();
  tokenStoreContract(makeStore, { describe: (_name, body) => body(), it: (name, body) => tests.set(name, body) });
  return tests;
}

async function failureOf(makeStore: () => MemoryTokenStore, test: string): Promise<string> {
  const body = contractTests(makeStore).get(test);
  if (!body) throw new Error(`no contract test named ${test}`);
  try {
    await body();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${test} passed against a broken store`);
}

describe('tokenStoreContract failure messages', () => {
  it('passes against the memory store', async () => {
    for (const body of contractTests(() => new MemoryTokenStore()).values()) await body();
  });

  it('names the method, the field, what was expected and what came back', async () => {
    class ForgetsRevocation extends MemoryTokenStore {
      override findById(id: string): StoredToken | null {
        const found = super.findById(id);
        return found && { ...found, revokedAt: null };
      }
    }
    const message = await failureOf(() => new ForgetsRevocation(), 'revoke marks the token once and keeps the first time');
    expect(message).to.match(/^TokenStore findById\('[0-9A-Za-z]{10}'\) after two revokes: field `revokedAt` \(the first time\): expected Date\(2026-01-01T12:00:02\.123Z\), got null$/);
  });

  it('names lastUsedAt when touch does not record the time', async () => {
    class IgnoresTouch extends MemoryTokenStore {
      override touch(): void {}
    }
    const message = await failureOf(() => new IgnoresTouch(), 'touch records the last use and never un-revokes');
    expect(message).to.match(/^TokenStore findById\('\w+'\) after touch: field `lastUsedAt`: expected Date\(2026-01-01T12:00:00\.223Z\), got null$/);
  });

  it('names the result of revoke when the store reports the wrong outcome', async () => {
    class AlwaysTrue extends MemoryTokenStore {
      override revoke(id: string, at: Date): boolean {
        super.revoke(id, at);
        return true;
      }
    }
    const message = await failureOf(() => new AlwaysTrue(), 'revoke resolves false for an unknown id');
    expect(message).to.equal("TokenStore revoke('0000000000', at) for an unknown id: the result: expected false, got true");
  });

  it('names a field a round trip changed', async () => {
    class LosesMilliseconds extends MemoryTokenStore {
      override findById(id: string): StoredToken | null {
        const found = super.findById(id);
        return found && { ...found, createdAt: new Date(Math.floor(found.createdAt.getTime() / 1000) * 1000) };
      }
    }
    const message = await failureOf(() => new LosesMilliseconds(), 'insert then findById returns every field as given');
    expect(message).to.match(/findById\('\w+'\) after insert: field `createdAt`: expected Date\(2026-01-01T12:00:00\.123Z\), got Date\(2026-01-01T12:00:00\.000Z\)$/);
  });
});
