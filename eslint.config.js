/**
 * The linter's configuration (ESLint flat config with typescript-eslint): a small rule set the
 * code meets, run by `npm run lint` (and so by `npm test`). Unused variables, explicit `any` in
 * the simulator, functions longer than 80 lines in the model (sim/cms) and 120 elsewhere, lines
 * over 100 characters (long string literals and URLs aside: a message stays greppable on one
 * line) and import order.
 */
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'viz/dist/**',
      'sim/report/page/dist/**',
      'out/**',
      'coverage/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { '@stylistic': stylistic, 'simple-import-sort': simpleImportSort },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // The engine's context object reaches the simulation through `sim` from its getters.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['sim'] }],
      '@stylistic/max-len': [
        'error',
        {
          code: 100,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
    },
  },
  { files: ['sim/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },
  // The model reads as chapters of the tech note: its functions fit on a screen.
  {
    files: ['sim/cms/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  // A test file's describe callback is a list of cases, not a function to split.
  { files: ['test/**/*.ts'], rules: { 'max-lines-per-function': 'off' } },
);
