import { createConnection, createServer } from 'node:net'
import type { Socket } from 'node:net'

/**
 * `open` forwards; `cut` refuses and drops every connection (the RPC is down); `lose-send` forwards, but a
 * connection that carried eth_sendRawTransaction gets no answer: the transaction reaches the node, the
 * sender never learns it (an uncertain failure).
 */
export type ProxyMode = 'open' | 'cut' | 'lose-send'

export interface TcpProxy { url: string, setMode(mode: ProxyMode): void, close(): Promise<void> }

/** A loopback TCP proxy in front of `target` (http://127.0.0.1:port) whose network path a test can cut. */
export async function startTcpProxy (target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target)
  let mode: ProxyMode = 'open'
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    if (mode === 'cut') { client.destroy(); return }
    const upstream = createConnection({ host: hostname, port: Number(port) })
    let losing = false
    sockets.add(client).add(upstream)
    client.on('data', (chunk: Buffer) => {
      if (mode === 'lose-send' && chunk.includes('eth_sendRawTransaction')) losing = true
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => { if (losing) client.destroy(); else client.write(chunk) })
    const end = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    setMode (next) {
      mode = next
      if (next === 'cut') for (const s of sockets) s.destroy()
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    }
  }
}
