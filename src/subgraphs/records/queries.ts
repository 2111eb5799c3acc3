import { makeError } from '../../core/errors.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import { consentStore } from '../consent/store.ts'
import type { PatientResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { authorizeRows, consentRequired, logReads, signedIn } from './access.ts'
import { cursorOffset, offsetCursor } from './cursor.ts'
import { dataOf } from './data.ts'
import { isPatientThemself } from './policy.ts'
import { recordVersions } from './record-loaders.ts'

/** The largest page Patient.records serves. */
export const MAX_PAGE = 100

export const Query: QueryResolvers = {
  /**
   * A record version, through consent for `purpose` (default TREAT). An unknown id reads CONSENT_REQUIRED
   * like a denied one, so the answer never tells whether a record exists (it is not logged: it has no
   * subject); only its patient learns that an erased record is gone (NOT_FOUND).
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (denied, logged; or unknown id); NOT_FOUND for
   *   the patient's erased record, or a version the permitted reader asks for that does not exist
   */
  record: async (_parent, { id, version, purpose }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const versions = await recordVersions(ctx).load(id)
    const latest = versions[versions.length - 1]
    if (latest === undefined) {
      const erasedOf = await consentStore(ctx.services).erasedPatient(id)
      if (erasedOf !== undefined && isPatientThemself(viewer, erasedOf)) throw makeError('this record was erased', 'NOT_FOUND')
      throw consentRequired()
    }
    const p = purpose ?? 'TREAT'
    const row = version === null || version === undefined ? latest : versions.find((v) => v.version === version)
    const auth = await authorizeRows(ctx, latest.patientId, [row ?? latest], p)
    if (row === undefined) throw makeError('no such version of this record', 'NOT_FOUND')
    await logReads(ctx, latest.patientId, p, auth, auth.permitted)
    return row
  }
}

export const Patient: PatientResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  /**
   * The patient's records (latest version of each) the caller may read for `purpose`, newest `effective`
   * first, `first` at a time after the opaque cursor `after`; `totalCount` counts only those. One index query
   * and one grants batch per call; the records served are logged for anyone but the patient.
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged) when no record is permitted; BAD_INPUT
   *   for `first` outside 0…100 or a foreign cursor
   */
  records: async (patient, { first, after, resourceType, purpose }, ctx) => {
    signedIn(ctx.viewer)
    const size = first ?? 20
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_PAGE) throw makeError(`first must be between 0 and ${MAX_PAGE}`, 'BAD_INPUT')
    const start = after === null || after === undefined ? 0 : cursorOffset(after) + 1
    const p = purpose ?? 'TREAT'
    const query = resourceType === null || resourceType === undefined ? {} : { resourceType }
    const all: RecordRow[] = dataOf(ctx.services).index.byPatient(patient.id, query)
    const auth = await authorizeRows(ctx, patient.id, all, p, { deniedIds: [] })
    const page = auth.permitted.slice(start, start + size)
    await logReads(ctx, patient.id, p, auth, page)
    const edges = page.map((node, i) => ({ cursor: offsetCursor(start + i), node: node.row }))
    return {
      edges,
      totalCount: auth.permitted.length,
      pageInfo: { hasNextPage: start + size < auth.permitted.length, endCursor: edges[edges.length - 1]?.cursor ?? null }
    }
  }
}

