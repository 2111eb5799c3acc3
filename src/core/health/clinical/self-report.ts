/**
 * The patient's own words: a self-report of symptoms, a description of their condition, or an evaluation of
 * their state or treatment, written as a FHIR R4 QuestionnaireResponse
 * (https://hl7.org/fhir/R4/questionnaireresponse.html) with the patient as author and source. Pure: the
 * time is passed in.
 */
import { makeError } from '../../errors.ts'
import type { FhirResource } from '../../fhir/metadata.ts'

export const SELF_REPORT_KINDS = ['SYMPTOMS', 'CONDITION_DESCRIPTION', 'SELF_EVALUATION'] as const
export type SelfReportKind = typeof SELF_REPORT_KINDS[number]

/** The canonical URL of each kind's questionnaire (medledger's own; the response's `questionnaire`). */
export const SELF_REPORT_QUESTIONNAIRES: Readonly<Record<SelfReportKind, string>> = {
  SYMPTOMS: 'https://medledger.dev/fhir/Questionnaire/self-report-symptoms',
  CONDITION_DESCRIPTION: 'https://medledger.dev/fhir/Questionnaire/self-report-condition',
  SELF_EVALUATION: 'https://medledger.dev/fhir/Questionnaire/self-evaluation'
}

export interface SelfReportAnswer {
  question: string
  valueString?: string | null
  valueNumber?: number | null
  valueBoolean?: boolean | null
}

export interface SelfReportInput {
  kind: SelfReportKind
  /** The free text: what the patient reports, describes or evaluates. */
  text: string
  /** 0 (worst) … 10 (best): how the patient rates their state (self-evaluation) or the symptom's severity. */
  score?: number | null
  answers?: readonly SelfReportAnswer[] | null
  /** When the report is about (ISO 8601); default `now`. */
  at?: string | null
}

const MAX_TEXT = 4000
const MAX_ANSWERS = 50

/**
 * Builds the QuestionnaireResponse of a self-report by `patientId` at `now` (ms).
 * @throws MedledgerError BAD_INPUT for an unknown kind, empty or over-long text, a score outside 0…10, more
 *   than 50 answers, an answer without exactly one value, or a date that is malformed or in the future
 */
export function selfReportResource (patientId: string, input: SelfReportInput, now: number): FhirResource {
  if (!(SELF_REPORT_KINDS as readonly string[]).includes(input.kind)) throw makeError('unknown self-report kind', 'BAD_INPUT')
  const text = input.text.trim()
  if (text.length === 0 || text.length > MAX_TEXT) throw makeError(`text must have 1 to ${MAX_TEXT} characters`, 'BAD_INPUT')
  const at = input.at ?? new Date(now).toISOString()
  const t = Date.parse(at)
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(at)) throw makeError('at must be an ISO 8601 date-time', 'BAD_INPUT')
  if (t > now + 60_000) throw makeError('at must not be in the future', 'BAD_INPUT')
  const answers = input.answers ?? []
  if (answers.length > MAX_ANSWERS) throw makeError(`at most ${MAX_ANSWERS} answers`, 'BAD_INPUT')
  const item: Array<Record<string, unknown>> = [{ linkId: 'text', text: 'In your own words', answer: [{ valueString: text }] }]
  if (input.score !== undefined && input.score !== null) {
    if (!Number.isInteger(input.score) || input.score < 0 || input.score > 10) throw makeError('score must be an integer from 0 to 10', 'BAD_INPUT')
    item.push({ linkId: 'score', text: 'Score (0 worst, 10 best)', answer: [{ valueInteger: input.score }] })
  }
  answers.forEach((a, i) => {
    const question = a.question.trim()
    if (question.length === 0 || question.length > 500) throw makeError('a question must have 1 to 500 characters', 'BAD_INPUT')
    const values = [a.valueString, a.valueNumber, a.valueBoolean].filter((v) => v !== undefined && v !== null)
    if (values.length !== 1) throw makeError('each answer needs exactly one value', 'BAD_INPUT')
    let answer: Record<string, unknown>
    if (typeof a.valueString === 'string') {
      if (a.valueString.length > MAX_TEXT) throw makeError(`an answer has more than ${MAX_TEXT} characters`, 'BAD_INPUT')
      answer = { valueString: a.valueString }
    } else if (typeof a.valueNumber === 'number') {
      if (!Number.isFinite(a.valueNumber)) throw makeError('a number answer must be finite', 'BAD_INPUT')
      answer = { valueDecimal: a.valueNumber }
    } else answer = { valueBoolean: a.valueBoolean }
    item.push({ linkId: `q${i + 1}`, text: question, answer: [answer] })
  })
  const patient = { reference: `Patient/${patientId}` }
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: SELF_REPORT_QUESTIONNAIRES[input.kind],
    status: 'completed',
    subject: patient,
    authored: at,
    author: patient,
    source: patient,
    item
  }
}

/** The self-report kind of a QuestionnaireResponse, when it is one medledger wrote. */
export function selfReportKindOf (resource: FhirResource): SelfReportKind | undefined {
  return SELF_REPORT_KINDS.find((k) => SELF_REPORT_QUESTIONNAIRES[k] === resource.questionnaire)
}
