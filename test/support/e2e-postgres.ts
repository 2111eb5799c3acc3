/**
 * vitest setupFile of the `e2e-postgres` project: each e2e test file gets its own fresh database on the
 * run's PostgreSQL server, named by MEDLEDGER_POSTGRES_URL before the file's services open, so openServices
 * puts every store that has a PostgreSQL adapter there (the others stay in the data folder). The database
 * is dropped after the file's own hooks ran.
 */
import { afterAll } from 'vitest'
import { testDatabase } from './postgres.ts'

const db = await testDatabase()
process.env.MEDLEDGER_POSTGRES_URL = db.url

afterAll(async () => {
  delete process.env.MEDLEDGER_POSTGRES_URL
  await db.drop()
})
