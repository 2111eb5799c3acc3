/** Ledger entry and block shapes, shared by core (verification) and the Ledger port. */

/** Entry types are open: each subgraph adds its own (ConsentGranted, AidContractFormed, …). */
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

/**
 * A ledger block's tree head was anchored on an EVM chain: the transaction `txHash`, mined in chain block
 * `blockNumber`, made `contract` (anchors/HealthAnchor.sol) emit `Anchored(treeSize, root)`. Roots are hex
 * without `0x` like every ledger hash; `contract` and `txHash` are 0x-prefixed as the chain writes them.
 */
export interface BlockAnchored extends LedgerEntryBase {
  type: 'BlockAnchored'
  height: number
  treeSize: number
  root: string
  chainId: number
  contract: string
  txHash: string
  blockNumber: number
}

export type LedgerEntry = RecordAnchored | AccessLogged | BlockAnchored | (LedgerEntryBase & Record<string, unknown>)

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
