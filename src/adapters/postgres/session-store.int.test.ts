import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { sessionStoreContract } from '../../ports/session-store.contract.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { openPool } from './pool.ts'
import { openPostgresSessionStore } from './session-store.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
let n = 0
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

sessionStoreContract('postgres', async () => {
  // a schema per test and two pools, as two processes of a cluster hold
  const schema = `s${n++}`
  const admin = new pg.Client({ connectionString: db.url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = new URL(db.url)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const poolA = openPool(url.toString(), { max: 2 })
  const poolB = openPool(url.toString(), { max: 2 })
  return {
    a: openPostgresSessionStore(poolA),
    b: openPostgresSessionStore(poolB),
    async cleanup () {
      await poolA.end()
      await poolB.end()
    }
  }
})
