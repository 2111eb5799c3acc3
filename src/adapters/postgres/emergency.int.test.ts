import { afterAll, beforeAll } from 'vitest'
import { emergencyStoreContract } from '../../ports/emergency-store.contract.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { postgresEmergencyStore } from './emergency.ts'
import { openPool } from './pool.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

emergencyStoreContract('postgres', async (clock) => {
  // Two pools: two processes' views of one database.
  const pool = openPool(db.url, { max: 4 })
  const otherPool = openPool(db.url, { max: 4 })
  await pool.query('DROP TABLE IF EXISTS medledger_migrations, emergency_contacts, emergency_thresholds, emergency_requests, emergency_responses, emergency_outbox, emergency_contracts, emergency_nonces, emergency_break_glass, emergency_field_requests, emergency_webhooks, emergency_reviews')
  const store = postgresEmergencyStore(pool, clock)
  return {
    store,
    twin: async () => postgresEmergencyStore(otherPool, clock),
    async cleanup () { await store.close(); await pool.end(); await otherPool.end() }
  }
})
