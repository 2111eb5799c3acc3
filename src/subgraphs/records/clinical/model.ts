/** What the clinical resolvers pass around as parents (codegen.yml maps the GraphQL types here). */
import type { ClinicalView } from '../../../core/health/clinical/index.ts'
import type { BasicInfo, BasicInfoField, ConditionRule, DrugClass, InteractionRule } from '../../../core/health/clinical/index.ts'
import type { FhirResource } from '../../../core/fhir/metadata.ts'
import type { RecordRow } from '../../../ports/record-index.ts'

/**
 * A decrypted record version: its typed view's fields (so GraphQL's default resolvers read them) plus the
 * index row and the resource. The parent of every ClinicalRecord type.
 */
export type ViewedRecord = ClinicalView & {
  row: RecordRow
  resource: FhirResource
}

export interface SnapshotOut {
  at: string
  activeConditions: ViewedRecord[]
  allergies: ViewedRecord[]
  currentMedications: ViewedRecord[]
  latestObservations: ViewedRecord[]
  openEncounters: ViewedRecord[]
}

export interface DrugContraindicationOut {
  rule: ConditionRule
  drugClass: DrugClass
  condition: ViewedRecord
  conflictingMedications: ViewedRecord[]
  unverified: boolean
}

export interface AllergyConflictOut {
  allergy: ViewedRecord
  drugClass: DrugClass | null
  conflictingMedications: ViewedRecord[]
  unverified: boolean
}

export interface DrugInteractionOut {
  rule: InteractionRule
  medications: ViewedRecord[]
  unverified: boolean
}

export interface ContraindicationsOut {
  allergies: ViewedRecord[]
  drugContraindications: DrugContraindicationOut[]
  allergyConflicts: AllergyConflictOut[]
  interactions: DrugInteractionOut[]
  currentMedications: ViewedRecord[]
}

/** Basic information as read, with the fields this reader may see. */
export interface BasicInfoSource {
  row: RecordRow
  info: BasicInfo
  visible: readonly BasicInfoField[]
}
