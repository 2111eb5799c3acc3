import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isError } from '../../core/errors.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { migratePostgres, openPool, withTransaction } from './pool.ts'
import type { PgPool } from './index.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
const pools: PgPool[] = []

beforeAll(async () => { db = await testDatabase() })
afterAll(async () => {
  for (const p of pools) await p.end()
  await db.drop()
})

function pool (): PgPool {
  const p = openPool(db.url, { max: 4 })
  pools.push(p)
  return p
}

const steps = [
  { version: 1, name: 'things', sql: 'CREATE TABLE things (id text PRIMARY KEY, n bigint NOT NULL)' },
  { version: 2, name: 'things.note', sql: 'ALTER TABLE things ADD COLUMN note text' }
]

describe('PostgreSQL store foundation', () => {
  it('migrates once when many processes migrate at the same time, and refuses a newer schema', async () => {
    await Promise.all(Array.from({ length: 6 }, async () => migratePostgres(pool(), 'test', steps)))
    const p = pool()
    const { rows } = await p.query<{ version: number }>("SELECT version FROM medledger_migrations WHERE store = 'test' ORDER BY version")
    expect(rows.map((r) => r.version)).toEqual([1, 2])
    await migratePostgres(p, 'test', steps.slice(0, 1)).then(() => { throw new Error('should refuse') }, (err: unknown) => { expect(isError(err, 'CONFLICT')).toBe(true) })
  })

  it('commits or rolls back as one, reads bigint as number, and retries serialization failures', async () => {
    const p = pool()
    await withTransaction(p, async (c) => { await c.query("INSERT INTO things (id, n) VALUES ('a', 1)") })
    await expect(withTransaction(p, async (c) => {
      await c.query("INSERT INTO things (id, n) VALUES ('b', 2)")
      throw new Error('abort')
    })).rejects.toThrow('abort')
    const { rows } = await p.query<{ id: string, n: number }>('SELECT id, n FROM things ORDER BY id')
    expect(rows).toEqual([{ id: 'a', n: 1 }])
    // 20 concurrent SERIALIZABLE increments of one row: every one lands, none lost to a retry
    await Promise.all(Array.from({ length: 20 }, async () => withTransaction(p, async (c) => {
      const r = await c.query<{ n: number }>("SELECT n FROM things WHERE id = 'a'")
      await c.query("UPDATE things SET n = $1 WHERE id = 'a'", [r.rows[0]!.n + 1])
    }, { isolation: 'SERIALIZABLE', retries: 50 })))
    expect((await p.query<{ n: number }>("SELECT n FROM things WHERE id = 'a'")).rows[0]!.n).toBe(21)
  })

  it('refuses a URL that is not PostgreSQL', () => {
    expect(() => openPool('mysql://x')).toThrow(/postgres/)
  })
})
