/** A Patient entity as this subgraph passes it around: its key alone (identity owns the rest). */
export interface PatientRef {
  id: string
}

/** One AccessLogged ledger entry, with its position, as the AccessLogEntry resolvers read it. */
export interface AccessLogRow {
  entryIndex: number
  actor: string
  recordIds: string[]
  purpose: string
  decision: 'permit' | 'deny'
  /** The grant that decided, when one did. */
  grant?: string
  /** Ledger time, ms since epoch. */
  time: number
}
