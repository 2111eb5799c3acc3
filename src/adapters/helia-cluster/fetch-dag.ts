import type { LevelBlockstore } from 'blockstore-level'
import { equals } from 'multiformats/bytes'
import { createUnsafe } from 'multiformats/block'
import type { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import type { AbortOptions } from '../../ports/body-store.ts'
import { levelBlockKey } from '../helia/raw-block.ts'
import type { ClusterHelia } from './node.ts'
import { bodyUnavailable } from './errors.ts'

/** Fetches one block from peers (bitswap `want`); the bytes are re-hashed by {@link fetchDag}. */
export type BlockRetriever = (cid: CID, options: { signal: AbortSignal }) => Promise<Uint8Array>

/** Where to look and write, how long to wait, and who the pin set says holds the bodies (named in errors). */
export interface FetchDagOptions extends AbortOptions {
  timeoutMs: number
  /** The LevelDB store under Helia: corrupt blocks are deleted and fetched blocks written here, one batch per level. */
  blocks: LevelBlockstore
  retrieve: BlockRetriever
  holders?: string[]
}

/**
 * Makes every block of every DAG in `roots` present and valid in the local blockstore: a block already stored
 * is re-hashed (a corrupt one is deleted and fetched again); the missing ones of a DAG level are wanted all at
 * once over bitswap (one want list), re-hashed against their CIDs, and written in one LevelDB batch. Returns
 * how many blocks came over the network.
 * @throws MedledgerError BODY_UNAVAILABLE naming the first CID that no peer gave (as bytes hashing to it)
 *   within `timeoutMs`; AbortError when `signal` aborts
 */
export async function fetchDag (helia: ClusterHelia, roots: CID[], options: FetchDagOptions): Promise<number> {
  options.signal?.throwIfAborted()
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  const seen = new Set<string>()
  let fetched = 0
  let level = roots
  while (level.length > 0) {
    const todo = level.filter((cid) => { const k = cid.toString(); if (seen.has(k)) return false; seen.add(k); return true })
    const blocks = await localBlocks(helia, options.blocks, todo)
    const missing = blocks.filter((b) => b.bytes === undefined)
    if (missing.length > 0) {
      await Promise.all(missing.map(async (b) => {
        try {
          b.bytes = await options.retrieve(b.cid, { signal })
        } catch (err) {
          options.signal?.throwIfAborted()
          throw bodyUnavailable(b.cid, options.timeoutMs, options.holders ?? [], err)
        }
        const digest = await (await helia.getHasher(b.cid.multihash.code)).digest(b.bytes)
        if (!equals(digest.bytes, b.cid.multihash.bytes)) throw bodyUnavailable(b.cid, options.timeoutMs, options.holders ?? [])
      }))
      await options.blocks.db.batch(missing.map((b) => ({ type: 'put' as const, key: levelBlockKey(b.cid), value: b.bytes! })))
      fetched += missing.length
    }
    const next: CID[] = []
    for (const { cid, bytes } of blocks) {
      if (cid.code === raw.code) continue
      const codec = await helia.getCodec(cid.code)
      for (const [, link] of createUnsafe({ cid, bytes: bytes!, codec }).links()) next.push(link)
    }
    level = next
  }
  return fetched
}

/**
 * The level's blocks as stored locally, in one LevelDB read: verified bytes, or undefined for a block that is
 * absent or was corrupt (a corrupt one is deleted, to be fetched again).
 */
async function localBlocks (helia: ClusterHelia, blocks: LevelBlockstore, cids: CID[]): Promise<Array<{ cid: CID, bytes: Uint8Array | undefined }>> {
  const stored = await blocks.db.getMany(cids.map(levelBlockKey))
  return Promise.all(cids.map(async (cid, i) => {
    const bytes = stored[i]
    if (bytes === undefined) return { cid, bytes: undefined }
    const digest = await (await helia.getHasher(cid.multihash.code)).digest(bytes)
    if (equals(digest.bytes, cid.multihash.bytes)) return { cid, bytes }
    await blocks.delete(cid)
    return { cid, bytes: undefined }
  }))
}
