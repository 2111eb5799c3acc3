/** Ledger entry and block shapes, shared by core (verification) and the Ledger port. */

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
