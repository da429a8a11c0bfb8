import { expect } from 'chai';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumer, root, runIn, startApp, type DependencySet, type StartedApp } from './helpers/consumers.js';

const fixtures = join(root, 'test', 'fixtures', 'apps');
const INSUFFICIENT = (realm: string) =>
  `Bearer realm="${realm}", error="insufficient_scope", error_description="This action needs the scope write", scope="write"`;
const INVALID = (realm: string) => `Bearer realm="${realm}", error="invalid_token", error_description="The access token is invalid"`;

/** Every consumer app answers the same four requests the same way: 200, 401 (none, bad), 403. */
async function probe(app: StartedApp, { prefix = '', realm = 'patgate' } = {}): Promise<void> {
  const get = (path: string, token?: string) =>
    fetch(`${app.base}${prefix}${path}`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });

  const ok = await get('/read', app.readToken);
  expect(ok.status).to.equal(200);
  expect(await ok.json()).to.deep.include({ user: { id: 'u1' }, scopes: ['read'] });

  const none = await get('/read');
  expect(none.status).to.equal(401);
  expect(none.headers.get('www-authenticate')).to.equal(`Bearer realm="${realm}"`);
  expect(await none.json()).to.deep.equal({ error: { code: 'token_required', message: 'A bearer token is required' } });

  const bad = await get('/read', `${app.readToken.slice(0, -1)}${app.readToken.endsWith('A') ? 'B' : 'A'}`);
  expect(bad.status).to.equal(401);
  expect(bad.headers.get('www-authenticate')).to.equal(INVALID(realm));
  expect(await bad.json()).to.have.nested.property('error.code', 'invalid_token');

  const forbidden = await get('/write', app.readToken);
  expect(forbidden.status).to.equal(403);
  expect(forbidden.headers.get('www-authenticate')).to.equal(INSUFFICIENT(realm));
  expect(await forbidden.json()).to.have.nested.property('error.code', 'insufficient_scope');
}

async function serve(dir: string, file: string, check: (app: StartedApp) => Promise<void>): Promise<void> {
  const app = await startApp(dir, file);
  try {
    await check(app);
  } finally {
    app.stop();
  }
}

function copyFixture(dir: string, file: string, as = file): void {
  copyFileSync(join(fixtures, file), join(dir, as));
}

describe('consumer matrix: the packed tarball in throwaway apps', function () {
  this.timeout(600_000);

  const runtimes: { set: DependencySet; label: string; file: string }[] = [
    { set: 'express417', label: 'Express 4.17 + Passport 0.6, CommonJS', file: 'app.cjs' },
    { set: 'express421', label: 'Express 4.21 + Passport 0.7, ESM', file: 'app.mjs' },
    { set: 'express421', label: 'Express 4.21 + Passport 0.7, CommonJS', file: 'app.cjs' },
    { set: 'express5', label: 'Express 5 + Passport 0.7, ESM', file: 'app.mjs' },
    { set: 'express5', label: 'Express 5 + Passport 0.7, CommonJS', file: 'app.cjs' },
  ];
  for (const { set, label, file } of runtimes) {
    it(`${label}: 200, 401 and 403 with the exact WWW-Authenticate`, async () => {
      const dir = await consumer(set);
      copyFixture(dir, file);
      await serve(dir, file, (app) => probe(app));
    });
  }

  it('one process loads both builds: CJS authenticate() with realm "acme", ESM guards and error handler', async () => {
    const dir = await consumer('express5');
    copyFixture(dir, 'dual.mjs');
    await serve(dir, 'dual.mjs', async (app) => {
      expect(app.checks).to.deep.equal({
        twoCopies: true,
        cjsErrorIsEsmPatgateError: true,
        cjsErrorIsEsmInvalidTokenError: true,
        cjsErrorIsNotEsmScopeError: false,
        esmIsPatgateErrorOnCjs: true,
      });
      await probe(app, { prefix: '/api', realm: 'acme' });
    });
  });

  // TypeScript 5.0 (the stated minimum), the newest 5.x and the newest release, each under node16 (as
  // CommonJS and as ESM) and bundler resolution, strict + exactOptionalPropertyTypes, no skipLibCheck,
  // beside another library's Express.AuthInfo augmentation. Each build is then run.
  const compilers = [
    { name: 'TypeScript 5.0', bin: 'ts50' },
    { name: 'the newest TypeScript 5.x', bin: 'ts5latest' },
    { name: 'the newest TypeScript', bin: 'typescript' },
  ];
  const modes = [
    { name: 'node16, CommonJS', module: 'node16', moduleResolution: 'node16', source: 'typed-app.ts', out: 'typed-app.js', type: 'commonjs' },
    { name: 'node16, ESM', module: 'node16', moduleResolution: 'node16', source: 'typed-app.mts', out: 'typed-app.mjs', type: 'commonjs' },
    { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', source: 'typed-app.ts', out: 'typed-app.js', type: 'module' },
  ];
  for (const compiler of compilers) {
    for (const mode of modes) {
      it(`${compiler.name}, ${mode.name}: strict + exactOptionalPropertyTypes compile and answer 200/401/403`, async () => {
        const dir = await consumer('express5');
        const work = join(dir, `ts-${compiler.bin}-${mode.module}-${mode.out.replace('.', '-')}`);
        const outDir = join(work, 'out');
        mkdirSync(outDir, { recursive: true });
        copyFixture(work, 'typed-app.ts', mode.source);
        copyFixture(work, 'other-library.ts');
        writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: mode.type }));
        const config = {
          compilerOptions: {
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            skipLibCheck: false,
            module: mode.module,
            moduleResolution: mode.moduleResolution,
            target: 'es2022',
            types: ['node'],
            typeRoots: [join(dir, 'node_modules', '@types')],
            esModuleInterop: true,
            outDir: 'out',
          },
          files: [mode.source, 'other-library.ts'],
        };
        writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(config, null, 2));
        await runIn(work, process.execPath, [join(dir, 'node_modules', compiler.bin, 'bin', 'tsc'), '-p', 'tsconfig.json']);
        await serve(work, join('out', mode.out), (app) => probe(app));
      });
    }
  }

  // The quick starts exactly as the README prints them.
  const readmeBlock = (language: string, firstLine: string): string => {
    const readme = readFileSync(join(root, 'packages', 'middleware', 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find(([, lang, body]) => lang === language && body!.startsWith(firstLine));
    if (!block) throw new Error(`README has no ${language} block starting with ${firstLine}`);
    return block[2]!;
  };
  for (const compiler of [compilers[0]!, compilers[2]!]) {
    it(`the README's TypeScript quick start compiles as pasted with ${compiler.name} (strict + exactOptionalPropertyTypes)`, async () => {
      const dir = await consumer('express5');
      const work = join(dir, `readme-${compiler.bin}`);
      mkdirSync(work, { recursive: true });
      writeFileSync(join(work, 'app.ts'), readmeBlock('ts', '// app.ts'));
      copyFixture(work, 'other-library.ts');
      const compilerOptions = { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, module: 'node16', moduleResolution: 'node16', target: 'es2022', types: ['node'], typeRoots: [join(dir, 'node_modules', '@types')], noEmit: true, esModuleInterop: true };
      writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts', 'other-library.ts'] }));
      await runIn(work, process.execPath, [join(dir, 'node_modules', compiler.bin, 'bin', 'tsc'), '-p', 'tsconfig.json']);
    });
  }

  it("the README's CommonJS quick start is valid CommonJS", async () => {
    const dir = await consumer('express417');
    writeFileSync(join(dir, 'readme-app.cjs'), readmeBlock('js', '// app.cjs'));
    await runIn(dir, process.execPath, ['--check', 'readme-app.cjs']);
  });

  it('the newest TypeScript type-checks the app against Express 4.17 types', async () => {
    const [dir, express5] = await Promise.all([consumer('express417'), consumer('express5')]);
    copyFixture(dir, 'typed-app.ts');
    copyFixture(dir, 'other-library.ts');
    const config = {
      compilerOptions: { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, module: 'node16', moduleResolution: 'node16', target: 'es2022', types: ['node'], noEmit: true, esModuleInterop: true },
      files: ['typed-app.ts', 'other-library.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    await runIn(dir, process.execPath, [join(express5, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
  });
});
