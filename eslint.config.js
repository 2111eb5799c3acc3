// @ts-check
import tseslint from 'typescript-eslint'

/**
 * The layers of src/ and the folders each may import from, besides itself: dependencies point inward
 * (core ← ports ← adapters ← spine ← import/export ← subgraphs ← gateway ← cli). A relative import into
 * any other top-level folder of src/ fails lint; test/ and packages stay open to every layer.
 * docs/architecture.md describes the layers; test/architecture/imports.test.ts proves a crossing fails.
 */
const LAYERS = {
  core: [],
  ports: ['core'],
  adapters: ['core', 'ports'],
  shared: ['core', 'ports'],
  spine: ['core', 'ports', 'adapters'],
  import: ['core', 'ports', 'adapters', 'spine'],
  export: ['core', 'ports', 'adapters', 'spine', 'import'],
  subgraphs: ['core', 'ports', 'adapters', 'shared', 'spine', 'import', 'export'],
  demo: ['core', 'ports', 'adapters', 'shared', 'spine', 'subgraphs'],
  gateway: ['core', 'ports', 'adapters', 'shared', 'spine', 'import', 'export', 'subgraphs'],
  cli: ['core', 'ports', 'adapters', 'shared', 'spine', 'import', 'export', 'subgraphs', 'gateway', 'demo']
}

/** One `no-restricted-imports` block per layer: a relative import that climbs into a folder it may not use. */
function fence (layer, allowed) {
  const others = Object.keys(LAYERS).filter((name) => name !== layer && !allowed.includes(name))
  return {
    regex: `^(\\.\\./)+(${others.join('|')})/`,
    message: `src/${layer} may import only from ${allowed.length === 0 ? 'itself' : allowed.map((name) => `src/${name}`).join(', ')}: dependencies point inward (see docs/architecture.md)`
  }
}

/** core stays pure: no I/O, no clock, no randomness except what is passed in. */
const PURE = { regex: '^(node:.*|fs|path|crypto)$', message: 'src/core is pure: pass I/O in through a port' }

/** Test support inside src/ goes by one name, test-kit.ts, and only tests and other kits import it. */
const TEST_KIT = { regex: '(^|/)test-kit\\.ts$', message: 'test-kit.ts is test support: production code never imports it' }
const TESTS = ['src/**/*.test.ts', 'src/**/test-kit.ts', 'src/**/*.contract.ts']

const fences = Object.entries(LAYERS).flatMap(([layer, allowed]) => [
  {
    files: [`src/${layer}/**/*.ts`],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [fence(layer, allowed), TEST_KIT, ...(layer === 'core' ? [PURE] : [])] }] }
  },
  {
    // tests and kits keep the fence; core's may use node:* (temp files, child processes)
    files: TESTS.map((glob) => glob.replace('src/**', `src/${layer}/**`)),
    rules: { 'no-restricted-imports': ['error', { patterns: [fence(layer, allowed)] }] }
  }
])

export default tseslint.config(
  { ignores: ['node_modules/**', '.medledger/**', '.bench/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    // type-aware rules read the TypeScript program of tsconfig.json (src, test, anchors, bin, *.ts)
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } }
  },
  {
    // plain JavaScript (bin/, anchors/*.mjs, this file) is outside the TypeScript program
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    rules: {
      // an async function that does not await still turns a throw into a rejection and satisfies a port
      // that returns a promise; the rules that matter for promises are no-floating-promises and
      // no-misused-promises, which stay on
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'enums are not erasable syntax; use a union of string literals' }]
    }
  },
  ...fences,
  {
    files: ['**/*.test.ts'],
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed any by design
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // spies are handed to expect() unbound: expect(port.method).toHaveBeenCalled()
      '@typescript-eslint/unbound-method': 'off'
    }
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'core takes a Clock' },
        { object: 'Math', property: 'random', message: 'core takes an Rng' }]
    }
  }
)
