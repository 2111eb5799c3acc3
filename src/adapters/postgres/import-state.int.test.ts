import type pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { importStateContract } from '../../ports/import-state.contract.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { postgresImportState } from './import-state.ts'
import { openPool } from './pool.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

importStateContract('postgres', async () => {
  const pools: pg.Pool[] = [openPool(db.url, { max: 4 })]
  await pools[0]!.query('DROP TABLE IF EXISTS medledger_migrations, import_resources, import_identifiers, import_jobs, import_checkpoints, import_issues, import_pending_refs')
  return {
    state: postgresImportState(pools[0]!),
    // another process: its own pool, its own adapter
    async reopen () { const p = openPool(db.url, { max: 4 }); pools.push(p); return postgresImportState(p) },
    async cleanup () { for (const p of pools) await p.end() }
  }
})
