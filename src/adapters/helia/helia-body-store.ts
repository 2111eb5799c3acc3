import { join } from 'node:path'
import { unixfs } from '@helia/unixfs'
import type { UnixFS } from '@helia/unixfs'
import { LevelBlockstore } from 'blockstore-level'
import { LevelDatastore } from 'datastore-level'
import { createHeliaLight } from 'helia'
import type { Helia } from 'helia'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import type { AbortOptions, BodyStore } from '../../ports/body-store.ts'
import { exportCar } from './car-export.ts'
import type { CarSink } from './car-export.ts'
import { fromHeliaReadError } from './errors.ts'
import { isRawBody, levelBlockKey, rawCid } from './raw-block.ts'
import { concat, readVerifiedBlock, verifyingBlockstore } from './verified-read.ts'

/** Where and how the embedded Helia node keeps its data. */
export interface HeliaBodyStoreOptions {
  /** Directory holding `blocks/` (LevelBlockstore) and `datastore/` (LevelDatastore); created if missing. */
  dir: string
  /** Only `false` (the default): the node has no libp2p, block brokers or routers. */
  networking?: false
}

/**
 * Opens an embedded Helia node (createHeliaLight, no block brokers or routers: it never touches
 * the network) over LevelDB stores in `dir`, started, as a {@link BodyStore}.
 * Bodies of at most 1 MiB (the unixfs chunk size) are one raw block; larger ones a unixfs file.
 * Only one process may open a `dir` at a time (LevelDB holds a lock until `close()`).
 * @throws TypeError when `dir` is not a non-empty string; RangeError when `networking` is not false;
 *   the stores' OpenFailedError when a directory cannot be opened (e.g. it is locked by another store)
 */
export async function createHeliaBodyStore (options: HeliaBodyStoreOptions): Promise<BodyStore> {
  if (typeof options?.dir !== 'string' || options.dir === '') throw new TypeError('createHeliaBodyStore: dir must be a non-empty path')
  if (options.networking !== undefined && options.networking !== false) {
    throw new RangeError('createHeliaBodyStore: networking is not supported: this adapter is the embedded, offline BodyStore')
  }
  const blockstore = new LevelBlockstore(join(options.dir, 'blocks'))
  const datastore = new LevelDatastore(join(options.dir, 'datastore'))
  try {
    await blockstore.open()
    await datastore.open()
    const helia = createHeliaLight({ blockstore, datastore, blockBrokers: [], routers: [] })
    await helia.start()
    return new HeliaBodyStore(helia, blockstore, async () => { await blockstore.close(); await datastore.close() })
  } catch (err) {
    await Promise.allSettled([blockstore.close(), datastore.close()])
    throw err
  }
}

/**
 * Raw blocks (every body up to 1 MiB) are written straight to the LevelBlockstore under Helia, not through
 * `helia.blockstore`: Helia's put takes its GC read lock and reads each block back (`has`) before writing it,
 * which halved the write rate (bench bodystore.put). Neither is needed here: the node never runs GC, and a
 * CID is the hash of its bytes, so rewriting a block that is already stored writes the same bytes again.
 * Reads and larger (unixfs) bodies still go through Helia.
 */
export class HeliaBodyStore implements BodyStore {
  readonly #helia: Helia
  readonly #blocks: LevelBlockstore
  readonly #fs: UnixFS
  readonly #closeStores: () => Promise<void>
  #closing: Promise<void> | undefined

  constructor (helia: Helia, blocks: LevelBlockstore, closeStores: () => Promise<void>) {
    this.#helia = helia
    this.#blocks = blocks
    this.#fs = unixfs({ blockstore: verifyingBlockstore(helia) })
    this.#closeStores = closeStores
  }

  async put (bytes: Uint8Array, options: AbortOptions = {}): Promise<CID> {
    assertBody(bytes)
    options.signal?.throwIfAborted()
    if (!isRawBody(bytes)) return this.#fs.addBytes(bytes, { signal: options.signal })
    const cid = await rawCid(bytes)
    await this.#blocks.put(cid, bytes, { signal: options.signal })
    return cid
  }

  async putMany (bodies: Uint8Array[], options: AbortOptions = {}): Promise<CID[]> {
    if (!Array.isArray(bodies)) throw new TypeError('putMany: bodies must be an array of Uint8Array')
    bodies.forEach(assertBody)
    options.signal?.throwIfAborted()
    const cids = new Array<CID>(bodies.length)
    const blocks: Array<{ cid: CID, bytes: Uint8Array }> = []
    for (let i = 0; i < bodies.length; i++) {
      const bytes = bodies[i]!
      if (!isRawBody(bytes)) continue
      const cid = await rawCid(bytes)
      cids[i] = cid
      blocks.push({ cid, bytes })
    }
    // the whole batch as one LevelDB write batch, straight to the level store (see the class comment)
    if (blocks.length > 0) {
      await this.#blocks.db.batch(blocks.map(({ cid, bytes }) => ({ type: 'put' as const, key: levelBlockKey(cid), value: bytes })))
    }
    for (let i = 0; i < bodies.length; i++) {
      if (cids[i] === undefined) cids[i] = await this.#fs.addBytes(bodies[i]!, { signal: options.signal })
    }
    return cids
  }

  async get (cid: CID, options: AbortOptions = {}): Promise<Uint8Array> {
    assertCid(cid)
    options.signal?.throwIfAborted()
    if (cid.code === raw.code) return readVerifiedBlock(this.#helia, cid, options)
    const chunks: Uint8Array[] = []
    try {
      for await (const chunk of this.#fs.cat(cid, { signal: options.signal, offline: true })) chunks.push(chunk)
    } catch (err) {
      throw fromHeliaReadError(err, cid)
    }
    return concat(chunks)
  }

  async has (cid: CID, options: AbortOptions = {}): Promise<boolean> {
    assertCid(cid)
    options.signal?.throwIfAborted()
    return this.#helia.blockstore.has(cid, { signal: options.signal })
  }

  async exportCar (cids: CID[], sink: CarSink, options: AbortOptions = {}): Promise<void> {
    if (!Array.isArray(cids)) throw new TypeError('exportCar: cids must be an array of CIDs')
    cids.forEach(assertCid)
    if (typeof sink !== 'function') throw new TypeError('exportCar: sink must be a function')
    return exportCar(this.#helia, cids, sink, options)
  }

  /** Stops Helia and closes both LevelDB stores; later calls return the same promise. */
  async close (): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.#helia.stop()
      } finally {
        await this.#closeStores()
      }
    })()
    return this.#closing
  }
}

function assertBody (bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array')
}

function assertCid (cid: unknown): asserts cid is CID {
  if (CID.asCID(cid) === null) throw new TypeError('expected a CID')
}
