import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-output/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', document: 'readonly', window: 'readonly', navigator: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Type-aware rules: the design leaves some promises deliberately un-awaited (last-used writes, Redis
    // publishes, token events); each of those says so with \`void\`, and every other promise is handled.
    files: ['**/*.ts'],
    ignores: ['test/fixtures/**'],
    languageOptions: {
      parserOptions: {
        // The packages' own projects for src, test/tsconfig.json (the typecheck step's) for every test, and an
        // example's own project where it has one (the NestJS example needs decorators).
        project: ['./packages/middleware/tsconfig.json', './packages/server/tsconfig.json', './test/tsconfig.json', './examples/*/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's describe/it return promises that its runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // CONVENTIONS 2: a file you can read on one or two screens; split by concern past 300 lines.
    files: ['packages/*/src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // The server's guards are typed by its scope vocabulary (scopes.ts); the untyped ones would let
    // requireScopes('stream:read') compile.
    files: ['packages/server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@patgate/middleware',
              importNames: ['requireScopes', 'requireAnyScope'],
              message: "Import requireScopes/requireAnyScope from the server's scopes.ts, which types them by its scope vocabulary.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/test/**', 'examples/**', '**/bin/**', '**/cli/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
