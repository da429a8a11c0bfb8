import { expect } from 'chai';
import type { Response } from 'supertest';
import { MemoryTokenStore, TokenPolicyError, type StoredToken, type TokenStore, type VerifyContext } from '../src/index.js';

export const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';

/** A clock tests move by hand: no sleeping for expiry. */
export class TestClock {
  constructor(public time = Date.UTC(2026, 5, 1)) {}
  now = (): Date => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A memory store that records every call, so tests can prove which calls happened. */
export class RecordingStore extends MemoryTokenStore implements TokenStore {
  calls: string[] = [];
  override findById(id: string): StoredToken | null {
    this.calls.push(`findById:${id}`);
    return super.findById(id);
  }
  override touch(id: string, at: Date, use?: VerifyContext): void {
    this.calls.push(`touch:${id}`);
    super.touch(id, at, use);
  }
  count(prefix: string): number {
    return this.calls.filter((c) => c.startsWith(prefix)).length;
  }
}

/** Asserts status, `WWW-Authenticate` and the JSON error code together. */
export function expectFailsWith(res: Response, status: number, wwwAuthenticate: string | undefined, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['www-authenticate']).to.equal(wwwAuthenticate);
  expect(res.body).to.have.nested.property('error.code', code);
  expect(res.body.error.message).to.be.a('string').and.not.be.empty;
}

/** A memory store whose every method first yields to the event loop, as a database round trip does. */
export class YieldingStore implements TokenStore {
  readonly inner = new MemoryTokenStore();
  async insert(token: StoredToken): Promise<void> {
    await new Promise(setImmediate);
    this.inner.insert(token);
  }
  async findById(id: string): Promise<StoredToken | null> {
    await new Promise(setImmediate);
    return this.inner.findById(id);
  }
  async listByOwner(ownerId: string): Promise<StoredToken[]> {
    await new Promise(setImmediate);
    return this.inner.listByOwner(ownerId);
  }
  async revoke(id: string, at: Date): Promise<boolean> {
    await new Promise(setImmediate);
    return this.inner.revoke(id, at);
  }
  async touch(id: string, at: Date): Promise<void> {
    await new Promise(setImmediate);
    this.inner.touch(id, at);
  }
}

/** A {@link YieldingStore} with `retire`, as a database store with rotation grace would be. */
export class YieldingRetiringStore extends YieldingStore {
  async retire(id: string, at: Date, expiresAt: Date | null): Promise<boolean> {
    await new Promise(setImmediate);
    return this.inner.retire(id, at, expiresAt);
  }
}

/** The `TokenPolicyError` a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function policyError(promise: Promise<unknown>): Promise<TokenPolicyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(TokenPolicyError);
    return error as TokenPolicyError;
  }
  throw new Error('expected a TokenPolicyError');
}
