import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

/**
 * Chunk size of @helia/unixfs `addBytes` (its default `fixedSize({ chunkSize: 1_048_576 })`,
 * the Filecoin setting). A body of at most this many bytes is one chunk, which the importer
 * (raw leaves, `reduceSingleLeafToSelf`) stores as a single raw block: CIDv1, raw, sha2-256.
 * Larger bodies become a dag-pb unixfs file.
 */
export const UNIXFS_CHUNK_SIZE = 1_048_576

/** True when `bytes` is stored as one raw block (same CID `unixfs.addBytes` would give). */
export function isRawBody (bytes: Uint8Array): boolean {
  return bytes.byteLength <= UNIXFS_CHUNK_SIZE
}

/**
 * The CIDv1 (raw codec, sha2-256) of `bytes`: one hash, no copy.
 * multiformats hashes synchronously on Node; the await only covers other platforms.
 */
export async function rawCid (bytes: Uint8Array): Promise<CID> {
  const digest = sha256.digest(bytes)
  return CID.createV1(raw.code, digest instanceof Promise ? await digest : digest)
}

/**
 * The key blockstore-level (v4) stores a block under: `/` + base32upper(multihash). Its own encoder is
 * private; HeliaBodyStore.putMany writes a batch under these keys and reads go through the
 * LevelBlockstore, so the int test "putMany blocks are readable through the LevelBlockstore" catches drift.
 */
export function levelBlockKey (cid: CID): string {
  return `/${base32upper.encoder.encode(cid.multihash.bytes)}`
}
