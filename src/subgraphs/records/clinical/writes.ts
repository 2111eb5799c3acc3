/**
 * Writing clinical records: the patient's self-reports (writeSelfReport) and a treating practitioner's
 * records (writeTreatmentRecord). Both go through the spine and are versioned (a `recordId` writes the next
 * version; earlier ones stay readable through HealthRecord.history).
 */
import { makeError } from '../../../core/errors.ts'
import { assertResource, resourceMetadata } from '../../../core/fhir/metadata.ts'
import { selfReportKindOf, selfReportResource } from '../../../core/health/clinical/index.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import { grantsLoader } from '../../consent/grants-loader.ts'
import type { SubgraphContext } from '../../context.ts'
import type { MutationResolvers } from '../resolvers-types.generated.ts'
import { forbidden, signedIn } from '../access.ts'
import { logAccess } from '../audit.ts'
import { decideRead } from '../policy.ts'
import { recordBodies, recordVersions } from '../record-loaders.ts'
import { isSelfReportRow, PATIENT_OWNED_TYPES } from './patient-owned.ts'
import { writeRecord } from './write.ts'


export const ClinicalMutation: Pick<MutationResolvers, 'writeSelfReport' | 'writeTreatmentRecord'> = {
  /**
   * The patient writes a self-report, condition description or evaluation as a QuestionnaireResponse they
   * author; `recordId` amends one of their earlier self-reports.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for anyone but a registered patient, or a `recordId`
   *   that is not one of their self-reports; BAD_INPUT (see selfReportResource)
   */
  writeSelfReport: async (_parent, { input }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const patientId = viewer.kind === 'account' ? viewer.patientId : undefined
    if (patientId === undefined) throw forbidden()
    const resource = selfReportResource(patientId, input, ctx.services.clock.now())
    const recordId = input.recordId ?? undefined
    if (recordId !== undefined) {
      const latest = (await recordVersions(ctx).load(recordId)).at(-1)
      if (latest === undefined || latest.patientId !== patientId || latest.resourceType !== 'QuestionnaireResponse') throw forbidden()
      if (selfReportKindOf(await recordBodies(ctx).load(latest)) === undefined) throw forbidden()
    }
    return writeRecord(ctx, patientId, resource, recordId)
  },

  /**
   * A practitioner writes (or, with `recordId`, amends) a record for a patient they treat: the patient's
   * consent must let them read such a record (its type, codes and date) for TREAT (or ETREAT, under an aid
   * contract). Anyone else — a doctor
   * without such a grant, an admin, another patient — gets FORBIDDEN, and the attempt is logged.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (logged); BAD_INPUT for a non-resource or what the
   *   patient owns (Patient, Consent, a self-report); NOT_FOUND for an unregistered patient
   */
  writeTreatmentRecord: async (_parent, { patientId, fhir, recordId }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    assertResource(fhir)
    // A self-report is the patient's own words: nobody else may write one in their name.
    if (PATIENT_OWNED_TYPES.has(fhir.resourceType) || selfReportKindOf(fhir) !== undefined) throw makeError('this resource type is written by the patient', 'BAD_INPUT')
    const id = recordId ?? undefined
    const deny = async (): Promise<never> => {
      await logAccess(ctx, { subject: patientId, recordIds: id === undefined ? [] : [id], decision: 'deny', purpose: 'TREAT' })
      throw forbidden()
    }
    if (viewer.kind !== 'account' || !viewer.roles.includes('PRACTITIONER')) return deny()
    if (id !== undefined) {
      const latest = (await recordVersions(ctx).load(id)).at(-1)
      if (latest === undefined || latest.patientId !== patientId) return deny()
      // A new version replaces what readers see: the doctor may amend only a record their grant lets them
      // read for TREAT, and never one the patient owns (their Patient or Consent record, a self-report).
      if (!await mayRead(ctx, latest) || PATIENT_OWNED_TYPES.has(latest.resourceType) || await isSelfReportRow(ctx, latest)) return deny()
    }
    if (!await treats(ctx, patientId, fhir, id)) return deny()
    return writeRecord(ctx, patientId, fhir, id)
  }
}

/**
 * Purposes a practitioner writes under: treatment, and emergency treatment under an aid contract (whose grant
 * is ETREAT only).
 */
const WRITE_PURPOSES = ['TREAT', 'ETREAT'] as const

/** True when the patient's consent lets the viewer read the existing version `row` for TREAT or ETREAT. */
export async function mayRead (ctx: SubgraphContext, row: RecordRow): Promise<boolean> {
  const grants = (await grantsLoader(ctx).load(row.patientId)).map((g) => g.grant)
  const time = ctx.services.clock.now()
  return WRITE_PURPOSES.some((purpose) => decideRead(ctx.viewer, row, { purpose, time, grants }).permit)
}

/** True when the patient's consent lets the viewer read, for TREAT or ETREAT, a record like the one being written. */
export async function treats (ctx: SubgraphContext, patientId: string, resource: Parameters<typeof resourceMetadata>[0], recordId?: string): Promise<boolean> {
  const meta = resourceMetadata(resource)
  return mayRead(ctx, {
    recordId: recordId ?? 'new', version: 0, patientId, resourceType: meta.resourceType, cid: '', entryIndex: -1, actor: '', anchoredAt: 0,
    codes: meta.codes, ...(meta.effective === undefined ? {} : { effective: meta.effective })
  })
}
