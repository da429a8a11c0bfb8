import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../src/db/connection.js';
import { initModels } from '../../src/db/models.js';
import { createStream } from '../../src/services/streams.js';
import { runInProcess, tempWorkspace } from '../cli/helpers.js';

const SECRET = 's'.repeat(43);

describe('patgate token create --streams', () => {
  const workspace = tempWorkspace();
  const cli = (args: string[]) => runInProcess(args, { cwd: workspace.dir, env: { PATGATE_SECRET: SECRET } });

  async function streamsOf(email: string, names: string[]): Promise<string[]> {
    const sequelize = openDatabase({ dataDir: path.join(workspace.dir, 'data') });
    try {
      const models = initModels(sequelize);
      const user = await models.User.findOne({ where: { email } });
      const ids: string[] = [];
      for (const name of names) ids.push((await createStream(models, user!.id, { name })).id);
      return ids;
    } finally {
      await sequelize.close();
    }
  }

  it('limits the token to the given streams of the user, refuses others, and lists the limit', async () => {
    expect((await cli(['user', 'create', '--email', 'ada@example.com', '--name', 'Ada'])).code).to.equal(0);
    expect((await cli(['user', 'create', '--email', 'bob@example.com', '--name', 'Bob'])).code).to.equal(0);
    const [a, b] = await streamsOf('ada@example.com', ['A', 'B']);
    const [bobs] = await streamsOf('bob@example.com', ['Bob stream']);
    const base = ['token', 'create', '--user', 'ada@example.com', '--name', 'ci', '--scopes', 'streams:read'];

    const created = await cli([...base, '--streams', `${a},${a}`, '--json']);
    expect(created.code, created.stderr).to.equal(0);
    const issued = JSON.parse(created.stdout) as { id: string; streamIds: string[] };
    expect(issued.streamIds).to.deep.equal([a]);
    const human = await cli([...base, '--streams', `${a} ${b}`]);
    expect(human.stderr).to.include(`limited to streams ${a}, ${b}`);

    const listed = JSON.parse((await cli(['token', 'list', '--user', 'ada@example.com', '--json'])).stdout) as { id: string; streamIds: string[] | null }[];
    expect(listed.find((t) => t.id === issued.id)?.streamIds).to.deep.equal([a]);

    const foreign = await cli([...base, '--streams', bobs!]);
    expect(foreign.code).to.equal(1);
    expect(foreign.stderr).to.include(`no stream with the id ${bobs}`);
    const malformed = await cli([...base, '--streams', 'not-a-stream']);
    expect(malformed.code).to.equal(2);
    expect(malformed.stderr).to.include('"not-a-stream" is not a stream id');
    const unlimited = JSON.parse((await cli([...base, '--json'])).stdout) as { streamIds: string[] | null };
    expect(unlimited.streamIds).to.equal(null);
  });
});
