/**
 * The consent store: grants as signed, spent signature nonces (single-use across every process sharing the
 * store), and erased record ids. The consent subgraph writes it; the records subgraph reads grants from it
 * (one query per DataLoader batch) and records erasures in it. Adapters: SQLite (`consent.db`, the embedded
 * default, subgraphs/consent/store.ts) and PostgreSQL (adapters/postgres/consent-store.ts).
 */
import type { Grant } from '../core/consent/index.ts'

/** One stored grant with its signature and ledger position. */
export interface GrantRow {
  grant: Grant
  /** The signed EIP-712 typed data, canonical JSON. */
  typedData: string
  signature: string
  /** Checksummed address that signed it. */
  signer: string
  /** ms since epoch. */
  grantedAt: number
  /** Position of the ConsentGranted entry. */
  entryIndex: number
}

export interface ConsentStore {
  /**
   * Stores a new grant and spends its nonce in one transaction.
   * @throws MedledgerError CONFLICT when the nonce was used by this signer or the grant id exists (nothing stored)
   */
  insertGrant(row: GrantRow, nonce: string): Promise<void>
  /**
   * Marks a grant revoked and spends the revocation's nonce in one transaction.
   * @throws MedledgerError CONFLICT for a used nonce or a grant already revoked; NOT_FOUND for an unknown grant
   */
  revoke(grantId: string, signer: string, nonce: string, time: number): Promise<GrantRow>
  /** Sets the position of a grant's ConsentGranted entry once appended. */
  setEntryIndex(grantId: string, entryIndex: number): Promise<void>
  /** Removes a grant whose ledger append failed (its nonce stays spent). */
  deleteGrant(grantId: string): Promise<void>
  /** A grant by id. */
  grant(id: string): Promise<GrantRow | undefined>
  /** Every grant of each patient (revoked included), in ONE query, newest first per patient. */
  grantsOf(patientIds: readonly string[]): Promise<Map<string, GrantRow[]>>
  /** Records that a record was erased (idempotent). */
  markErased(recordId: string, patientId: string, time: number): Promise<void>
  /** The patient of an erased record, if it was erased. */
  erasedPatient(recordId: string): Promise<string | undefined>
  /** Releases what this adapter holds (never the process's shared PostgreSQL pool). */
  close(): void
}
