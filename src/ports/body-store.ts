import type { CID } from 'multiformats/cid'

export interface AbortOptions { signal?: AbortSignal }

/**
 * Content-addressed storage of encrypted record bodies (IPFS).
 * Implementation: adapters/helia (embedded, no networking); a networked one is planned (docs/architecture.md).
 *
 * CIDs are the same whichever implementation stores a body (they are anchored on the ledger):
 * the @helia/unixfs `addBytes` defaults — CIDv1, sha2-256, raw leaves, 1 MiB fixed-size chunks,
 * balanced layout. A body of at most 1 MiB is therefore one raw block (CIDv1, raw codec); a larger
 * one a dag-pb unixfs file. Every implementation passes `bodyStoreContract` (body-store.contract.ts).
 * Arguments of the wrong type throw TypeError; an aborted `signal` rejects with its AbortError.
 */
export interface BodyStore {
  /** Stores bytes (idempotent) and returns their CID: one raw CIDv1 block for bodies of at most 1 MiB. */
  put(bytes: Uint8Array, options?: AbortOptions): Promise<CID>
  /** Stores many bodies in one batch; CIDs in input order, each equal to what `put` returns. */
  putMany(bodies: Uint8Array[], options?: AbortOptions): Promise<CID[]>
  /**
   * Bytes for a CID, re-hashed before they are returned.
   * @throws MedledgerError BODY_NOT_FOUND when absent, CID_MISMATCH when the stored bytes do not hash to it
   */
  get(cid: CID, options?: AbortOptions): Promise<Uint8Array>
  /** True when the CID's (root) block is stored locally; does not check the bytes or the rest of the DAG. */
  has(cid: CID, options?: AbortOptions): Promise<boolean>
  /**
   * Streams a CARv1 holding every block of the given CIDs' DAGs, roots = cids, so they can be
   * pinned on any IPFS node; the next chunk waits for `sink`'s promise.
   * @throws MedledgerError BODY_NOT_FOUND / CID_MISMATCH for a missing or corrupt block (the sink
   *   then holds a truncated CAR to discard); whatever `sink` throws
   */
  exportCar(cids: CID[], sink: (chunk: Uint8Array) => Promise<void> | void, options?: AbortOptions): Promise<void>
  /** Releases the store; calling it again is harmless. */
  close(): Promise<void>
}
