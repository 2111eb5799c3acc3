import { createServer } from 'node:http'
import type { RequestListener, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { GRAPHQL_PATH } from './http.ts'

/** A started HTTP server: its GraphQL URL and how to stop it. */
export interface RunningServer {
  /** `http://host:port/graphql` */
  url: string
  server: Server
  /** Stops accepting, lets in-flight requests finish (closing idle keep-alive sockets), then runs `cleanup`. */
  stop(): Promise<void>
}

/**
 * Listens on `host:port` (port 0 picks a free one) and resolves once bound.
 * @throws Error (EADDRINUSE …) when the port cannot be bound
 */
export async function listen (listener: RequestListener, options: { port?: number, host?: string, cleanup?: () => Promise<void> }): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const server = createServer({ keepAliveTimeout: 5000 }, listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? 'localhost' : host
  let stopping: Promise<void> | undefined
  return {
    url: `http://${shownHost}:${port}${GRAPHQL_PATH}`,
    server,
    stop () {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        // Requests still running after 10 s are cut off, so stop() always returns.
        const force = setTimeout(() => server.closeAllConnections(), 10_000)
        force.unref()
        await closed
        clearTimeout(force)
        await options.cleanup?.()
      })()
      return stopping
    }
  }
}
