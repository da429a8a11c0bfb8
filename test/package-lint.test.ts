import { expect } from 'chai';
import { join } from 'node:path';
import { packMiddleware, root, runIn } from './helpers/consumers.js';

// The packed tarball, as npm would publish it, through publint (strict: warnings fail) and Are The Types
// Wrong (every resolution mode: node10, node16 from CJS and from ESM, bundler), both pinned devDependencies.
describe('the packed @patgate/middleware tarball passes the packaging linters', function () {
  this.timeout(300_000);
  const bin = (name: string) => join(root, 'node_modules', '.bin', name);

  it('publint --strict finds nothing', async () => {
    const { tarball } = await packMiddleware();
    const out = await runIn(root, bin('publint'), ['run', tarball, '--strict']);
    expect(out).to.match(/All good!/);
  });

  it('@arethetypeswrong/cli finds no problem in any resolution mode, for every entry point', async () => {
    const { tarball } = await packMiddleware();
    const report = JSON.parse(await runIn(root, bin('attw'), [tarball, '--format', 'json', '--profile', 'strict']).catch((e: Error) => e.message.slice(e.message.indexOf('{')))) as {
      problems?: Record<string, unknown> | unknown[];
      analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName?: string } }> }> };
    };
    expect(Object.keys(report.problems ?? {}), JSON.stringify(report.problems)).to.deep.equal([]);
    const entrypoints = report.analysis.entrypoints;
    expect(Object.keys(entrypoints).sort()).to.deep.equal(['.', './package.json', './testing']);
    for (const name of ['.', './testing']) {
      for (const mode of ['node10', 'node16-cjs', 'node16-esm', 'bundler']) {
        expect(entrypoints[name]!.resolutions[mode]?.resolution?.fileName, `${name} under ${mode}`).to.match(/\.d\.ts$/);
      }
    }
  });
});
