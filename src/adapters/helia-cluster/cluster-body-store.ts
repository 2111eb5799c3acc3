import { join } from 'node:path'
import { LevelBlockstore } from 'blockstore-level'
import { LevelDatastore } from 'datastore-level'
import { CID } from 'multiformats/cid'
import type { AbortOptions, BodyStore } from '../../ports/body-store.ts'
import type { PinSet } from '../../ports/pin-set.ts'
import { isError } from '../../core/errors.ts'
import { HeliaBodyStore } from '../helia/helia-body-store.ts'
import { replicationFailed } from './errors.ts'
import { fetchDag } from './fetch-dag.ts'
import type { BlockRetriever } from './fetch-dag.ts'
import { createClusterHelia, peerMultiaddr } from './node.ts'
import type { ClusterHelia, ClusterNetworkOptions, ClusterPeer } from './node.ts'
import { handlePinRequests, PinClient } from './pin-protocol.ts'

/** One cluster node's body store: local LevelDB stores in `dir`, the cluster network, the shared pin set. */
export interface ClusterBodyStoreOptions extends ClusterNetworkOptions {
  /** Directory holding `blocks/` and `datastore/` (the same layout as the embedded store). */
  dir: string
  /** The cluster's pin set (PostgreSQL). */
  pinSet: PinSet
  /** Copies a write waits for, this node's included (default 2). */
  replicas?: number
  /** How long a read waits for peers before BODY_UNAVAILABLE (default 10 s). */
  readTimeoutMs?: number
  /** How long a write waits for its peers' acknowledgements before trying others (default 30 s). */
  replicateTimeoutMs?: number
  /** Dial every listed peer when starting (default true); otherwise peers are dialled when a read or write needs them. */
  dialOnStart?: boolean
  /** Run `repair()` this often, in the background, until `close()` (default: never; call it yourself). */
  repairEveryMs?: number
}

/** What one repair pass did. */
export interface RepairReport {
  /** Pins found under-replicated among live nodes. */
  underReplicated: number
  /** Copies made (CID × new holder). */
  copied: number
  /** CIDs still below R after the pass (no live holder, or not enough live nodes). */
  remaining: number
}

/** A BodyStore whose writes are acknowledged on R nodes and whose reads reach any holder. */
export interface ClusterBodyStore extends BodyStore {
  /** This node's peer id. */
  readonly peerId: string
  /** The Helia node (for the trustless gateway, tests and benches). */
  readonly helia: ClusterHelia
  /** Re-replicates pins that have fewer than R holders among the nodes reachable now. */
  repair(options?: AbortOptions & { limit?: number }): Promise<RepairReport>
  /** Listed peers this node is connected to now (itself excluded). */
  livePeers(): string[]
}

/**
 * Opens a cluster node's body store and starts its Helia node: listens on `listen`, serves the pin
 * protocol, and dials the other listed peers (best effort; unreachable ones are dialled again when needed).
 * Writes go to the local store, then to R − 1 peers that fetch the blocks over bitswap; the write is
 * acknowledged (and the holders recorded in the pin set) only when R nodes hold it. Reads: local first,
 * then bitswap from the holders the pin set names, always re-hashed.
 * With `repairEveryMs`, the repair job runs in the background until `close()`.
 * @throws TypeError / RangeError for bad options; libp2p errors when `listen` cannot be bound
 */
export async function createClusterBodyStore (options: ClusterBodyStoreOptions): Promise<ClusterBodyStore> {
  if (typeof options?.dir !== 'string' || options.dir === '') throw new TypeError('createClusterBodyStore: dir must be a non-empty path')
  const replicas = options.replicas ?? 2
  if (!Number.isInteger(replicas) || replicas < 1) throw new RangeError('createClusterBodyStore: replicas must be an integer ≥ 1')
  if (options.repairEveryMs !== undefined && (!Number.isInteger(options.repairEveryMs) || options.repairEveryMs < 100)) {
    throw new RangeError('createClusterBodyStore: repairEveryMs must be an integer ≥ 100')
  }
  const blockstore = new LevelBlockstore(join(options.dir, 'blocks'))
  const datastore = new LevelDatastore(join(options.dir, 'datastore'))
  await blockstore.open()
  await datastore.open()
  let helia: ClusterHelia | undefined
  try {
    helia = createClusterHelia({ blockstore, datastore }, options)
    await helia.start()
    const local = new HeliaBodyStore(helia, blockstore, async () => { await blockstore.close(); await datastore.close() })
    const store = new HeliaClusterBodyStore(helia, local, blockstore, options, replicas)
    await handlePinRequests(helia, async (cids) => { await store.fetchForPin(cids) })
    if (options.dialOnStart !== false) await store.dialAll(2_000)
    if (options.repairEveryMs !== undefined) store.repairEvery(options.repairEveryMs)
    return store
  } catch (err) {
    await helia?.stop().catch(() => {})
    await Promise.allSettled([blockstore.close(), datastore.close()])
    throw err
  }
}

class HeliaClusterBodyStore implements ClusterBodyStore {
  readonly helia: ClusterHelia
  readonly peerId: string
  readonly replicateTimeoutMs: number
  readonly #local: HeliaBodyStore
  readonly #blocks: LevelBlockstore
  readonly #pinSet: PinSet
  readonly #replicas: number
  readonly #readTimeoutMs: number
  readonly #others: ClusterPeer[]
  readonly #retrieve: BlockRetriever
  readonly #pins: PinClient
  #repairTimer: NodeJS.Timeout | undefined
  #repairing: Promise<unknown> | undefined

  constructor (helia: ClusterHelia, local: HeliaBodyStore, blocks: LevelBlockstore, options: ClusterBodyStoreOptions, replicas: number) {
    this.helia = helia
    this.#blocks = blocks
    this.peerId = helia.libp2p.peerId.toString()
    this.#local = local
    this.#pinSet = options.pinSet
    this.#replicas = replicas
    this.#readTimeoutMs = options.readTimeoutMs ?? 10_000
    this.replicateTimeoutMs = options.replicateTimeoutMs ?? 30_000
    this.#others = options.peers.filter((p) => p.peerId !== this.peerId)
    this.#retrieve = bitswapRetriever(helia)
    this.#pins = new PinClient(helia)
  }

  /** A pin request's work: fetch the batch over bitswap (from whoever has it) and store it. */
  async fetchForPin (cids: CID[]): Promise<void> {
    await fetchDag(this.helia, cids, { timeoutMs: this.replicateTimeoutMs, blocks: this.#blocks, retrieve: this.#retrieve })
  }

  async put (bytes: Uint8Array, options: AbortOptions = {}): Promise<CID> {
    const cid = await this.#local.put(bytes, options)
    await this.#replicate([cid], options)
    return cid
  }

  async putMany (bodies: Uint8Array[], options: AbortOptions = {}): Promise<CID[]> {
    const cids = await this.#local.putMany(bodies, options)
    await this.#replicate(unique(cids), options)
    return cids
  }

  /**
   * Reads locally first; on a missing or corrupt block, fetches the body from the holders the pin set
   * names (dialled first) over bitswap and stores it here, then reads it again, re-hashed.
   * @throws MedledgerError BODY_UNAVAILABLE naming the CID when no holder gave it within the read timeout;
   *   BODY_NOT_FOUND when the pin set does not know the CID at all
   */
  async get (cid: CID, options: AbortOptions = {}): Promise<Uint8Array> {
    try {
      return await this.#local.get(cid, options)
    } catch (err) {
      if (!isError(err, 'BODY_NOT_FOUND') && !isError(err, 'CID_MISMATCH')) throw err
      const [record] = await this.#pinSet.records([cid], options)
      if (record === undefined) throw err
      await this.#fetch([cid], record.holders, options)
      return this.#local.get(cid, options)
    }
  }

  async has (cid: CID, options: AbortOptions = {}): Promise<boolean> {
    return this.#local.has(cid, options)
  }

  /** Fetches whatever the pin set knows and this node lacks, then streams the CAR from the local store. */
  async exportCar (cids: CID[], sink: (chunk: Uint8Array) => Promise<void> | void, options: AbortOptions = {}): Promise<void> {
    if (!Array.isArray(cids)) throw new TypeError('exportCar: cids must be an array of CIDs')
    const missing: CID[] = []
    for (const cid of cids) if (CID.asCID(cid) !== null && !await this.#local.has(cid, options)) missing.push(cid)
    const records = await this.#pinSet.records(missing, options)
    if (records.length > 0) await this.#fetch(records.map((r) => r.cid), [...new Set(records.flatMap((r) => r.holders))], options)
    return this.#local.exportCar(cids, sink, options)
  }

  async repair (options: AbortOptions & { limit?: number } = {}): Promise<RepairReport> {
    await this.dialAll(2_000)
    const live = [this.peerId, ...this.livePeers()]
    const under = await this.#pinSet.underReplicated(live, options.limit ?? 10_000, options)
    // plan: for each CID, the live nodes not yet holding it, least loaded first; then one batch per target
    const load = new Map<string, number>(live.map((p) => [p, 0]))
    const batches = new Map<string, { cids: CID[], sources: Set<string> }>()
    for (const record of under) {
      const liveHolders = record.holders.filter((h) => live.includes(h))
      if (liveHolders.length === 0) continue // every copy is on a node that is down: nothing to copy from
      const need = record.replicas - liveHolders.length
      const targets = live.filter((p) => !record.holders.includes(p)).sort((a, b) => load.get(a)! - load.get(b)!).slice(0, need)
      for (const t of targets) {
        load.set(t, load.get(t)! + 1)
        const batch = batches.get(t) ?? { cids: [], sources: new Set() }
        batch.cids.push(record.cid)
        for (const h of liveHolders) batch.sources.add(h)
        batches.set(t, batch)
      }
    }
    let copied = 0
    await Promise.all([...batches].map(async ([target, { cids, sources }]) => {
      try {
        if (target === this.peerId) await this.#fetch(cids, [...sources], options)
        else await this.#pins.request(peerMultiaddr(this.#peer(target)), cids, { signal: withTimeout(options.signal, this.replicateTimeoutMs) })
        await this.#pinSet.addHolders(cids, [target], this.#replicas, options)
        copied += cids.length
      } catch {
        // this target failed; the next pass tries again (maybe elsewhere)
      }
    }))
    const remaining = (await this.#pinSet.underReplicated(live, options.limit ?? 10_000, options)).length
    return { underReplicated: under.length, copied, remaining }
  }

  livePeers (): string[] {
    const listed = new Set(this.#others.map((p) => p.peerId))
    return this.helia.libp2p.getPeers().map(String).filter((p) => listed.has(p))
  }

  /** Dials every listed peer not connected yet, in parallel; failures are ignored (the peer may be down). */
  async dialAll (timeoutMs: number): Promise<void> {
    const connected = new Set(this.livePeers())
    await Promise.allSettled(this.#others.filter((p) => !connected.has(p.peerId))
      .map(async (p) => this.helia.libp2p.dial(peerMultiaddr(p), { signal: AbortSignal.timeout(timeoutMs) })))
  }

  /** Starts the background repair job: one pass every `ms` (never two at once); failures wait for the next pass. */
  repairEvery (ms: number): void {
    if (!Number.isInteger(ms) || ms < 100) throw new RangeError('repairEveryMs must be an integer ≥ 100')
    clearInterval(this.#repairTimer)
    this.#repairTimer = setInterval(() => {
      this.#repairing ??= this.repair().catch(() => undefined).finally(() => { this.#repairing = undefined })
    }, ms)
    this.#repairTimer.unref()
  }

  async close (): Promise<void> {
    clearInterval(this.#repairTimer)
    await this.#repairing
    await this.#pins.close()
    return this.#local.close()
  }

  /**
   * Copies the batch to R − 1 peers (more are tried if some fail), then records them as holders. The pin and
   * this node as a holder are recorded meanwhile, so a batch whose replication fails is still pinned, and
   * found under-replicated by the repair job.
   */
  async #replicate (cids: CID[], options: AbortOptions): Promise<void> {
    if (cids.length === 0) return
    const pinned = this.#pinSet.addHolders(cids, [this.peerId], this.#replicas, options)
    const wanted = this.#replicas - 1
    const acked: string[] = []
    let lastError: unknown
    try {
      // spread batches over the peers: start at a position given by the first CID's hash
      const start = cids[0]!.multihash.digest[0]! % Math.max(1, this.#others.length)
      const candidates = [...this.#others.slice(start), ...this.#others.slice(0, start)]
      while (acked.length < wanted && candidates.length > 0) {
        const round = candidates.splice(0, wanted - acked.length)
        const results = await Promise.allSettled(round.map(async (peer) => {
          await this.#pins.request(peerMultiaddr(peer), cids, { signal: withTimeout(options.signal, this.replicateTimeoutMs) })
          return peer.peerId
        }))
        for (const r of results) {
          if (r.status === 'fulfilled') acked.push(r.value)
          else lastError = r.reason
        }
        options.signal?.throwIfAborted()
      }
    } finally {
      await pinned
    }
    if (acked.length > 0) await this.#pinSet.addHolders(cids, acked, this.#replicas, options)
    if (acked.length < wanted) throw replicationFailed(cids, this.#replicas, acked.length + 1, lastError)
  }

  async #fetch (cids: CID[], holders: string[], options: AbortOptions): Promise<void> {
    const reachable = holders.filter((h) => h !== this.peerId).map((h) => this.#others.find((p) => p.peerId === h)).filter((p) => p !== undefined)
    const connected = new Set(this.livePeers())
    await Promise.allSettled(reachable.filter((p) => !connected.has(p.peerId))
      .map(async (p) => this.helia.libp2p.dial(peerMultiaddr(p), { signal: AbortSignal.timeout(Math.min(2_000, this.#readTimeoutMs)) })))
    await fetchDag(this.helia, cids, { timeoutMs: this.#readTimeoutMs, holders, signal: options.signal, blocks: this.#blocks, retrieve: this.#retrieve })
  }

  #peer (peerId: string): ClusterPeer {
    const peer = this.#others.find((p) => p.peerId === peerId)
    if (peer === undefined) throw new RangeError(`${peerId} is not a listed peer`)
    return peer
  }
}

/**
 * Helia's bitswap block broker, used directly: its `retrieve` is bitswap's `want` (the block is matched to the
 * want by re-deriving its CID from the bytes), without Helia's per-block storage path, so fetchDag can write a
 * whole level in one LevelDB batch. `blockBrokers` is a public field of the Helia class, absent from its
 * interface; withBitswap adds the broker on start.
 * @throws TypeError when the node has no bitswap broker
 */
function bitswapRetriever (helia: ClusterHelia): BlockRetriever {
  const brokers = (helia as unknown as { blockBrokers?: Array<{ name: string, retrieve?: BlockRetriever }> }).blockBrokers
  const bitswap = brokers?.find((b) => b.name === 'bitswap')
  if (bitswap?.retrieve === undefined) throw new TypeError('the cluster Helia node has no bitswap block broker')
  return bitswap.retrieve.bind(bitswap)
}

function unique (cids: CID[]): CID[] {
  const seen = new Map<string, CID>()
  for (const cid of cids) seen.set(cid.toString(), cid)
  return [...seen.values()]
}

function withTimeout (signal: AbortSignal | undefined, ms: number): AbortSignal {
  return signal === undefined ? AbortSignal.timeout(ms) : AbortSignal.any([signal, AbortSignal.timeout(ms)])
}
