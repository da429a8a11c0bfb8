import { expect } from 'chai';
import { getNamedType, isObjectType } from 'graphql';
import { buildPatgateSchema } from '../../src/graphql/index.js';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, expectGraphQLError, gql, withApi } from '../graphql/helpers.js';
import type { ApiHarness } from '../graphql/helpers.js';

const SCOPES = ['streams:read', 'streams:write', 'profile:read'];
const STREAMISH = /^(stream|commit)/i;

/**
 * Every resolved field that reaches a stream, read from the schema: its name, its type or one of its
 * arguments' types is a stream's or a commit's. A field added tomorrow lands here and fails the test until
 * it has a sample.
 */
function streamFields(): string[] {
  const schema = buildPatgateSchema();
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const reaches = STREAMISH.test(field.name) || STREAMISH.test(getNamedType(field.type).name) || field.args.some((arg) => STREAMISH.test(getNamedType(arg.type).name));
      if (reaches && typeof field.resolve === 'function') found.push(`${type.name}.${field.name}`);
    }
  }
  return found;
}

type Ids = { stream: string; colleague: string };
/**
 * One operation per field, run on stream A (must succeed) and on stream B (must be NOT_FOUND). `list`
 * fields have no stream argument: they must list A and not B. `create` is refused outright.
 */
const SAMPLES: Record<string, { op: (ids: Ids) => string; kind?: 'list' | 'create' }> = {
  'Query.stream': { op: ({ stream }) => `{ stream(id: "${stream}") { id name } }` },
  'Query.streams': { op: () => '{ streams { totalCount items { id } } }', kind: 'list' },
  'User.streams': { op: () => '{ activeUser { streams { totalCount items { id } } } }', kind: 'list' },
  'Stream.collaborators': { op: ({ stream }) => `{ stream(id: "${stream}") { collaborators { id } } }` },
  'Stream.commits': { op: ({ stream }) => `{ stream(id: "${stream}") { commits { totalCount } } }` },
  'Mutation.streamCreate': { op: () => 'mutation { streamCreate(stream: { name: "C" }) }', kind: 'create' },
  'Mutation.streamUpdate': { op: ({ stream }) => `mutation { streamUpdate(stream: { id: "${stream}", name: "renamed" }) }` },
  'Mutation.streamDelete': { op: ({ stream }) => `mutation { streamDelete(id: "${stream}") }` },
  'Mutation.streamGrantPermission': {
    op: ({ stream, colleague }) => `mutation { streamGrantPermission(permissionParams: { streamId: "${stream}", userId: "${colleague}", role: "stream:contributor" }) }`,
  },
  'Mutation.streamUpdatePermission': {
    op: ({ stream, colleague }) => `mutation { streamUpdatePermission(permissionParams: { streamId: "${stream}", userId: "${colleague}", role: "stream:contributor" }) }`,
  },
  'Mutation.streamRevokePermission': {
    op: ({ stream, colleague }) => `mutation { streamRevokePermission(permissionParams: { streamId: "${stream}", userId: "${colleague}" }) }`,
  },
  'Mutation.streamLeave': { op: ({ stream }) => `mutation { streamLeave(streamId: "${stream}") }` },
  'Mutation.commitCreate': { op: ({ stream }) => `mutation { commitCreate(commit: { streamId: "${stream}", message: "m" }) }` },
};

async function limitedSetup(api: ApiHarness) {
  const owner = await api.makeUser('owner');
  const colleague = await api.makeUser('colleague');
  const a = await api.makeStream(owner, { name: 'A' });
  const b = await api.makeStream(owner, { name: 'B' });
  for (const stream of [a, b]) await grantPermission(api.db.models, owner.id, stream.id, colleague.id, 'stream:reviewer');
  // A second owner, so that streamLeave on A is allowed (the last owner cannot leave).
  for (const stream of [a, b]) await grantPermission(api.db.models, owner.id, stream.id, (await api.makeUser(`co-${stream.name}`)).id, 'stream:owner');
  const issued = await api.app.locals.patgate.issuer.create({ ownerId: owner.id, name: 'CI for A', scopes: SCOPES, resourceIds: [a.id] });
  return { colleague, a, b, auth: `Bearer ${issued.token}` };
}

for (const kind of DATABASE_KINDS) {
  describe(`a token limited to stream A, over GraphQL, on ${kind}`, () => {
    const api = withApi(kind);

    it('has a sample for every resolved field that reaches a stream, and none for a field that is gone', () => {
      const fields = streamFields();
      expect(fields.length).to.be.greaterThan(10);
      expect(fields.filter((f) => !(f in SAMPLES)), 'fields without a sample in SAMPLES').to.deep.equal([]);
      expect(Object.keys(SAMPLES).filter((f) => !fields.includes(f)), 'samples of fields that no longer exist').to.deep.equal([]);
    });

    for (const [field, sample] of Object.entries(SAMPLES)) {
      it(`${field}: ${sample.kind === 'list' ? 'lists A only' : sample.kind === 'create' ? 'FORBIDDEN token_limited' : 'B is NOT_FOUND, A works'}`, async () => {
        const { colleague, a, b, auth } = await limitedSetup(api);
        if (sample.kind === 'list') {
          const res = await gql(api, auth, sample.op({ stream: a.id, colleague: colleague.id }));
          expect(res.body.errors, JSON.stringify(res.body)).to.equal(undefined);
          const list = res.body.data.streams ?? res.body.data.activeUser.streams;
          expect(list.totalCount).to.equal(1);
          expect(list.items).to.deep.equal([{ id: a.id }]);
          return;
        }
        if (sample.kind === 'create') {
          const body = expectGraphQLError(await gql(api, auth, sample.op({ stream: a.id, colleague: colleague.id })), 'FORBIDDEN');
          expect(body.errors?.[0]?.message).to.match(/limited to some streams/);
          expect(await api.db.models.Stream.count()).to.equal(2);
          return;
        }
        expectGraphQLError(await gql(api, auth, sample.op({ stream: b.id, colleague: colleague.id })), 'NOT_FOUND');
        const onA = await gql(api, auth, sample.op({ stream: a.id, colleague: colleague.id }));
        expect(onA.body.errors, JSON.stringify(onA.body)).to.equal(undefined);
        expect((await api.db.models.Stream.findByPk(b.id))?.name).to.equal('B');
      });
    }
  });
}
