import { sha256 } from '@noble/hashes/sha2.js'
import { canonicalBytes } from '../canonical-json.ts'
import type { LedgerBlock } from './types.ts'

/** prevHash of the first block. */
export const GENESIS_PREV_HASH = '0'.repeat(64)

export type UnsignedBlock = Omit<LedgerBlock, 'signature'>

/**
 * The digest a block signer signs: SHA-256 over the canonical JSON of every header field but the signature
 * (height, prevHash, treeSize, root, time, signer). Binding the signer address stops a block being re-attributed.
 */
export function blockDigest (header: UnsignedBlock): Uint8Array {
  const { height, prevHash, treeSize, root, time, signer } = header
  return sha256(canonicalBytes({ height, prevHash, treeSize, root, time, signer }))
}

/** Hash that the next block's prevHash carries: SHA-256 over the canonical JSON of the whole signed block. */
export function blockHash (block: LedgerBlock): Uint8Array {
  const { height, prevHash, treeSize, root, time, signer, signature } = block
  return sha256(canonicalBytes({ height, prevHash, treeSize, root, time, signer, signature }))
}
