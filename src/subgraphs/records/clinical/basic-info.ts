/**
 * Patient.basicInfo and setBasicInfo: the patient's basic information lives in their Patient record (the most
 * recently written one), encrypted to their key by the spine and versioned; each field resolves only for the
 * readers core/health/clinical/basic-info.ts lets see it.
 */
import { applyBasicInfo, basicInfoOf, visibleFields } from '../../../core/health/clinical/index.ts'
import type { BasicInfoField, BasicInfoInput } from '../../../core/health/clinical/index.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import type { BasicInfoResolvers, MutationResolvers, PatientResolvers } from '../resolvers-types.generated.ts'
import { authorizeRows, forbidden, logReads, signedIn } from '../access.ts'
import { isPatientThemself } from '../policy.ts'
import { recordBodies } from '../record-loaders.ts'
import type { BasicInfoSource } from './model.ts'
import { patientRows } from './patient-rows.ts'
import { writeRecord } from './write.ts'

/** The patient's current basic-information record: their most recently written Patient record. */
function basicInfoRow (rows: readonly RecordRow[]): RecordRow | undefined {
  return rows.filter((r) => r.resourceType === 'Patient').sort((a, b) => b.entryIndex - a.entryIndex)[0]
}

export const BasicInfoPatient: Pick<PatientResolvers, 'basicInfo'> = {
  /**
   * The patient's basic information (null when none is set), through consent for `purpose`.
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged) for anyone else without a grant
   *   covering the Patient record (also when there is none, so its existence does not leak)
   */
  basicInfo: async (patient, { purpose }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const p = purpose ?? 'TREAT'
    const own = isPatientThemself(viewer, patient.id)
    const row = basicInfoRow(await patientRows(ctx).load(patient.id))
    if (row === undefined && own) return null
    const auth = await authorizeRows(ctx, patient.id, row === undefined ? [] : [row], p)
    const resource = await recordBodies(ctx).load(row!)
    await logReads(ctx, patient.id, p, auth, auth.permitted)
    return { row: row!, info: basicInfoOf(resource), visible: visibleFields(own, p) }
  }
}

/**
 * A field the reader may not see for this purpose reads as null, without an error (an error beside
 * partial data makes Apollo Client's default error policy drop the whole result); `visibleFields` says which
 * fields were shared, so a null outside it means "not shared", inside it "not set".
 */
function guard<T> (field: BasicInfoField, read: (s: BasicInfoSource) => T): (s: BasicInfoSource) => T | null {
  return (s) => s.visible.includes(field) ? read(s) : null
}

export const BasicInfo: BasicInfoResolvers = {
  recordId: (s) => s.row.recordId,
  version: (s) => s.row.version,
  visibleFields: (s) => [...s.visible],
  identifiers: guard('IDENTIFIERS', (s) => s.info.identifiers),
  name: guard('NAME', (s) => s.info.name ?? null),
  sex: guard('SEX', (s) => s.info.sex ?? null),
  birthDate: guard('BIRTH_DATE', (s) => s.info.birthDate ?? null),
  ethnicity: guard('ETHNICITY', (s) => s.info.ethnicity ?? null),
  nativePlace: guard('NATIVE_PLACE', (s) => s.info.nativePlace ?? null),
  address: guard('ADDRESS', (s) => s.info.address ?? null)
}

export const BasicInfoMutation: Pick<MutationResolvers, 'setBasicInfo'> = {
  /**
   * The patient sets their basic information: the next version of their Patient record (the first call
   * creates it). Fields left out keep their value.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for a caller who is not a registered patient;
   *   BAD_INPUT for an invalid field
   */
  setBasicInfo: async (_parent, { input }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const patientId = viewer.kind === 'account' ? viewer.patientId : undefined
    // Nobody's data is touched: there is no subject to log a denial against.
    if (patientId === undefined) throw forbidden()
    const previousRow = basicInfoRow(await patientRows(ctx).load(patientId))
    const previous = previousRow === undefined ? undefined : await recordBodies(ctx).load(previousRow)
    const today = new Date(ctx.services.clock.now()).toISOString().slice(0, 10)
    const next = applyBasicInfo(previous, input as BasicInfoInput, patientId, today)
    const row = await writeRecord(ctx, patientId, next, previousRow?.recordId)
    return { row, info: basicInfoOf(next), visible: visibleFields(true, 'TREAT') }
  }
}
