/**
 * The verifiable ledger: append-only typed entries, one RFC 9162 Merkle tree over all of them,
 * batched into signed blocks. Two views: `Ledger`, the synchronous in-process view the services use
 * (adapters/ledger-embedded), and `LedgerLog`, the asynchronous port both adapters serve
 * (adapters/ledger-embedded via `log()`, adapters/ledger-postgres). Design: docs/ledger.md.
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

/** A run of an entry stream: entries in index order. */
export interface IndexedEntry { index: number, entry: LedgerEntry }

/**
 * The ledger as a log that any number of processes may share: reads are asynchronous because
 * the cluster adapter reads PostgreSQL. Both adapters implement it — adapters/ledger-embedded through
 * `EmbeddedLedger.log()`, adapters/ledger-postgres directly — and both pass one contract suite
 * (ports/ledger.contract.ts). Roots and proofs are RFC 9162, computed from C2SP tlog-tiles hash tiles.
 */
export interface LedgerLog {
  /**
   * Appends entries; resolves with their indexes once they are durable (acknowledged). Indexes are gapless
   * and assigned once, even with many appenders.
   * @throws MedledgerError BAD_INPUT for an entry without a string type and integer time
   */
  append(entries: LedgerEntry[]): Promise<number[]>
  /** Integrates every acknowledged entry and seals a block over it now; undefined when nothing was pending. */
  seal(): Promise<LedgerBlock | undefined>
  /** Entries acknowledged so far (some may not be in a block yet). */
  size(): Promise<number>
  /** @throws MedledgerError NOT_FOUND for an index not appended */
  entry(index: number): Promise<LedgerEntry>
  /** Entries [from, to) in order (to defaults to the current size). */
  entries(from?: number, to?: number): AsyncIterable<IndexedEntry>
  /** Blocks from height `fromHeight` (default 0) on, in height order. */
  blocks(fromHeight?: number): Promise<LedgerBlock[]>
  latestBlock(): Promise<LedgerBlock | undefined>
  /**
   * Proof that entry `index` is in the tree of the first block covering it (or of the block of `treeSize`).
   * @throws MedledgerError NOT_FOUND (no such entry), NOT_SEALED (no block covers it yet), BAD_INPUT (no block of that size)
   */
  inclusionProof(index: number, treeSize?: number): Promise<InclusionProofOut>
  /**
   * RFC 9162 consistency proof between two tree sizes of integrated entries.
   * @throws MedledgerError BAD_INPUT unless 0 <= fromSize <= toSize <= the integrated size
   */
  consistencyProof(fromSize: number, toSize: number): Promise<ConsistencyProofOut>
  /** The latest block as a C2SP signed-note checkpoint; undefined before the first block or without a log key. */
  checkpoint(): Promise<string | undefined>
  /** The first `width` hashes of hash tile (level, index), or undefined while the tree is smaller. */
  tile(level: number, index: number, width: number): Promise<Uint8Array | undefined>
  /** The first `width` entries of entry bundle `index` (tlog-tiles encoding), or undefined while fewer are integrated. */
  entryBundle(index: number, width: number): Promise<Uint8Array | undefined>
  close(): Promise<void>
}
