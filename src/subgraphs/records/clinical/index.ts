/**
 * Clinical views of the records subgraph (platform 1): typed ClinicalRecord views, Patient.basicInfo,
 * timeline, snapshot and contraindications, and the self-report and treatment-record writes. Pure logic in
 * src/core/health/clinical.
 */
import { BasicInfo, BasicInfoMutation, BasicInfoPatient } from './basic-info.ts'
import { ClinicalHealthRecord, ClinicalRecord, clinicalTypes } from './fields.ts'
import { ClinicalPatient, ContraindicationFields } from './views.ts'
import { ClinicalMutation } from './writes.ts'

/** Fields merged into the subgraph's Patient resolvers. */
export const ClinicalPatientFields = { ...BasicInfoPatient, ...ClinicalPatient }
/** Fields merged into the subgraph's Mutation resolvers. */
export const ClinicalMutations = { ...BasicInfoMutation, ...ClinicalMutation }
/** Fields merged into HealthRecord. */
export { ClinicalHealthRecord }
/** The clinical types' own resolvers. */
export const clinicalResolvers = { ClinicalRecord, ...clinicalTypes, BasicInfo, ...ContraindicationFields }
