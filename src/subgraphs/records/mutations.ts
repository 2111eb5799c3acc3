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
import { mayRead, treats } from './clinical/writes.ts'

export const Mutation: MutationResolvers = {
  /**
   * Writes a new record for a patient (the patient themself, a practitioner, or an API key with
   * RECORDS_WRITE). Adding a record discloses nothing and is attributed (author, ledger entry); replacing
   * one is amendRecord's stricter rule. The resource is stored as given (subject/patient references
   * included). The answer's anchor has no block until the next seal (about a second).
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
   * Writes the next version of a record (same writers as createRecord); earlier versions stay readable. A new
   * version replaces what every reader sees, so a practitioner amends only the version they wrote themself, or
   * one the patient's consent lets them read for TREAT or ETREAT (as writeTreatmentRecord): a doctor with no
   * relation cannot amend away an allergy someone else recorded.
   * Only callers who may write for any patient learn that an id is unknown (NOT_FOUND); to anyone else an
   * unknown id and another patient's record both read FORBIDDEN.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (logged when the record exists); NOT_FOUND;
   *   BAD_INPUT when `fhir` is not a FHIR resource
   */
  amendRecord: async (_parent, { id, fhir }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const latest = (await recordVersions(ctx).load(id)).at(-1)
    if (latest === undefined) throw writesForAnyone(viewer) ? makeError('no such record', 'NOT_FOUND') : forbidden()
    const deny = async (): Promise<never> => {
      await logAccess(ctx, { subject: latest.patientId, recordIds: [id], decision: 'deny' })
      throw forbidden()
    }
    if (!mayWrite(viewer, latest.patientId)) return deny()
    notAsPatient(viewer, latest.patientId, fhir)
    // Nobody but the patient writes over their basic information or self-report (a review finding).
    if (!isPatientThemself(viewer, latest.patientId) && (PATIENT_OWNED_TYPES.has(latest.resourceType) || await isSelfReportRow(ctx, latest))) return deny()
    assertResource(fhir)
    if (practitionerForOthers(viewer, latest.patientId) && latest.actor !== actorOf(viewer) && !(await mayRead(ctx, latest) && await treats(ctx, latest.patientId, fhir, id))) return deny()
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

/**
 * A signed-in account writing for someone else: a practitioner. (API keys are a hospital's own systems: what
 * they amend is the hospital's record.)
 */
function practitionerForOthers (viewer: Parameters<typeof isPatientThemself>[0], patientId: string): boolean {
  return viewer.kind === 'account' && !isPatientThemself(viewer, patientId)
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
