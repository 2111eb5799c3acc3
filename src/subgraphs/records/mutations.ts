import { assertResource } from '../../core/fhir/metadata.ts'
import { makeError } from '../../core/errors.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import { actorOf } from '../context.ts'
import type { SubgraphContext } from '../context.ts'
import type { MutationResolvers } from './resolvers-types.generated.ts'
import { forbidden, signedIn } from './access.ts'
import { logAccess } from './audit.ts'
import { dataOf } from './data.ts'
import { eraseRecord } from './erase.ts'
import { patientKey } from './patient-keys.ts'
import { isPatientThemself, mayWrite, writesForAnyone } from './policy.ts'
import { isSelfReportRow, looksLikeSelfReport, PATIENT_OWNED_TYPES } from './clinical/patient-owned.ts'
import { recordBodies, recordVersions } from './record-loaders.ts'

export const Mutation: MutationResolvers = {
  /**
   * Writes a new record for a patient (the patient themself, a practitioner, or an API key with
   * RECORDS_WRITE). The resource is stored as given (subject/patient references included). The answer's
   * anchor has no block until the next seal (about a second).
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (logged); BAD_INPUT when `fhir` is not a FHIR resource;
   *   NOT_FOUND for an unregistered patient
   */
  createRecord: async (_parent, { patientId, fhir }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    if (!mayWrite(viewer, patientId)) {
      await logAccess(ctx, { subject: patientId, recordIds: [], decision: 'deny' })
      throw forbidden()
    }
    notAsPatient(viewer, patientId, fhir)
    return write(ctx, patientId, fhir)
  },

  /**
   * Writes the next version of a record (same writers as createRecord); earlier versions stay readable.
   * Only callers who may write for any patient learn that an id is unknown (NOT_FOUND); to anyone else an
   * unknown id and another patient's record both read FORBIDDEN.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (logged when the record exists); NOT_FOUND;
   *   BAD_INPUT when `fhir` is not a FHIR resource
   */
  amendRecord: async (_parent, { id, fhir }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const latest = (await recordVersions(ctx).load(id)).at(-1)
    if (latest === undefined) throw writesForAnyone(viewer) ? makeError('no such record', 'NOT_FOUND') : forbidden()
    if (!mayWrite(viewer, latest.patientId)) {
      await logAccess(ctx, { subject: latest.patientId, recordIds: [id], decision: 'deny' })
      throw forbidden()
    }
    notAsPatient(viewer, latest.patientId, fhir)
    // Nobody but the patient writes over their basic information or self-report (issue 5 review).
    if (!isPatientThemself(viewer, latest.patientId) && (PATIENT_OWNED_TYPES.has(latest.resourceType) || await isSelfReportRow(ctx, latest))) {
      await logAccess(ctx, { subject: latest.patientId, recordIds: [id], decision: 'deny' })
      throw forbidden()
    }
    return write(ctx, latest.patientId, fhir, id)
  },

  eraseRecord
}

/**
 * A self-report is the patient's own words, and their Patient record the basic information everyone else is
 * shown (Patient.basicInfo reads the newest): anyone else writing one would forge it. Hospitals bring
 * demographics in through import.
 * @throws MedledgerError BAD_INPUT when someone but the patient sends a Patient, Consent or self-report resource
 */
function notAsPatient (viewer: Parameters<typeof isPatientThemself>[0], patientId: string, fhir: unknown): void {
  if (isPatientThemself(viewer, patientId)) return
  if (looksLikeSelfReport(fhir)) throw makeError('a self-report is written by the patient (writeSelfReport)', 'BAD_INPUT')
  const type = (fhir as { resourceType?: unknown } | null)?.resourceType
  if (typeof type === 'string' && PATIENT_OWNED_TYPES.has(type)) throw makeError('this resource type is written by the patient', 'BAD_INPUT')
}

async function write (ctx: SubgraphContext, patientId: string, fhir: unknown, recordId?: string): Promise<RecordRow> {
  assertResource(fhir)
  const patient = patientKey(ctx.services, patientId)
  const input = recordId === undefined ? { patient, resource: fhir } : { patient, resource: fhir, recordId }
  const [row] = await dataOf(ctx.services).spine.write([input], { actor: actorOf(ctx.viewer) })
  // What this request reads next must see the new version; the writer gets back what it sent, not decrypted again.
  recordVersions(ctx).clear(row!.recordId)
  recordBodies(ctx).prime(row!, fhir)
  return row!
}
