import { createUnsafe } from 'multiformats/block'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import type { AbortOptions } from '../../ports/body-store.ts'
import { isError } from '../../core/errors.ts'
import { readVerifiedBlock } from '../helia/verified-read.ts'
import type { ClusterHelia } from './node.ts'
import { bodyUnavailable } from './errors.ts'

/** How long to wait for peers, and who the pin set says holds the bodies (named in errors). */
export interface FetchDagOptions extends AbortOptions {
  timeoutMs: number
  /**
   * The store under Helia's wrappers, where a corrupt block is deleted (Helia's own delete also withdraws
   * a provider record, which fails on a node without content routers).
   */
  blocks: Pick<Blockstore, 'delete'>
  holders?: string[]
}

/**
 * Makes every block of every DAG in `roots` present and valid in the local blockstore: a block already
 * stored is re-hashed (a corrupt one is deleted and fetched again); a missing one is fetched over bitswap
 * (Helia verifies its hash before storing it). One DAG level at a time, all of a level's wants at once, so a
 * batch of raw bodies is one want list. Returns how many blocks came over the network.
 * @throws MedledgerError BODY_UNAVAILABLE naming the first CID that no peer gave within `timeoutMs`;
 *   AbortError when `signal` aborts
 */
export async function fetchDag (helia: ClusterHelia, roots: CID[], options: FetchDagOptions): Promise<number> {
  options.signal?.throwIfAborted()
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  const seen = new Set<string>()
  let fetched = 0
  let level = roots
  while (level.length > 0) {
    const next: CID[] = []
    await Promise.all(level.map(async (cid) => {
      const key = cid.toString()
      if (seen.has(key)) return
      seen.add(key)
      let bytes = await localBlock(helia, options.blocks, cid, signal)
      if (bytes === undefined) {
        try {
          bytes = await readNetworked(helia, cid, signal)
          fetched++
        } catch (err) {
          options.signal?.throwIfAborted()
          throw bodyUnavailable(cid, options.timeoutMs, options.holders ?? [], err)
        }
      }
      if (cid.code === raw.code) return
      const codec = await helia.getCodec(cid.code)
      for (const [, link] of createUnsafe({ cid, bytes, codec }).links()) next.push(link)
    }))
    level = next
  }
  return fetched
}

/** The verified local copy of a block, or undefined when it is absent or was corrupt (then deleted). */
async function localBlock (helia: ClusterHelia, blocks: FetchDagOptions['blocks'], cid: CID, signal: AbortSignal): Promise<Uint8Array | undefined> {
  try {
    return await readVerifiedBlock(helia, cid, { signal })
  } catch (err) {
    if (isError(err, 'BODY_NOT_FOUND')) return undefined
    if (isError(err, 'CID_MISMATCH')) {
      await blocks.delete(cid, { signal })
      return undefined
    }
    throw err
  }
}

/** Fetches a block through Helia's networked blockstore (bitswap; verified and stored by Helia), re-hashed here. */
async function readNetworked (helia: ClusterHelia, cid: CID, signal: AbortSignal): Promise<Uint8Array> {
  for await (const chunk of helia.blockstore.get(cid, { signal })) void chunk
  return readVerifiedBlock(helia, cid, { signal })
}
