/**
 * Speckle's own SDKs connecting to a live server, over real HTTP. Each document below asks for exactly the
 * fields, arguments, aliases and nesting of one call the SDK makes on connect; the comment above it names
 * the SDK file the field list was read from (specklepy at specklesystems/specklepy, the .NET SDK at
 * specklesystems/speckle-sharp-sdk). The documents are written here, not copied: only the field lists are
 * the clients'. The token holds the scopes Speckle's documentation lists for scripts: streams:read,
 * streams:write, profile:read, profile:email.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import { SCOPE_NAMES } from '../../src/scopes.js';
import { DATABASE_KINDS, withApi } from './helpers.js';
import type { Actor } from './helpers.js';

/** The scopes of Speckle's "Token Scopes" table for the Python SDK: what a user would tick. */
const SPECKLE_DOCS_SCOPES = ['streams:read', 'streams:write', 'profile:read', 'profile:email'];

// specklepy src/specklepy/core/api/resources/current/server_resource.py, ServerResource.version(): sent by
// SpeckleClient._init_resources() from the constructor (no token yet) and again once a token is set.
const SPECKLEPY_SERVER_VERSION = `query Server {
  serverInfo {
    version
  }
}`;

// specklepy src/specklepy/core/api/resources/current/active_user_resource.py, ActiveUserResource.get():
// the first call of SpeckleClient.authenticate_with_token() and authenticate_with_account().
const SPECKLEPY_ACTIVE_USER = `query User {
  data: activeUser {
    id
    email
    name
    bio
    company
    avatar
    verified
    role
  }
}`;

// specklepy src/specklepy/core/api/resources/current/server_resource.py, ServerResource.get(): the second
// call of SpeckleClient.authenticate_with_token(), stored as account.serverInfo.
const SPECKLEPY_SERVER_INFO = `query Server {
  serverInfo {
    name
    company
    description
    adminContact
    canonicalUrl
    version
    scopes {
      name
      description
    }
    authStrategies {
      id
      name
      icon
    }
    workspaces {
      workspacesEnabled
    }
  }
}`;

// speckle-sharp-sdk src/Speckle.Sdk/Credentials/AccountFactory.cs, GetUserServerInfoInternal(): what
// AccountFactory.CreateAccount() and AccountManager.UpdateAccount() send to build an Account.
const DOTNET_USER_SERVER_INFO = `query {
  activeUser {
    id
    name
    email
    company
    avatar
  }
  serverInfo {
    name
    company
    description
    version
    migration {
      movedFrom
      movedTo
    }
  }
}`;

// speckle-sharp-sdk src/Speckle.Sdk/Api/GraphQL/Resources/ActiveUserResource.cs, ActiveUserResource.Get():
// the same operation as specklepy's, name, alias and fields alike.
const DOTNET_ACTIVE_USER = SPECKLEPY_ACTIVE_USER;

// speckle-sharp-sdk src/Speckle.Sdk/Api/GraphQL/GraphQLHttpClientExtensions.cs, GetServerVersion().
const DOTNET_SERVER_VERSION = `query Server {
  data: serverInfo {
    data: version
  }
}`;

// speckle-sharp-sdk src/Speckle.Sdk/Api/GraphQL/Resources/ServerResource.cs, ServerResource.IsWorkspaceEnabled().
const DOTNET_WORKSPACES = `query {
  data: serverInfo {
    data: workspaces {
      data: workspacesEnabled
    }
  }
}`;

// speckle-sharp-sdk src/Speckle.Sdk/Api/GraphQL/Resources/OtherUserResource.cs, OtherUserResource.Get($id):
// not a connect-time call, but it asks LimitedUser for the same verified and role fields.
const DOTNET_OTHER_USER = `query LimitedUser($id: String!) {
  data: otherUser(id: $id) {
    id
    name
    bio
    company
    avatar
    verified
    role
  }
}`;

/** The headers each SDK sets besides Authorization (gql's RequestsHTTPTransport; GraphQLHttpClient). */
const SPECKLEPY_HEADERS = { 'Content-Type': 'application/json', 'apollographql-client-name': 'python', 'apollographql-client-version': '3.0.0' };
const DOTNET_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'apollographql-client-name': 'Rhino 8', 'apollographql-client-version': '3.0.0' };

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: unknown[]; error?: unknown };
}

for (const kind of DATABASE_KINDS) {
  describe(`Speckle's SDKs connect to a live server on ${kind}`, () => {
    const api = withApi(kind);
    let server: Server | undefined;
    let url = '';
    let ada: Actor;

    beforeEach(async () => {
      server = api.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server?.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      ada = await api.actor('ada', SPECKLE_DOCS_SCOPES);
    });
    afterEach(async () => {
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    });

    async function send(headers: Record<string, string>, body: Record<string, unknown>, token?: string): Promise<Answer> {
      const auth: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
      const res = await fetch(url, { method: 'POST', headers: { ...headers, ...auth }, body: JSON.stringify(body) });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
    }

    /** Asserts a 200 with data and no `errors`, and returns the data. */
    function data(answer: Answer, what: string): Record<string, unknown> {
      expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).to.equal(200);
      expect(answer.body.errors, what).to.equal(undefined);
      expect(answer.body.data, what).to.be.an('object');
      return answer.body.data!;
    }

    it('specklepy: SpeckleClient() asks serverInfo { version } without a token and gets it', async () => {
      const answer = await send(SPECKLEPY_HEADERS, { query: SPECKLEPY_SERVER_VERSION });
      expect(data(answer, 'version, no token')).to.deep.equal({ serverInfo: { version: 'dev' } });
    });

    it('specklepy: authenticate_with_token() (version, active user, server info) with a PAT', async () => {
      const version = data(await send(SPECKLEPY_HEADERS, { query: SPECKLEPY_SERVER_VERSION }, ada.token), 'version');
      expect(version).to.deep.equal({ serverInfo: { version: 'dev' } });

      const user = data(await send(SPECKLEPY_HEADERS, { query: SPECKLEPY_ACTIVE_USER, variables: {} }, ada.token), 'active user');
      expect(user).to.deep.equal({
        data: { id: ada.user.id, email: 'ada@example.com', name: 'ada', bio: null, company: null, avatar: null, verified: false, role: 'server:user' },
      });

      const info = data(await send(SPECKLEPY_HEADERS, { query: SPECKLEPY_SERVER_INFO }, ada.token), 'server info').serverInfo as Record<string, unknown>;
      expect(info).to.have.all.keys('name', 'company', 'description', 'adminContact', 'canonicalUrl', 'version', 'scopes', 'authStrategies', 'workspaces');
      expect(info).to.include({ name: 'patgate', version: 'dev', company: null, adminContact: null, canonicalUrl: null });
      expect((info.scopes as { name: string }[]).map((s) => s.name)).to.deep.equal([...SCOPE_NAMES]);
      for (const scope of info.scopes as { description: unknown }[]) expect(scope.description).to.be.a('string').and.not.equal('');
      expect(info.authStrategies).to.deep.equal([{ id: 'local', name: 'Email and password', icon: 'mdi-email' }]);
      expect(info.workspaces).to.deep.equal({ workspacesEnabled: false });
    });

    it('.NET SDK: AccountFactory.CreateAccount() (activeUser and serverInfo in one query) with a PAT', async () => {
      const answer = data(await send(DOTNET_HEADERS, { query: DOTNET_USER_SERVER_INFO }, ada.token), 'user and server info');
      expect(answer).to.deep.equal({
        activeUser: { id: ada.user.id, name: 'ada', email: 'ada@example.com', company: null, avatar: null },
        serverInfo: {
          name: 'patgate',
          company: null,
          description: 'patgate reference server: personal access tokens in the style of Speckle',
          version: 'dev',
          migration: null,
        },
      });
    });

    it('.NET SDK: ActiveUser.Get(), GetServerVersion(), Server.IsWorkspaceEnabled() with a PAT', async () => {
      const user = data(await send(DOTNET_HEADERS, { query: DOTNET_ACTIVE_USER }, ada.token), 'active user');
      expect(user.data).to.include({ id: ada.user.id, email: 'ada@example.com', verified: false, role: 'server:user' });
      expect(data(await send(DOTNET_HEADERS, { query: DOTNET_SERVER_VERSION }, ada.token), 'version')).to.deep.equal({ data: { data: 'dev' } });
      expect(data(await send(DOTNET_HEADERS, { query: DOTNET_WORKSPACES }, ada.token), 'workspaces')).to.deep.equal({ data: { data: { data: false } } });
      // The two serverInfo calls work without a token too, as they do on Speckle.
      expect(data(await send(DOTNET_HEADERS, { query: DOTNET_SERVER_VERSION }), 'version, no token')).to.deep.equal({ data: { data: 'dev' } });
      expect(data(await send(DOTNET_HEADERS, { query: DOTNET_WORKSPACES }), 'workspaces, no token')).to.deep.equal({ data: { data: { data: false } } });
    });

    it('.NET SDK: OtherUser.Get($id) with users:read added to the token', async () => {
      const bob = await api.makeUser('bob');
      const reader = await api.makeToken(ada.user, [...SPECKLE_DOCS_SCOPES, 'users:read']);
      const answer = data(await send(DOTNET_HEADERS, { query: DOTNET_OTHER_USER, variables: { id: bob.id } }, reader), 'other user');
      expect(answer).to.deep.equal({ data: { id: bob.id, name: 'bob', bio: null, company: null, avatar: null, verified: false, role: 'server:user' } });
    });

    it('without profile:email the active user comes back with a null email, as in Speckle', async () => {
      const token = await api.makeToken(ada.user, ['profile:read']);
      const user = data(await send(SPECKLEPY_HEADERS, { query: SPECKLEPY_ACTIVE_USER, variables: {} }, token), 'active user');
      expect(user.data).to.include({ id: ada.user.id, email: null });
    });

    it('the connect-time user calls without a token get 401 and the bearer challenge, not data', async () => {
      for (const query of [SPECKLEPY_ACTIVE_USER, DOTNET_USER_SERVER_INFO]) {
        const answer = await send(DOTNET_HEADERS, { query });
        expect(answer.status, query).to.equal(401);
        expect(answer.headers.get('www-authenticate')).to.equal('Bearer realm="patgate"');
        expect(answer.body).to.have.nested.property('error.code', 'token_required');
      }
    });
  });
}
