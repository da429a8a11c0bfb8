import { expect } from 'chai';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumer, root, runIn } from './helpers/consumers.js';

// examples/nestjs as a user would copy it: its sources in a fresh app with the packed tarball instead of
// the workspace link, built with tsc and its node:test suite run (200 / 401 / 403, validate()).
describe('examples/nestjs against the packed tarball', function () {
  this.timeout(600_000);

  it('builds and passes its own tests', async () => {
    const dir = await consumer('nestjs');
    const example = join(root, 'examples', 'nestjs');
    for (const folder of ['src', 'test', 'type-checks']) cpSync(join(example, folder), join(dir, folder), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, type: 'module' }, null, 2));
    // The example extends the repository's base config; inline it so the copy stands alone.
    const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: object };
    const own = JSON.parse(readFileSync(join(example, 'tsconfig.json'), 'utf8')) as { compilerOptions: object; include: string[] };
    const compilerOptions = { ...base.compilerOptions, ...own.compilerOptions, skipLibCheck: true };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: own.include }, null, 2));
    await runIn(dir, process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    const out = await runIn(dir, process.execPath, ['--test', 'dist/test/']);
    expect(out).to.match(/^# pass 5$/m);
    expect(out).to.match(/^# fail 0$/m);
  });
});
