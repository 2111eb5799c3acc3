import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Node resolves `graphql` (no "exports" map) to its CommonJS build, which @apollo/* require too. Vite
    // would pick the "module" build for our files: a second graphql whose GraphQLError and schema classes
    // fail instanceof checks against Apollo's. Resolve as Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }]
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // one PostgreSQL server per run, started in the background (test/support/postgres.ts)
    globalSetup: ['test/support/postgres-global.ts'],
    projects: [
      { extends: true, test: { name: 'default', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      // the e2e suite again with the gateway's stores on PostgreSQL (a database per test file)
      { extends: true, test: { name: 'e2e-postgres', include: ['test/e2e/**/*.test.ts'], setupFiles: ['test/support/e2e-postgres.ts'] } }
    ]
  }
})
