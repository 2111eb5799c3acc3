// @ts-check
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/**', '.medledger/**', '.bench/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'enums are not erasable syntax; use a union of string literals' }]
    }
  },
  {
    // core stays pure: no I/O, no clock, no randomness except what is passed in
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', '../../adapters/*', '../../ports/*'], message: 'src/core is pure: pass I/O in through a port' }] }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'core takes a Clock' },
        { object: 'Math', property: 'random', message: 'core takes an Rng' }]
    }
  }
)
