/**
 * The verifiable ledger: append-only typed entries, one RFC 9162 Merkle tree over all of them,
 * batched into signed blocks. Implementation: adapters/ledger-embedded (files on disk); adapters/ledger-evm
 * anchors the sealed blocks' roots to an EVM chain.
 */

import type { LedgerEntry, LedgerBlock, InclusionProofOut, ConsistencyProofOut } from '../core/ledger/types.ts'

export type * from '../core/ledger/types.ts'

export interface Ledger {
  /** Appends entries durably; resolves with their indexes once they survive a crash. */
  append(entries: LedgerEntry[]): Promise<number[]>
  /** Seals every pending entry into a signed block (no-op when nothing is pending). */
  seal(): Promise<LedgerBlock | undefined>
  size(): number
  entry(index: number): LedgerEntry
  entries(from?: number, to?: number): Iterable<{ index: number, entry: LedgerEntry }>
  blocks(): readonly LedgerBlock[]
  latestBlock(): LedgerBlock | undefined
  /** Proof that entry `index` is in the tree of the first block that covers it (or `treeSize`). */
  inclusionProof(index: number, treeSize?: number): InclusionProofOut
  consistencyProof(fromSize: number, toSize: number): ConsistencyProofOut
  close(): Promise<void>
}
