import { expect } from 'chai';
import type { Response } from 'supertest';
import { MemoryTokenStore, type StoredToken, type TokenStore, type VerifyContext } from '../src/index.js';

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
