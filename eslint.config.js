// Lint: typescript-eslint's type-checked recommended rules, no `any`, no console in library code, layers meet
// only at their index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noDist = { group: ['**/dist/**'], message: 'Import sources, not build output.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  // Type-aware: every .ts file (src, test, bench, scripts, vitest.config.ts) is linted with the types of
  // tsconfig.test.json, the same program `npm run typecheck:all` checks.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  // The few plain .js files (bin/, test fixtures, this config) are outside the TypeScript program.
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.ts'],
    rules: {
      // Already in recommendedTypeChecked; named here because the project relies on them: a promise nobody
      // awaits loses its error, and only Error objects carry a stack and a cause.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The CLI, benchmarks and test helpers are where output to a terminal belongs.
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
  // Layers (docs/architecture.md) meet only at their index.ts: a file in src/A/ may import `../B/index.js`
  // but not `../B/some-file.js` or `../B/sub/index.js`; inside its own layer (subfolders included) anything
  // goes, and nothing imports cli/. ESLint's own no-restricted-imports does this with a regex per folder
  // depth: a file d folders below src/ leaves its layer exactly when the import starts with d `../`, so the
  // regex needs no path resolution and no plugin (eslint-plugin-boundaries / import-x would add a resolver
  // and a dependency for the same check). madge --circular (npm run lint) keeps the indexes free of cycles.
  ...[1, 2, 3].map((depth) => {
    const up = '(?:\\.\\./)'.repeat(depth);
    return {
      files: [`src/${'*/'.repeat(depth)}*.ts`],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [
            noDist,
            { regex: `^${up}cli/`, message: 'Nothing imports cli/: it is the top layer (docs/architecture.md).' },
            {
              regex: `^${up}(?!\\.\\./|cli/)[^/]+/(?!index\\.js$)`,
              message: "Import another layer only through its index.js (add the export there if it is missing); within this layer use a path that does not leave it.",
            },
          ],
        }],
      },
    };
  }),
  {
    // The benchmarks and scripts use the library as a user of it would: through the layers' indexes. Tests
    // are exempt on purpose: a unit test may reach into the one file it tests (test/upscale/tiling.test.ts
    // imports src/engines/upscale/tiling.js), and making every tested helper public would widen the indexes
    // for the tests' sake.
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          noDist,
          { regex: '^(?:\\.\\./)+src/[^/]+/(?!index\\.js$)', message: "Import the library only through a layer's index.js (src/<layer>/index.js)." },
        ],
      }],
    },
  },
);
