/**
 * Searchable metadata of records. A cache: everything here can be rebuilt from the ledger,
 * the BodyStore and the keystore (`medledger reindex`).
 * Implementation: adapters/sqlite (embedded); PostgreSQL later.
 */
export interface RecordRow {
  recordId: string
  version: number
  patientId: string
  resourceType: string
  cid: string
  /** Position of the RecordAnchored entry in the ledger. */
  entryIndex: number
  actor: string
  /** Ledger time of the anchor, ms since epoch. */
  anchoredAt: number
  /** `system|code` of every coding in the resource's main code fields. */
  codes: string[]
  /** ISO date (or dateTime) the resource is about, when it has one. */
  effective?: string
}

export interface RecordQuery {
  resourceType?: string
  /** Only the latest version of each record (default true). */
  latestOnly?: boolean
  limit?: number
}

export interface RecordIndex {
  /** Highest ledger entry index applied, or -1 for an empty index. */
  cursor(): number
  /**
   * Adds rows and moves the cursor in one transaction; re-applying a row (same record id and version)
   * is a no-op, and the cursor never moves back (only `clear` resets it).
   * @throws RangeError when `cursor` is not an integer ≥ -1; the store's error for a malformed row (nothing is applied)
   */
  apply(rows: RecordRow[], cursor: number): void
  /** The latest version of a record, or a given one. */
  record(recordId: string, version?: number): RecordRow | undefined
  /** Every version of a record, oldest first. */
  versions(recordId: string): RecordRow[]
  /**
   * Every version of each given record in one query (what a DataLoader batch needs), ordered by record id,
   * then version; unknown ids contribute nothing.
   */
  records(recordIds: readonly string[]): RecordRow[]
  /** Every record version whose body is `cid` (usually one; identical bodies share a CID), by record id and version. */
  byCid(cid: string): RecordRow[]
  /**
   * A patient's records, newest `effective` first (rows without one last), then by record id and version.
   * @throws RangeError when `limit` is not a non-negative integer
   */
  byPatient(patientId: string, query?: RecordQuery): RecordRow[]
  /** Drops every version of a record (erasure); the cursor stays. Returns how many rows went. */
  remove(recordId: string): number
  count(): number
  /** Every row ordered by entry index: what reindex must reproduce. */
  dump(): RecordRow[]
  /** Drops every row and resets the cursor to -1. */
  clear(): void
  close(): void
}
