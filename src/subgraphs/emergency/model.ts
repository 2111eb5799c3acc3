/** A Patient entity as this subgraph passes it around: its key alone (identity owns the rest). */
export interface PatientRef {
  id: string
}
