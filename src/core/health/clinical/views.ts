/**
 * Typed views of FHIR R4 resources: the fields a frontend needs (codes with display text, dates, values with
 * units, status) read out of the decrypted resource. One interface per resource family; `ClinicalView` is
 * their union, discriminated by `kind`. The raw resource stays available next to the view (HealthRecord.fhir).
 */
import type { Code, Period, Quantity } from './values.ts'

/** The families of records medledger gives a typed view, as the GraphQL `ClinicalKind` enum names them. */
export const CLINICAL_KINDS = [
  'ENCOUNTER', 'CONDITION', 'ALLERGY', 'PROCEDURE', 'OBSERVATION', 'DIAGNOSTIC_REPORT', 'MEDICATION', 'CARE_PLAN',
  'IMMUNIZATION', 'QUESTIONNAIRE_RESPONSE'
] as const
export type ClinicalKind = typeof CLINICAL_KINDS[number]

/** The FHIR resource types of each kind (medication covers requests and statements). */
export const KIND_RESOURCE_TYPES: Readonly<Record<ClinicalKind, readonly string[]>> = {
  ENCOUNTER: ['Encounter'],
  CONDITION: ['Condition'],
  ALLERGY: ['AllergyIntolerance'],
  PROCEDURE: ['Procedure'],
  OBSERVATION: ['Observation'],
  DIAGNOSTIC_REPORT: ['DiagnosticReport'],
  MEDICATION: ['MedicationRequest', 'MedicationStatement'],
  CARE_PLAN: ['CarePlan'],
  IMMUNIZATION: ['Immunization'],
  QUESTIONNAIRE_RESPONSE: ['QuestionnaireResponse']
}

/** The kind of a resource type, or undefined for types without a typed view (Claim, DocumentReference, …). */
export function kindOf (resourceType: string): ClinicalKind | undefined {
  return CLINICAL_KINDS.find((k) => KIND_RESOURCE_TYPES[k].includes(resourceType))
}

/** What every view has. */
export interface ViewBase {
  resourceType: string
  status?: string
  /** The main code (first coding of `code`, `vaccineCode`, `medicationCodeableConcept`, …). */
  code?: Code
  /** Every coding of the main code field. */
  codes: Code[]
  /** The clinically relevant date (the index's `effective`). */
  date?: string
}

export interface EncounterView extends ViewBase {
  kind: 'ENCOUNTER'
  /** Inpatient, ambulatory, emergency, … (v3 ActCode). */
  class?: Code
  types: Code[]
  serviceType?: Code
  period?: Period
  /** Where it happened (first location), the department when the hospital names one. */
  department?: string
  /** The organization responsible (serviceProvider). */
  hospital?: string
  reasons: Code[]
  participants: string[]
}

export interface ConditionView extends ViewBase {
  kind: 'CONDITION'
  clinicalStatus?: string
  verificationStatus?: string
  categories: Code[]
  severity?: Code
  onset?: string
  abatement?: string
  recordedDate?: string
  bodySites: Code[]
}

export interface AllergyReactionView {
  substance?: Code
  manifestations: Code[]
  severity?: string
  description?: string
}

export interface AllergyView extends ViewBase {
  kind: 'ALLERGY'
  clinicalStatus?: string
  verificationStatus?: string
  /** allergy | intolerance */
  type?: string
  /** food | medication | environment | biologic */
  categories: string[]
  /** low | high | unable-to-assess */
  criticality?: string
  onset?: string
  recordedDate?: string
  reactions: AllergyReactionView[]
}

export interface ProcedureView extends ViewBase {
  kind: 'PROCEDURE'
  performed?: Period
  reasons: Code[]
  bodySites: Code[]
  outcome?: Code
}

export interface ObservationValue {
  quantity?: Quantity
  code?: Code
  text?: string
  boolean?: boolean
}

export interface ObservationComponentView extends ObservationValue {
  code?: Code
  valueCode?: Code
}

export interface ObservationView extends ViewBase, Omit<ObservationValue, 'code'> {
  kind: 'OBSERVATION'
  categories: Code[]
  effective?: string
  issued?: string
  valueCode?: Code
  components: ObservationComponentView[]
  interpretation: Code[]
  referenceRange?: { low?: Quantity, high?: Quantity, text?: string }
}

export interface DiagnosticReportView extends ViewBase {
  kind: 'DIAGNOSTIC_REPORT'
  categories: Code[]
  effective?: string
  issued?: string
  conclusion?: string
  conclusionCodes: Code[]
  /** References (or displays) of the result Observations. */
  results: string[]
}

/** One dosage instruction: dose × frequency per period, for a duration. */
export interface DosageView {
  text?: string
  dose?: Quantity
  /** Times per `period` `periodUnit`. */
  frequency?: number
  period?: number
  /** s | min | h | d | wk | mo | a */
  periodUnit?: string
  /** Administrations per day, when frequency and period say it. */
  perDay?: number
  /** How long the course lasts, in days (timing bounds or the dispense's expected supply). */
  durationDays?: number
  asNeeded?: boolean
  route?: Code
}

export interface MedicationView extends ViewBase {
  kind: 'MEDICATION'
  /** order | plan | proposal … for a request; absent for a statement. */
  intent?: string
  /** When prescribed (authoredOn) or asserted. */
  authoredOn?: string
  effectivePeriod?: Period
  requester?: string
  reasons: Code[]
  dosage: DosageView[]
  /** Dispense request quantity (requests) */
  quantity?: Quantity
}

export interface CarePlanActivityView {
  code?: Code
  status?: string
  description?: string
  scheduled?: Period
}

export interface CarePlanView extends ViewBase {
  kind: 'CARE_PLAN'
  intent?: string
  title?: string
  description?: string
  categories: Code[]
  period?: Period
  /** The conditions it addresses (reference displays). */
  addresses: string[]
  activities: CarePlanActivityView[]
}

export interface ImmunizationView extends ViewBase {
  kind: 'IMMUNIZATION'
  occurrence?: string
  primarySource?: boolean
  lotNumber?: string
  site?: Code
  route?: Code
  doseQuantity?: Quantity
}

export interface QuestionnaireAnswerView {
  linkId: string
  text?: string
  valueString?: string
  valueNumber?: number
  valueBoolean?: boolean
  valueCode?: Code
  valueQuantity?: Quantity
  valueDate?: string
}

export interface QuestionnaireResponseView extends ViewBase {
  kind: 'QUESTIONNAIRE_RESPONSE'
  questionnaire?: string
  authored?: string
  author?: string
  source?: string
  /** Every answer, nested items flattened in document order. */
  answers: QuestionnaireAnswerView[]
}

/** Any other resource type: the base fields only. */
export interface OtherView extends ViewBase {
  kind: 'OTHER'
}

export type ClinicalView =
  | EncounterView | ConditionView | AllergyView | ProcedureView | ObservationView | DiagnosticReportView
  | MedicationView | CarePlanView | ImmunizationView | QuestionnaireResponseView | OtherView
