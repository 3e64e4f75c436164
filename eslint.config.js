// Lint rules that keep the code as ARCHITECTURE.md describes it: short files and functions in app/,
// and the layers' import directions. `npm test` runs it (npm run lint); a violation fails the run.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import rule for one layer: the modules its files may not import (type-only imports may). */
const layer = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map(importing) }] },
});
const importing = ([group, message]) => ({ group, message, allowTypeImports: true });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'views/', 'data/', 'uploads/', 'test/e2e/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Express tells an error handler by its four parameters, so an unused `_next` must stay.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
    },
  },
  layer(
    ['app/domain/**/*.ts'],
    [
      [
        ['../*', 'sequelize', 'express', 'express-session', 'multer'],
        'domain/ holds pure rules: it imports nothing of ours outside domain/, and no database or web library',
      ],
    ],
  ),
  layer(
    ['app/services/**/*.ts'],
    [
      [
        ['**/web/*', '**/web/**', 'express', 'express-session', 'multer'],
        'services/ never see the web layer or Express: take plain values, throw AppError',
      ],
    ],
  ),
  layer(
    ['app/web/**/*.ts'],
    [
      [
        ['**/models/*', '**/models/**', '**/db/*', '**/db/**', 'sequelize'],
        'web/ reaches the database only through services/',
      ],
    ],
  ),
);
