import type { Connection, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { LengthPrefixedStream } from '@libp2p/utils'
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

/**
 * Serves PIN_PROTOCOL on `helia`: `pin` makes the CIDs present locally (it throws when it cannot). A stream
 * carries any number of request/reply pairs, one at a time, until the requester closes it.
 */
export async function handlePinRequests (helia: ClusterHelia, pin: (cids: CID[], from: string) => Promise<void>): Promise<void> {
  await helia.libp2p.handle(PIN_PROTOCOL, async (stream: Stream, connection: Connection) => {
    const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE })
    try {
      for (;;) {
        let message: Uint8Array
        try {
          message = (await lp.read()).subarray()
        } catch {
          break // the requester closed the stream (or it died): nothing more to answer
        }
        let reply: { ok: true } | { error: string }
        try {
          const request = JSON.parse(new TextDecoder().decode(message)) as { cids?: unknown }
          if (!Array.isArray(request.cids) || !request.cids.every((c) => typeof c === 'string')) throw new TypeError('cids must be strings')
          await pin(request.cids.map((c: string) => CID.parse(c)), connection.remotePeer.toString())
          reply = { ok: true }
        } catch (err) {
          reply = { error: err instanceof Error ? `${err.name}: ${(err as { code?: string }).code ?? err.message}` : 'failed' }
        }
        await lp.write(new TextEncoder().encode(JSON.stringify(reply)))
      }
      await stream.close()
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }, { maxInboundStreams: 64 })
}

interface OpenPinStream { stream: Stream, lp: LengthPrefixedStream<Stream> }

/**
 * Sends pin requests, keeping one stream per peer open between requests (a new stream costs a multistream
 * negotiation, ~3 ms on loopback: a third of a replicated write of 256 bodies). Requests to one peer go one at
 * a time; a stream that fails is dropped, and a request that failed on a reused stream is retried once on a new one.
 */
export class PinClient {
  readonly #helia: ClusterHelia
  readonly #streams = new Map<string, OpenPinStream>()
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor (helia: ClusterHelia) {
    this.#helia = helia
  }

  /**
   * Asks the peer at `target` (its multiaddr ends in /p2p/<id>) to pin `cids`; resolves once it has stored every block.
   * @throws Error naming the peer's failure; libp2p dial and stream errors; AbortError
   */
  async request (target: Multiaddr, cids: CID[], options: AbortOptions = {}): Promise<void> {
    const key = target.toString()
    const previous = this.#queues.get(key) ?? Promise.resolve()
    const run = previous.catch(() => {}).then(async () => this.#send(key, target, cids, options))
    this.#queues.set(key, run.catch(() => {}))
    return run
  }

  /** Closes every open stream. */
  async close (): Promise<void> {
    const open = [...this.#streams.values()]
    this.#streams.clear()
    await Promise.allSettled(open.map(async ({ stream }) => stream.close()))
  }

  async #send (key: string, target: Multiaddr, cids: CID[], options: AbortOptions): Promise<void> {
    const message = new TextEncoder().encode(JSON.stringify({ cids: cids.map(String) }))
    const reused = this.#streams.get(key)
    if (reused !== undefined) {
      try {
        return await this.#exchange(reused, message, options)
      } catch (err) {
        this.#drop(key, reused, err)
        options.signal?.throwIfAborted()
        if (err instanceof PinRefused) throw err
      }
    }
    const stream = await this.#helia.libp2p.dialProtocol(target, PIN_PROTOCOL, { signal: options.signal })
    const open = { stream, lp: lpStream(stream, { maxDataLength: MAX_MESSAGE }) }
    this.#streams.set(key, open)
    try {
      await this.#exchange(open, message, options)
    } catch (err) {
      if (!(err instanceof PinRefused)) this.#drop(key, open, err)
      throw err
    }
  }

  async #exchange ({ lp }: OpenPinStream, message: Uint8Array, options: AbortOptions): Promise<void> {
    await lp.write(message, { signal: options.signal })
    const reply = JSON.parse(new TextDecoder().decode((await lp.read({ signal: options.signal })).subarray())) as { ok?: boolean, error?: string }
    if (reply.ok !== true) throw new PinRefused(reply.error ?? 'no reason')
  }

  #drop (key: string, open: OpenPinStream, err: unknown): void {
    if (this.#streams.get(key) === open) this.#streams.delete(key)
    open.stream.abort(err instanceof Error ? err : new Error(String(err)))
  }
}

/** The peer answered, but could not pin (it could not fetch or store the blocks in time). */
class PinRefused extends Error {
  constructor (reason: string) {
    super(`peer refused pin: ${reason}`)
    this.name = 'PinRefused'
  }
}
