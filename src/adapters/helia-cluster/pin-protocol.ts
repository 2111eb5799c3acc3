import type { Connection, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import type { AbortOptions } from '../../ports/body-store.ts'
import type { ClusterHelia } from './node.ts'

/**
 * "Pin these bodies": the writer (or the repair job) asks a peer to take copies. The peer fetches every
 * block over bitswap (verified), stores it, and answers once all are stored. One request per batch.
 * Request and reply are one length-prefixed JSON message each: `{ cids: string[] }` → `{ ok: true } | { error }`.
 */
export const PIN_PROTOCOL = '/medledger/pin/1.0.0'

/** Largest request accepted (a batch of ~20,000 CIDs). */
const MAX_MESSAGE = 1_048_576

/** Serves PIN_PROTOCOL on `helia`: `pin` makes the CIDs present locally (it throws when it cannot). */
export async function handlePinRequests (helia: ClusterHelia, pin: (cids: CID[], from: string) => Promise<void>): Promise<void> {
  await helia.libp2p.handle(PIN_PROTOCOL, async (stream: Stream, connection: Connection) => {
    const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE })
    let reply: { ok: true } | { error: string }
    try {
      const request = JSON.parse(new TextDecoder().decode((await lp.read()).subarray())) as { cids?: unknown }
      if (!Array.isArray(request.cids) || !request.cids.every((c) => typeof c === 'string')) throw new TypeError('cids must be strings')
      await pin(request.cids.map((c: string) => CID.parse(c)), connection.remotePeer.toString())
      reply = { ok: true }
    } catch (err) {
      reply = { error: err instanceof Error ? `${err.name}: ${(err as { code?: string }).code ?? err.message}` : 'failed' }
    }
    try {
      await lp.write(new TextEncoder().encode(JSON.stringify(reply)))
      await stream.close()
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }, { maxInboundStreams: 64 })
}

/**
 * Asks the peer at `target` to pin `cids`; resolves once it has stored every block.
 * @throws Error naming the peer's failure; libp2p dial errors; AbortError
 */
export async function requestPin (helia: ClusterHelia, target: Multiaddr, cids: CID[], options: AbortOptions = {}): Promise<void> {
  const stream = await helia.libp2p.dialProtocol(target, PIN_PROTOCOL, { signal: options.signal })
  try {
    const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE })
    await lp.write(new TextEncoder().encode(JSON.stringify({ cids: cids.map(String) })), { signal: options.signal })
    const reply = JSON.parse(new TextDecoder().decode((await lp.read({ signal: options.signal })).subarray())) as { ok?: boolean, error?: string }
    if (reply.ok !== true) throw new Error(`peer refused pin: ${reply.error ?? 'no reason'}`)
    await stream.close({ signal: options.signal })
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}
