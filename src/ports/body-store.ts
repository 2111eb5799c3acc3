import type { CID } from 'multiformats/cid'

export interface AbortOptions { signal?: AbortSignal }

/**
 * Content-addressed storage of encrypted record bodies (IPFS).
 * Implementations: adapters/helia (embedded), adapters/kubo (scale-out).
 */
export interface BodyStore {
  /** Stores bytes and returns their CID (a raw-leaf CIDv1 for bodies under the chunk size). */
  put(bytes: Uint8Array, options?: AbortOptions): Promise<CID>
  /** Stores many bodies in one batch; CIDs in input order. */
  putMany(bodies: Uint8Array[], options?: AbortOptions): Promise<CID[]>
  /**
   * Bytes for a CID, re-hashed before they are returned.
   * @throws MedledgerError BODY_NOT_FOUND when absent, CID_MISMATCH when the stored bytes do not hash to it
   */
  get(cid: CID, options?: AbortOptions): Promise<Uint8Array>
  has(cid: CID, options?: AbortOptions): Promise<boolean>
  /** Writes a CARv1 holding the given CIDs' blocks, roots = cids, so they can be pinned on any IPFS node. */
  exportCar(cids: CID[], sink: (chunk: Uint8Array) => Promise<void> | void, options?: AbortOptions): Promise<void>
  close(): Promise<void>
}
