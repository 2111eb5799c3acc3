/**
 * vitest globalSetup: one PostgreSQL server for the whole run (see postgres.ts), in its own process
 * (postgres-daemon.ts). It starts in the background — test files that need it wait in `testDatabase()`, the
 * rest never do — and stops at the end of the run.
 */
import type { TestProject } from 'vitest/node'
import { freePort, startPostgresProcess } from './postgres-server.ts'

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const server = startPostgresProcess({ port: await freePort(), durable: false })
  project.provide('postgresAdminUrl', server.url)
  return async () => { await server.stop() }
}
