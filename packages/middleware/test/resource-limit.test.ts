import { expect } from 'chai';
import { MAX_RESOURCE_IDS, MemoryTokenStore, TokenIssuer, TokenPolicyError, TokenVerifier, tokenAllowsResource } from '../src/index.js';
import { PEPPER, TestClock } from './helpers.js';

function setup() {
  const clock = new TestClock();
  const store = new MemoryTokenStore();
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['streams:read'], now: clock.now });
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now });
  return { store, issuer, verifier };
}

async function policyCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(TokenPolicyError);
    return (error as TokenPolicyError).code;
  }
  throw new Error('expected a TokenPolicyError');
}

describe('resource-limited tokens', () => {
  it('tokenAllowsResource: no limit allows everything, a limit only its ids', () => {
    expect(tokenAllowsResource(undefined, 'a')).to.equal(true);
    expect(tokenAllowsResource({ resourceIds: null }, 'a')).to.equal(true);
    expect(tokenAllowsResource({}, 'a')).to.equal(true);
    expect(tokenAllowsResource({ resourceIds: ['a', 'b'] }, 'a')).to.equal(true);
    expect(tokenAllowsResource({ resourceIds: ['a', 'b'] }, 'c')).to.equal(false);
    expect(tokenAllowsResource({ resourceIds: ['a'] }, '')).to.equal(false);
  });

  it('create keeps the limit (deduplicated, in order) on the record, the info and the verified authInfo', async () => {
    const { store, issuer, verifier } = setup();
    const { token, info } = await issuer.create({ ownerId: 'u1', name: 'CI', scopes: ['streams:read'], resourceIds: ['s2', 's1', 's2'] });
    expect(info.resourceIds).to.deep.equal(['s2', 's1']);
    expect((await store.findById(info.id))?.resourceIds).to.deep.equal(['s2', 's1']);
    const result = await verifier.verify(token);
    expect(result.ok && result.info.resourceIds).to.deep.equal(['s2', 's1']);
  });

  it('a token without a limit says null everywhere', async () => {
    const { issuer, verifier } = setup();
    const { token, info } = await issuer.create({ ownerId: 'u1', name: 'CI', scopes: ['streams:read'] });
    expect(info.resourceIds).to.equal(null);
    const result = await verifier.verify(token);
    expect(result.ok && result.info.resourceIds).to.equal(null);
    expect((await issuer.list('u1'))[0]?.resourceIds).to.equal(null);
  });

  it('rotation keeps the limit', async () => {
    const { issuer, verifier } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'CI', scopes: ['streams:read'], resourceIds: ['s1'] });
    const fresh = await issuer.rotate('u1', old.info.id);
    expect(fresh.info.resourceIds).to.deep.equal(['s1']);
    const result = await verifier.verify(fresh.token);
    expect(result.ok && result.info.resourceIds).to.deep.equal(['s1']);
  });

  it('refuses an empty, oversized or malformed limit with invalid_resources', async () => {
    const { issuer } = setup();
    const create = (resourceIds: unknown) =>
      issuer.create({ ownerId: 'u1', name: 'CI', scopes: ['streams:read'], resourceIds: resourceIds as string[] });
    expect(await policyCode(create([]))).to.equal('invalid_resources');
    expect(await policyCode(create('s1'))).to.equal('invalid_resources');
    expect(await policyCode(create(['']))).to.equal('invalid_resources');
    expect(await policyCode(create([42]))).to.equal('invalid_resources');
    expect(await policyCode(create(['x'.repeat(201)]))).to.equal('invalid_resources');
    expect(await policyCode(create(Array.from({ length: MAX_RESOURCE_IDS + 1 }, (_, i) => `s${i}`)))).to.equal('invalid_resources');
    expect((await create(Array.from({ length: MAX_RESOURCE_IDS }, (_, i) => `s${i}`))).info.resourceIds).to.have.length(MAX_RESOURCE_IDS);
  });
});
