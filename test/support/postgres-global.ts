/**
 * vitest globalSetup: one PostgreSQL server for the whole run (see postgres.ts). It starts in the
 * background — test files that need it wait in `testDatabase()`, the rest never do — and stops at the end.
 */
import type { TestProject } from 'vitest/node'
import { freePort, startPostgres } from './postgres-server.ts'

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort()
  project.provide('postgresAdminUrl', `postgres://postgres:medledger-test@127.0.0.1:${port}/postgres`)
  const starting = startPostgres({ port, durable: false })
  starting.catch(() => { /* reported to the tests that wait for it */ })
  return async () => { await (await starting.catch(() => undefined))?.stop() }
}
