import { afterAll, beforeAll } from 'vitest'
import { testDatabase } from '../../../test/support/postgres.ts'
import { fundingCampaignsContract } from '../../ports/funding-campaigns.contract.ts'
import { FUNDING_STORE, fundingMigrations, openPostgresFundingCampaigns } from './funding-campaigns.ts'
import { migratePostgres, openPool } from './pool.ts'
import type { PgPool } from './index.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

fundingCampaignsContract('postgres', async () => {
  const pools: PgPool[] = []
  const pool = (): PgPool => { const p = openPool(db.url, { max: 4 }); pools.push(p); return p }
  const first = pool()
  // One database per file: each test starts from empty tables.
  await migratePostgres(first, FUNDING_STORE, fundingMigrations)
  await first.query('TRUNCATE funding_donor_plans, funding_donation_signatures, funding_campaigns')
  return {
    store: openPostgresFundingCampaigns(first),
    reopen: async () => openPostgresFundingCampaigns(pool()),
    async cleanup () { for (const p of pools) await p.end() }
  }
})
