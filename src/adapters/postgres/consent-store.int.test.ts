import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consentStoreContract } from '../../ports/consent-store.contract.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { consentMigrations, openPostgresConsentStore } from './consent-store.ts'
import { openPool } from './pool.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
let n = 0
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

consentStoreContract('postgres', async () => {
  // a schema per test and two pools, as two processes of a cluster hold
  const schema = `c${n++}`
  const admin = new pg.Client({ connectionString: db.url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = new URL(db.url)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const poolA = openPool(url.toString(), { max: 4 })
  const poolB = openPool(url.toString(), { max: 4 })
  return {
    a: openPostgresConsentStore(poolA),
    b: openPostgresConsentStore(poolB),
    async cleanup () {
      await poolA.end()
      await poolB.end()
    }
  }
})

describe('PostgreSQL consent store', () => {
  it('migrates once when two processes start together, and close() leaves the shared pool open', async () => {
    const url = new URL(db.url)
    url.searchParams.set('options', '-c search_path=mig')
    const admin = new pg.Client({ connectionString: db.url })
    await admin.connect()
    await admin.query('CREATE SCHEMA mig')
    await admin.end()
    const pools = [openPool(url.toString()), openPool(url.toString())]
    try {
      const stores = pools.map((p) => openPostgresConsentStore(p))
      await Promise.all(stores.map(async (s) => s.grant('x')))
      stores.forEach((s) => { s.close() })
      const { rows } = await pools[0]!.query<{ version: number }>("SELECT version FROM medledger_migrations WHERE store = 'consent'")
      expect(rows.map((r) => r.version)).toEqual(consentMigrations.map((m) => m.version))
    } finally {
      await Promise.all(pools.map(async (p) => p.end()))
    }
  })
})
