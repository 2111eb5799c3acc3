import { afterAll, beforeAll } from 'vitest'
import { testDatabase } from '../../../test/support/postgres.ts'
import { tokenBankContract } from '../../ports/token-bank.contract.ts'
import { migratePostgres, openPool } from './pool.ts'
import type { PgPool } from './index.ts'
import { openPostgresTokenBank, tokenMigrations, TOKENS_STORE } from './token-bank.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

tokenBankContract('postgres', async () => {
  const pools: PgPool[] = []
  const pool = (): PgPool => { const p = openPool(db.url, { max: 4 }); pools.push(p); return p }
  const first = pool()
  // One database per file: each test starts from empty tables.
  await migratePostgres(first, TOKENS_STORE, tokenMigrations)
  await first.query('TRUNCATE token_balances, token_refs, token_history')
  await first.query('UPDATE token_cursor SET position = 0')
  await first.query('UPDATE token_totals SET minted = 0, burned = 0')
  return {
    bank: openPostgresTokenBank(first),
    reopen: async () => openPostgresTokenBank(pool()),
    async cleanup () { for (const p of pools) await p.end() }
  }
})
