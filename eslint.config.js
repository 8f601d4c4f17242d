// Lint rules: type-aware promise checks (a supervisor cannot lose promises) and no console in src/ (stdout is the protocol).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test/fixtures/.build/**', '.ci/clients/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  // The pool's seam: outside src/upstream/ a server is reached through the Pool's verbs (upstream/pool-api.ts).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/upstream/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/upstream/upstream.js'], message: 'use the Pool (gateway.pool, upstream/pool-api.ts) instead of Upstream' }] }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
);
