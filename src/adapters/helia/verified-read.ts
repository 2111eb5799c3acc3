import type { Helia } from 'helia'
import type { UnixFSComponents } from '@helia/unixfs'
import { equals } from 'multiformats/bytes'
import type { MultihashHasher } from 'multiformats/hashes/interface'
import type { CID } from 'multiformats/cid'
import type { AbortOptions } from '../../ports/body-store.ts'
import { makeError } from '../../core/errors.ts'
import { cidMismatch, fromHeliaReadError } from './errors.ts'

/** The part of a Helia node that verified reads need. */
export type BlockSource = Pick<Helia, 'blockstore' | 'getHasher'>

/**
 * Reads one block from the local blockstore only (`offline: true`, so a missing block fails at
 * once instead of asking block brokers) and checks that its bytes hash to `cid`.
 * @throws MedledgerError BODY_NOT_FOUND when the block is absent, CID_MISMATCH when its bytes do
 *   not hash to `cid`, BAD_INPUT when the CID's hash function is not one Helia knows
 */
export async function readVerifiedBlock (helia: BlockSource, cid: CID, options: AbortOptions = {}): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = concat(await collect(helia.blockstore.get(cid, { signal: options.signal, offline: true })))
  } catch (err) {
    throw fromHeliaReadError(err, cid)
  }
  const digest = await (await loadHasher(helia, cid)).digest(bytes)
  if (!equals(digest.bytes, cid.multihash.bytes)) throw cidMismatch(cid)
  return bytes
}

/**
 * A blockstore for @helia/unixfs whose every `get` is {@link readVerifiedBlock}, so reading a
 * dag-pb file re-hashes the root, every intermediate node and every leaf. Writes go to Helia.
 */
export function verifyingBlockstore (helia: BlockSource): UnixFSComponents['blockstore'] {
  return {
    async * get (cid, options) { yield await readVerifiedBlock(helia, cid, options) },
    has: async (cid, options) => helia.blockstore.has(cid, options),
    put: async (cid, bytes, options) => helia.blockstore.put(cid, bytes, options)
  }
}

async function loadHasher (helia: BlockSource, cid: CID): Promise<MultihashHasher> {
  try {
    return await helia.getHasher(cid.multihash.code)
  } catch (err) {
    throw makeError(`no hasher for multihash code 0x${cid.multihash.code.toString(16)}`, 'BAD_INPUT', { cid: cid.toString() }, err)
  }
}

async function collect (chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const chunk of chunks) out.push(chunk)
  return out
}

/**
 * Joins chunks into one plain Uint8Array. A single plain chunk (the usual case for one block) is
 * returned as is; a Node Buffer (what LevelDB hands back) is copied, so callers never get a view
 * into a Buffer pool that may hold other bodies' bytes.
 */
export function concat (chunks: Uint8Array[]): Uint8Array {
  const only = chunks.length === 1 ? chunks[0] : undefined
  if (only !== undefined && Object.getPrototypeOf(only) === Uint8Array.prototype) return only
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
