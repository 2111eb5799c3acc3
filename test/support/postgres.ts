/**
 * A real PostgreSQL for tests. One server per test run, started by postgres-global.ts (vitest globalSetup)
 * in the background so runs that never touch PostgreSQL do not wait for it; each test file takes a fresh
 * database with {@link testDatabase}. The server itself: postgres-server.ts.
 */
import pg from 'pg'
import { inject } from 'vitest'

export { freePort, startPostgres } from './postgres-server.ts'
export type { RunningPostgres } from './postgres-server.ts'

/** Waits until a server answers at `url` (the run's server starts in the background). */
async function ready (url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      return
    } catch (err) {
      await client.end().catch(() => {})
      if (Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

let counter = 0

/**
 * A fresh, empty database on the run's server; `drop()` removes it (after closing your pools).
 * Outside vitest's globalSetup, MEDLEDGER_TEST_POSTGRES_URL names the server.
 */
export async function testDatabase (): Promise<{ url: string, drop(): Promise<void> }> {
  const admin = process.env.MEDLEDGER_TEST_POSTGRES_URL ?? inject('postgresAdminUrl')
  await ready(admin)
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  try { await client.query(`CREATE DATABASE ${name}`) } finally { await client.end() }
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop () {
      const c = new pg.Client({ connectionString: admin })
      await c.connect()
      try { await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) } finally { await c.end() }
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string
  }
}
