import { expect } from 'chai';
import { consumer, packMiddleware, requireFrom } from './helpers/consumers.js';

describe('the packed @patgate/middleware tarball', function () {
  this.timeout(600_000);

  it('ships the build, the README, the LICENSE, package.json and the node10 stub for ./testing; no source maps', async () => {
    const { files } = await packMiddleware();
    expect(files).to.include.members([
      'package.json',
      'README.md',
      'LICENSE',
      'testing/package.json',
      'dist/esm/index.js',
      'dist/cjs/index.js',
      'dist/esm/index.d.ts',
      'dist/cjs/index.d.ts',
      'dist/cjs/package.json',
    ]);
    for (const file of files) expect(file).to.match(/^(package\.json|README\.md|LICENSE|testing\/package\.json|dist\/(esm|cjs)\/.+\.(js|d\.ts|json))$/);
  });

  it('references no source map the tarball lacks', async () => {
    const dir = await consumer('express5');
    const { readFileSync } = await import('node:fs');
    const { files } = await packMiddleware();
    for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = readFileSync(`${dir}/node_modules/@patgate/middleware/${file}`, 'utf8');
      expect(text, file).not.to.match(/sourceMappingURL/);
    }
  });

  it('declares optional peers express >=4.17 <6 and passport >=0.6, and no @types in its dependencies', async () => {
    const dir = await consumer('express5');
    const pkg = requireFrom(dir)('@patgate/middleware/package.json') as Record<string, Record<string, unknown>>;
    expect(pkg.peerDependencies).to.deep.equal({ express: '>=4.17 <6', passport: '>=0.6' });
    expect(pkg.peerDependenciesMeta).to.deep.equal({ express: { optional: true }, passport: { optional: true } });
    expect(Object.keys(pkg.dependencies ?? {}).filter((name) => name.startsWith('@types/'))).to.deep.equal([]);
    expect(pkg.repository).to.have.property('url').that.is.a('string');
  });

  it('exports the same names from CommonJS and ESM, including what a node:http user needs', async () => {
    const dir = await consumer('express5');
    const cjs = requireFrom(dir)('@patgate/middleware') as Record<string, unknown>;
    const esm = (await import(requireFrom(dir).resolve('@patgate/middleware').replace('/dist/cjs/', '/dist/esm/'))) as Record<string, unknown>;
    expect(Object.keys(cjs).sort()).to.deep.equal(Object.keys(esm).sort());
    expect(Object.keys(cjs)).to.include.members([
      'TokenVerifier', 'TokenIssuer', 'BearerTokenStrategy', 'authenticate', 'requireScopes', 'requireAnyScope',
      'MemoryTokenStore', 'InvalidRequestError', 'InvalidTokenError', 'InsufficientScopeError', 'extractToken',
      'patAuthInfo', 'patgateErrorOf', 'requestFailure', 'isPatgateError',
    ]);
    expect(typeof (requireFrom(dir)('@patgate/middleware/testing') as Record<string, unknown>).tokenStoreContract).to.equal('function');
  });
});
