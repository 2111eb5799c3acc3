import type { CID } from 'multiformats/cid'
import type { AbortOptions } from './body-store.ts'

/** One pinned body: its CID, how many copies it should have, and the peers that hold it. */
export interface PinRecord {
  cid: CID
  /** Copies wanted (R). */
  replicas: number
  /** Peer ids (base58btc strings) of the nodes holding the whole body, in the order they took it. */
  holders: string[]
}

/**
 * The cluster's pin set: which bodies must be kept and which nodes hold each one. Shared by every node
 * (PostgreSQL in a cluster), so any node can find a body's holders and a repair job can restore R
 * after a node is lost. Implementations: adapters/helia-cluster (PostgreSQL).
 */
export interface PinSet {
  /**
   * Records that `holders` now hold every CID in `cids` (pinning each with `replicas` wanted if new);
   * idempotent, one transaction for the batch.
   */
  addHolders(cids: CID[], holders: string[], replicas: number, options?: AbortOptions): Promise<void>
  /** Pin records of the given CIDs that are pinned (others are left out). */
  records(cids: CID[], options?: AbortOptions): Promise<PinRecord[]>
  /**
   * Pins whose holders among `live` peers number fewer than their `replicas`, oldest first, at most `limit`.
   */
  underReplicated(live: string[], limit: number, options?: AbortOptions): Promise<PinRecord[]>
  /** Releases connections; calling it again is harmless. */
  close(): Promise<void>
}
