// The ledger routes' edges, on a bare node:http server: no ledger in this process, no block yet, methods, paths.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { SigningKey, Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { ed25519NoteSigner } from '../../src/core/tlog/checkpoint.ts'
import { ledgerListener } from '../../src/gateway/ledger-routes.ts'
import type { LedgerRoutesOptions } from '../../src/gateway/ledger-routes.ts'
import { tempDir } from '../support/data.ts'

async function serve (options: LedgerRoutesOptions): Promise<{ url: string, server: Server }> {
  const server = createServer(ledgerListener(options))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return { url: `http://127.0.0.1:${address.port}`, server }
}

describe('ledger routes at their edges', () => {
  const tmp = tempDir('medledger-routes-')
  const key = new SigningKey('0x' + '77'.repeat(32))
  const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }, clock: { now: () => 1 }, fsync: false, noteSigner: ed25519NoteSigner('edge.example', new Uint8Array(32).fill(9)) })
  const base = { services: {} as never, resolveViewer: async () => ({ kind: 'anonymous' as const }) }
  let withLog: Awaited<ReturnType<typeof serve>>
  let without: Awaited<ReturnType<typeof serve>>
  beforeAll(async () => {
    withLog = await serve({ ...base, log: ledger.log('edge.example') })
    without = await serve({ ...base, log: undefined })
  })
  afterAll(async () => {
    withLog.server.close()
    without.server.close()
    await ledger.close()
    tmp.cleanup()
  })

  it('answers 503 where the process holds no ledger, 404 before the first block, then the checkpoint', async () => {
    expect((await fetch(`${without.url}/ledger/checkpoint`)).status).toBe(503)
    expect((await fetch(`${withLog.url}/ledger/checkpoint`)).status).toBe(404)
    expect((await fetch(`${withLog.url}/ledger/key`)).status).toBe(404) // no key given to the routes
    await ledger.append([{ type: 'TestEntry', time: 1 }])
    await ledger.seal()
    const r = await fetch(`${withLog.url}/ledger/checkpoint`)
    expect(r.status).toBe(200)
    expect(await r.text()).toMatch(/^edge\.example\n1\n[A-Za-z0-9+/]{43}=\n\n\u2014 edge\.example /)
  })

  it('refuses other methods and paths that are not tiles', async () => {
    const post = await fetch(`${withLog.url}/ledger/checkpoint`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    for (const path of ['/ledger/tile/0/1', '/ledger/tile/0/x000/001', '/ledger/tile/9/000.p/0', '/ledger/nothing']) {
      expect((await fetch(withLog.url + path)).status, path).toBe(404)
    }
    expect((await fetch(`${withLog.url}/ledger/tile/0/000.p/1`)).status).toBe(200)
  })
})
