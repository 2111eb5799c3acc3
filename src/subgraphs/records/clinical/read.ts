import type { RecordRow } from '../../../ports/record-index.ts'
import type { SubgraphContext } from '../../context.ts'
import { authorizeRows, logReads, signedIn } from '../access.ts'
import type { Authorized, PermittedRow } from '../access.ts'
import { patientRows } from './patient-rows.ts'

/** The rows of a patient the caller may read for a purpose, and how to log what is served. */
export interface ClinicalRead {
  /** Latest versions the caller may read (all of them for the patient themself). */
  rows: RecordRow[]
  /** Logs the reads of `served` (no-op for the patient themself); call before answering. */
  served: (served: readonly RecordRow[]) => Promise<void>
}

/**
 * Opens a clinical view of `patientId` for `purpose`: one index query (latest versions, metadata only) and one
 * grants batch, consent decided per record on its metadata.
 * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged) when no record is permitted — an unknown
 *   patient and a patient with no records read the same to anyone but the patient
 */
export async function openClinicalRead (ctx: SubgraphContext, patientId: string, purpose: string): Promise<ClinicalRead> {
  signedIn(ctx.viewer)
  const all = await patientRows(ctx).load(patientId)
  const auth: Authorized = await authorizeRows(ctx, patientId, all, purpose, { deniedIds: [] })
  const byKey = new Map<string, PermittedRow>(auth.permitted.map((p) => [`${p.row.recordId}@${p.row.version}`, p]))
  return {
    rows: auth.permitted.map((p) => p.row),
    served: async (served) => {
      const picked = served.map((r) => byKey.get(`${r.recordId}@${r.version}`)).filter((p): p is PermittedRow => p !== undefined)
      if (picked.length > 0) await logReads(ctx, patientId, purpose, auth, picked)
    }
  }
}
