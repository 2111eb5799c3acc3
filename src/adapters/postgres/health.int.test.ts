import { afterAll, beforeAll } from 'vitest'
import type pg from 'pg'
import { healthStoreContract } from '../../ports/health-store.contract.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { postgresHealthStore } from './health.ts'
import { openPool } from './pool.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

healthStoreContract('postgres', async () => {
  const pools: pg.Pool[] = [openPool(db.url, { max: 4 })]
  await pools[0]!.query('DROP TABLE IF EXISTS medledger_migrations, health_reviews, health_hospital_regions, health_prices')
  return {
    store: postgresHealthStore(pools[0]!),
    // another process: its own pool, its own adapter
    async reopen () { const p = openPool(db.url, { max: 4 }); pools.push(p); return postgresHealthStore(p) },
    async cleanup () { for (const p of pools) await p.end() }
  }
})
