import { makeError } from '../../core/errors.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import type { PatientResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { authorizeRead, checkRead, forbidden, signedIn } from './access.ts'
import { logAccess } from './audit.ts'
import { cursorOffset, offsetCursor } from './cursor.ts'
import { dataOf } from './data.ts'
import { recordVersions } from './record-loaders.ts'

/** The largest page Patient.records serves. */
export const MAX_PAGE = 100

export const Query: QueryResolvers = {
  /**
   * A record version, through the read policy. An unknown id reads FORBIDDEN like another patient's record,
   * so the answer never tells whether a record exists (it is not logged: it has no subject).
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (denied or unknown id); NOT_FOUND for a version the
   *   permitted reader asks for that does not exist
   */
  record: async (_parent, { id, version }, ctx) => {
    signedIn(ctx.viewer)
    const versions = await recordVersions(ctx).load(id)
    const latest = versions[versions.length - 1]
    if (latest === undefined) throw forbidden()
    await authorizeRead(ctx, latest.patientId, [id])
    const row = version === null || version === undefined ? latest : versions.find((v) => v.version === version)
    if (row === undefined) throw makeError('no such version of this record', 'NOT_FOUND')
    return row
  }
}

export const Patient: PatientResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  /**
   * The patient's records (latest version of each), newest `effective` first, `first` at a time after the
   * opaque cursor `after`. One index query per call; it reads the patient's whole list to count it, which is
   * fine for the record counts of one person (an indexed COUNT plus OFFSET query is the next step).
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (logged) for anyone the policy denies; BAD_INPUT for
   *   `first` outside 0…100 or a foreign cursor
   */
  records: async (patient, { first, after, resourceType }, ctx) => {
    const logged = await checkRead(ctx, patient.id, [])
    const size = first ?? 20
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_PAGE) throw makeError(`first must be between 0 and ${MAX_PAGE}`, 'BAD_INPUT')
    const start = after === null || after === undefined ? 0 : cursorOffset(after) + 1
    const query = resourceType === null || resourceType === undefined ? {} : { resourceType }
    const all: RecordRow[] = dataOf(ctx.services).index.byPatient(patient.id, query)
    const page = all.slice(start, start + size)
    if (logged) await logAccess(ctx, { subject: patient.id, recordIds: page.map((r) => r.recordId), decision: 'permit' })
    const edges = page.map((node, i) => ({ cursor: offsetCursor(start + i), node }))
    return {
      edges,
      totalCount: all.length,
      pageInfo: { hasNextPage: start + size < all.length, endCursor: edges[edges.length - 1]?.cursor ?? null }
    }
  }
}
