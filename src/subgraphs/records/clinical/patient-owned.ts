/**
 * What only the patient writes: their self-reports (their own words) and, through the clinical mutations, their
 * Patient and Consent records. Others may neither forge a self-report nor write a new version over one — a
 * version replaces what readers see as the latest, so an amendment by someone else would put words in the
 * patient's mouth (a review finding).
 */
import { selfReportKindOf } from '../../../core/health/clinical/index.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import type { FhirResource } from '../../../core/fhir/metadata.ts'
import type { SubgraphContext, Viewer } from '../../context.ts'
import { isPatientThemself } from '../policy.ts'
import { recordBodies } from '../record-loaders.ts'

/** Resource types a practitioner may not write for a patient: their identity and their consents are theirs. */
export const PATIENT_OWNED_TYPES: ReadonlySet<string> = new Set(['Patient', 'Consent'])

/** True when `resource` is shaped as a patient's self-report (a QuestionnaireResponse of medledger's self-report questionnaires). */
export function looksLikeSelfReport (resource: unknown): boolean {
  if (typeof resource !== 'object' || resource === null) return false
  const r = resource as { resourceType?: unknown }
  return r.resourceType === 'QuestionnaireResponse' && selfReportKindOf(resource as Parameters<typeof selfReportKindOf>[0]) !== undefined
}

/** True when a record version is a self-report (decrypts it through the request's body loader only when it may be one). */
export async function isSelfReportRow (ctx: SubgraphContext, row: RecordRow): Promise<boolean> {
  if (row.resourceType !== 'QuestionnaireResponse') return false
  return looksLikeSelfReport(await recordBodies(ctx).load(row))
}

/**
 * True when `row` is a Patient record (basic information) read by someone other than its patient. Its fields
 * are shown per purpose by Patient.basicInfo only (core/health/clinical/basic-info.ts); every generic path —
 * HealthRecord.fhir and .effective (the index's date of a Patient is the birth date), HealthRecord.clinical —
 * shows such a reader the resource type alone, or the per-field policy would be bypassed (a review finding).
 */
export function shieldsPatientRecord (viewer: Viewer, row: RecordRow): boolean {
  return row.resourceType === 'Patient' && !isPatientThemself(viewer, row.patientId)
}

/** The body a shielded Patient record shows. */
export function patientRecordStub (): FhirResource {
  return { resourceType: 'Patient' }
}
