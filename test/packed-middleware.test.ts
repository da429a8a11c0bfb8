import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'consumer');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Installs @patgate/middleware from its packed tarball into a fresh project, the way a user gets it.
describe('the packed @patgate/middleware tarball', function () {
  let dir: string;
  let files: string[];

  before(function () {
    this.timeout(240_000);
    dir = mkdtempSync(join(tmpdir(), 'patgate-consumer-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--workspace', '@patgate/middleware', '--pack-destination', dir], root)) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]!.files.map((f) => f.path);
    const tarball = join(dir, packed[0]!.filename);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, 'express@5', 'passport@0.7', '@types/express@5', '@types/node@20'], dir);
    for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(dir, file));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ships only the build, the README and package.json', () => {
    expect(files).to.include.members(['package.json', 'README.md', 'dist/esm/index.js', 'dist/cjs/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.d.ts', 'dist/cjs/package.json']);
    for (const file of files) expect(file).to.match(/^(package\.json|README\.md|dist\/(esm|cjs)\/.+\.(js|d\.ts|json))$/);
  });

  it('works from ESM: strategy, guard, error handler and the testing subpath', () => {
    const out = JSON.parse(run('node', ['esm.mjs'], dir));
    expect(out).to.deep.equal({
      read: 200,
      write: 403,
      header: 'Bearer realm="patgate", error="insufficient_scope", error_description="This action needs the scope write", scope="write"',
      contract: 'function',
    });
  });

  it('works from CommonJS with the same exports', () => {
    const out = JSON.parse(run('node', ['cjs.cjs'], dir));
    expect(out.exports).to.include.members(['TokenVerifier', 'TokenIssuer', 'BearerTokenStrategy', 'authenticate', 'requireScopes', 'requireAnyScope', 'MemoryTokenStore', 'InvalidRequestError', 'InvalidTokenError', 'InsufficientScopeError']);
    expect(out).to.deep.include({ contract: 'function', status: 403, isError: true, duration: 2_592_000_000 });
  });

  for (const moduleKind of ['esm', 'cjs'] as const) {
    it(`type-checks a consumer compiled as ${moduleKind.toUpperCase()} (req.authInfo typed without a cast)`, () => {
      const config = {
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: ['node'], skipLibCheck: false },
        files: [moduleKind === 'esm' ? 'typed.ts' : 'typed.cts'],
      };
      if (moduleKind === 'cjs') copyFileSync(join(dir, 'typed.ts'), join(dir, 'typed.cts'));
      writeFileSync(join(dir, `tsconfig.${moduleKind}.json`), JSON.stringify(config));
      run('node', [tsc, '-p', `tsconfig.${moduleKind}.json`], dir);
    });
  }
});
