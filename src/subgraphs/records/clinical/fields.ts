/**
 * Resolvers of the ClinicalRecord types. The parent is a {@link ViewedRecord}: the typed view's fields are read
 * by GraphQL's default resolvers; only what comes from the row, the resource or a renamed field is here.
 */
import { classesOfIngredients, clinicalView, ingredientsOf, selfReportKindOf } from '../../../core/health/clinical/index.ts'
import type { ClinicalRecordResolvers, HealthRecordResolvers, Resolvers } from '../resolvers-types.generated.ts'
import { recordBodies } from '../record-loaders.ts'
import type { ViewedRecord } from './model.ts'
import { patientRecordStub, shieldsPatientRecord } from './patient-owned.ts'

/** The GraphQL type of each view kind. */
const TYPE_OF = {
  ENCOUNTER: 'EncounterRecord',
  CONDITION: 'ConditionRecord',
  ALLERGY: 'AllergyRecord',
  PROCEDURE: 'ProcedureRecord',
  OBSERVATION: 'ObservationRecord',
  DIAGNOSTIC_REPORT: 'DiagnosticReportRecord',
  MEDICATION: 'MedicationRecord',
  CARE_PLAN: 'CarePlanRecord',
  IMMUNIZATION: 'ImmunizationRecord',
  QUESTIONNAIRE_RESPONSE: 'QuestionnaireResponseRecord',
  OTHER: 'OtherClinicalRecord'
} as const

const common = {
  id: (v: ViewedRecord) => v.row.recordId,
  version: (v: ViewedRecord) => v.row.version,
  fhir: (v: ViewedRecord) => v.resource,
  record: (v: ViewedRecord) => v.row
}

export const ClinicalRecord: ClinicalRecordResolvers = {
  __resolveType: (v) => TYPE_OF[v.kind]
}

export const clinicalTypes: Pick<Resolvers, typeof TYPE_OF[keyof typeof TYPE_OF]> = {
  EncounterRecord: common,
  ConditionRecord: common,
  AllergyRecord: common,
  ProcedureRecord: common,
  ObservationRecord: common,
  DiagnosticReportRecord: common,
  MedicationRecord: {
    ...common,
    medication: (v) => v.code ?? null,
    ingredients: (v) => ingredientsOf(v.codes).map((i) => ({ ...i, rxnorm: i.rxnorm ?? null })),
    drugClasses: (v) => classesOfIngredients(ingredientsOf(v.codes))
  },
  CarePlanRecord: common,
  ImmunizationRecord: { ...common, vaccine: (v) => v.code ?? null },
  QuestionnaireResponseRecord: { ...common, selfReportKind: (v) => selfReportKindOf(v.resource) ?? null },
  OtherClinicalRecord: common
}

/** HealthRecord.clinical: the typed view of a version (decrypted through the request's body loader). */
export const ClinicalHealthRecord: Pick<HealthRecordResolvers, 'clinical'> = {
  clinical: async (row, _args, ctx) => {
    // a Patient record shows its fields to others only through basicInfo(purpose)
    const resource = shieldsPatientRecord(ctx.viewer, row) ? patientRecordStub() : await recordBodies(ctx).load(row)
    return { ...clinicalView(resource), row, resource }
  }
}
