/**
 * One PostgreSQL connection pool per process (`MEDLEDGER_POSTGRES_URL`), shared by every store adapter, and the
 * two things each adapter needs from it: a transaction with retries on serialization failures, and versioned
 * migrations that any number of processes may run at once.
 */
import pg from 'pg'
import { makeError } from '../../core/errors.ts'

/** A store's schema step: applied once, in order, never edited once shipped (like the SQLite migrations). */
export interface PgMigration {
  version: number
  name: string
  sql: string
}

/** What a query needs: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

/** Advisory lock key under which stores migrate (pg_advisory_xact_lock takes one bigint). */
const MIGRATE_LOCK = 0x6d65_646c_0100n

/**
 * A pool on `url`. Timestamps are kept as bigint milliseconds, which node-postgres returns as strings: parsed
 * back to numbers here (they stay far below 2^53).
 * @throws MedledgerError BAD_INPUT for a URL that is not postgres:// or postgresql://
 */
export function openPool (url: string, options: { max?: number } = {}): pg.Pool {
  if (!/^postgres(ql)?:\/\//.test(url)) throw makeError('the PostgreSQL URL must start with postgres:// or postgresql://', 'BAD_INPUT')
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))
  return new pg.Pool({ connectionString: url, max: options.max ?? 10 })
}

/**
 * Runs `fn` in one transaction (READ COMMITTED unless `isolation` says otherwise) and commits; rolls back on any
 * error. A serialization failure or deadlock (SQLSTATE 40001, 40P01) is retried up to `retries` times.
 * @throws whatever `fn` throws; the last serialization failure after the retries
 */
export async function withTransaction<T> (pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, options: { isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE', retries?: number } = {}): Promise<T> {
  const retries = options.retries ?? 5
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect()
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${options.isolation ?? 'READ COMMITTED'}`)
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      const code = (err as { code?: string }).code
      if ((code === '40001' || code === '40P01') && attempt < retries) continue
      throw err
    } finally {
      client.release()
    }
  }
}

/**
 * Applies the steps of `store` not applied yet, each in its own transaction, under an advisory lock so
 * concurrent processes migrate once. Versions are kept per store in `medledger_migrations`.
 * @throws MedledgerError CONFLICT when the database holds a newer version than this build knows
 */
export async function migratePostgres (pool: pg.Pool, store: string, migrations: readonly PgMigration[]): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK.toString()])
    await client.query('CREATE TABLE IF NOT EXISTS medledger_migrations (store text NOT NULL, version int NOT NULL, name text NOT NULL, applied_at bigint NOT NULL, PRIMARY KEY (store, version))')
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM medledger_migrations WHERE store = $1', [store])
    const current = Number(rows[0]!.version)
    const latest = Math.max(0, ...migrations.map((m) => m.version))
    if (current > latest) throw makeError(`the ${store} tables are newer than this build; upgrade medledger`, 'CONFLICT')
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue
      await client.query(m.sql)
      await client.query('INSERT INTO medledger_migrations (store, version, name, applied_at) VALUES ($1, $2, $3, $4)', [store, m.version, m.name, Date.now()])
    }
  })
}

/** `MEDLEDGER_POSTGRES_URL` when set and not empty. */
export function postgresUrlFromEnv (env: Record<string, string | undefined> = process.env): string | undefined {
  const url = env.MEDLEDGER_POSTGRES_URL
  return url === undefined || url === '' ? undefined : url
}
