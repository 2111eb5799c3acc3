/**
 * The verifiable ledger: append-only typed entries, one RFC 9162 Merkle tree over all of them,
 * batched into signed blocks. Implementation: adapters/ledger-embedded (EVM anchoring arrives later).
 */

/** Entry types are open: later issues add their own (ConsentGranted, AidContractFormed, …). */
export interface LedgerEntryBase { type: string, time: number }

export interface RecordAnchored extends LedgerEntryBase {
  type: 'RecordAnchored'
  recordId: string
  version: number
  cid: string
  actor: string
}

export interface AccessLogged extends LedgerEntryBase {
  type: 'AccessLogged'
  actor: string
  subject: string
  recordIds: string[]
  purpose: string
  decision: 'permit' | 'deny'
  grant?: string
}

export type LedgerEntry = RecordAnchored | AccessLogged | (LedgerEntryBase & Record<string, unknown>)

/** A signed tree head: the tree over the first `treeSize` entries has root `root`. */
export interface LedgerBlock {
  height: number
  prevHash: string
  treeSize: number
  root: string
  time: number
  signer: string
  signature: string
}

export interface InclusionProofOut {
  index: number
  treeSize: number
  leafHash: string
  path: string[]
  root: string
  block: LedgerBlock
}

export interface ConsistencyProofOut {
  fromSize: number
  toSize: number
  path: string[]
  fromRoot: string
  toRoot: string
}

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
