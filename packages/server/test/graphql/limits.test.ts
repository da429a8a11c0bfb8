import { expect } from 'chai';
import express from 'express';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { buildPatgateSchema, graphqlRouter, queryLimitsRule } from '../../src/graphql/index.js';
import { TEST_SECRET } from '../http/helpers.js';
import { gql, withApi } from './helpers.js';
import type { ApiHarness, GraphQLBody } from './helpers.js';

/** `__type` nested through `ofType` n times: the classic introspection depth bomb. */
function introspectionBomb(levels: number): string {
  return `{ __type(name: "User") { fields { type ${'{ ofType '.repeat(levels)}{ name }${' }'.repeat(levels)} } } }`;
}

function codes(body: GraphQLBody): unknown[] {
  return (body.errors ?? []).map((e) => e.extensions?.code ?? e.message);
}

describe('GraphQL query limits (validation rule)', () => {
  const schema = buildPatgateSchema();
  const check = (query: string, limits: { maxDepth?: number; maxCost?: number }) =>
    validate(schema, parse(query), [...specifiedRules, queryLimitsRule(limits)]).map((e) => e.message);

  it('measures depth through fragments and inline fragments', () => {
    const query = `
      query { ...Q }
      fragment Q on Query { user { ... on User { streams { ...Items } } } }
      fragment Items on StreamCollection { items { id } }`;
    expect(check(query, { maxDepth: 4 })).to.deep.equal([]);
    expect(check(query, { maxDepth: 3 })).to.deep.equal(['The query is 4 levels deep; the limit is 3']);
  });

  it('multiplies by the page size asked for: literal, variable (100) or default (25)', () => {
    // streams 1 + 10 x (items 1 + id 1 + name 1)
    expect(check('{ streams(limit: 10) { items { id name } } }', { maxCost: 31 })).to.deep.equal([]);
    expect(check('{ streams(limit: 10) { items { id name } } }', { maxCost: 30 })).to.have.length(1);
    expect(check('query($n: Int) { streams(limit: $n) { items { id } } }', { maxCost: 201 })).to.deep.equal([]);
    expect(check('{ streams { items { id } } }', { maxCost: 51 })).to.deep.equal([]);
    expect(check('{ streams { items { id } } }', { maxCost: 50 })).to.deep.equal(["The query's estimated cost is 51; the limit is 50"]);
  });

  it('measures a fragment once, so a fragment fan-out bomb is cheap to refuse', () => {
    const levels = 20;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} a${i}: __typename ...F${i + 1} }`,
    ).join('\n');
    const started = Date.now();
    const errors = check(`{ ...F0 }\n${fragments}`, {});
    expect(Date.now() - started).to.be.below(1000);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/estimated cost is \d+; the limit is 5000/);
  });

  it('survives a fragment cycle (reported by graphql-js itself)', () => {
    const errors = check('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', {});
    expect(errors.join('\n')).to.include('Cannot spread fragment "A" within itself');
  });

  it('refuses bad limits when built', () => {
    expect(() => queryLimitsRule({ maxDepth: 0 })).to.throw(/maxDepth/);
    expect(() => buildSchema('type Query { a: Int }') && queryLimitsRule({ maxCost: Number.NaN })).to.throw(/maxCost/);
  });
});

describe('GraphQL limits over HTTP on sqlite', () => {
  const api = withApi('sqlite');

  function introspectiveApp(harness: ApiHarness) {
    return createApp({ sequelize: harness.db.sequelize, models: harness.db.models, secret: TEST_SECRET, graphqlIntrospection: true });
  }

  it('refuses a depth bomb with 400 before any resolver runs, with the documentation fetch headers', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    const app = introspectiveApp(api);
    const token = await app.locals.patgate.issuer.create({ ownerId: ada.user.id, name: 'bomb', scopes: ['profile:read'] });
    const res = await request(app)
      .post('/graphql')
      .set('Authorization', `Bearer ${token.token}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ query: introspectionBomb(12) }));
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.body).not.to.have.property('data');
    expect(codes(res.body)).to.deep.equal(['QUERY_TOO_DEEP']);
  });

  it('refuses the same bomb on the default app (introspection off) with 400 as well', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    const res = await gql(api, ada.auth, introspectionBomb(12));
    expect(res.status).to.equal(400);
    expect(codes(res.body)).to.include('QUERY_TOO_DEEP');
    expect(res.body.errors.map((e: { message: string }) => e.message).join('\n')).to.include('introspection');
  });

  it('refuses an alias bomb and nested pages as too costly (400), also for application/graphql-response+json', async () => {
    const ada = await api.actor('ada', ['profile:read', 'streams:read']);
    // 20 pages of 100 streams: few tokens, 20 x 301 in cost.
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: streams(limit: 100) { items { id name } }`).join(' ')} }`;
    const wide = await api.http().post('/graphql').set('Authorization', ada.auth).send({ query: aliases });
    expect(wide.status).to.equal(400);
    expect(codes(wide.body)).to.include('QUERY_TOO_COSTLY');

    const nested = await api
      .http()
      .post('/graphql')
      .set('Authorization', ada.auth)
      .set('Accept', 'application/graphql-response+json')
      .send({ query: '{ streams(limit: 100) { items { commits(limit: 100) { items { id message } } } } }' });
    expect(nested.status).to.equal(400);
    expect(nested.headers['content-type']).to.match(/^application\/graphql-response\+json/);
    expect(JSON.parse(nested.text).errors[0].extensions.code).to.equal('QUERY_TOO_COSTLY');
  });

  it('refuses unparsable and oversized queries with 400', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    const broken = await gql(api, ada.auth, '{ user { id ');
    expect(broken.status).to.equal(400);
    expect(broken.body.errors[0].message).to.match(/^Syntax Error/);
    const huge = await gql(api, ada.auth, `{ user { ${'id '.repeat(2500)} } }`);
    expect(huge.status).to.equal(400);
    expect(huge.body.errors[0].message).to.match(/^Syntax Error: Document contains more tha[nt] 2000 tokens/); // graphql 16 spells it "that"
  });

  it('answers introspection only when enabled', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    const off = await gql(api, ada.auth, '{ __schema { queryType { name } } }');
    expect(off.status).to.equal(400);
    const app = introspectiveApp(api);
    const on = await request(app).post('/graphql').set('Authorization', ada.auth).send({ query: '{ __schema { queryType { name } } }' });
    expect(on.body).to.deep.equal({ data: { __schema: { queryType: { name: 'Query' } } } });
    // __typename is not introspection of the schema and always works.
    expect((await gql(api, ada.auth, '{ __typename }')).body).to.deep.equal({ data: { __typename: 'Query' } });
  });

  it('takes maxDepth and maxCost as router options', async () => {
    const ada = await api.actor('ada', ['profile:read', 'streams:read']);
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      req.user = ada.user;
      req.authInfo = { tokenId: 't', scopes: ['profile:read', 'streams:read'], expiresAt: null };
      next();
    });
    const { models, issuer } = api.app.locals.patgate;
    app.use('/graphql', graphqlRouter({ models, issuer }, { maxDepth: 3 }));
    const res = await request(app).post('/graphql').send({ query: '{ user { streams { items { id } } } }' });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].message).to.equal('The query is 4 levels deep; the limit is 3');
    expect(() => graphqlRouter({ models, issuer }, { maxTokens: 0 })).to.throw(/maxTokens/);
  });
});
