import type { InclusionProofOut } from '../../ports/ledger.ts'
import type { RecordRow } from '../../ports/record-index.ts'

/** A Patient entity as this subgraph passes it around: its key alone (identity owns the rest). */
export interface PatientRef {
  id: string
}

/** What the Anchor resolvers read: the record version's index row and, once sealed, its inclusion proof. */
export interface AnchorSource {
  row: RecordRow
  /** Null until the entry is sealed in a block. */
  proof: InclusionProofOut | null
}

/** What eraseRecord answers. */
export interface ErasedRecordOut {
  id: string
  versions: number
  entryIndex: number
}
