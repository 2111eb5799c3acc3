import { afterAll, beforeAll } from 'vitest'
import { testDatabase } from '../../../test/support/postgres.ts'
import { insuranceProgrammesContract } from '../../ports/insurance-programmes.contract.ts'
import { INSURANCE_STORE, insuranceMigrations, openPostgresInsuranceProgrammes } from './insurance-programmes.ts'
import { migratePostgres, openPool } from './pool.ts'
import type { PgPool } from './index.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

insuranceProgrammesContract('postgres', async () => {
  const pools: PgPool[] = []
  const pool = (): PgPool => { const p = openPool(db.url, { max: 4 }); pools.push(p); return p }
  const first = pool()
  // One database per file: each test starts from empty tables.
  await migratePostgres(first, INSURANCE_STORE, insuranceMigrations)
  await first.query('TRUNCATE insurance_programme_data, insurance_enrolments, insurance_bills, insurance_plans')
  return {
    store: openPostgresInsuranceProgrammes(first),
    reopen: async () => openPostgresInsuranceProgrammes(pool()),
    async cleanup () { for (const p of pools) await p.end() }
  }
})
