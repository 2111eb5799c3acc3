/**
 * Patient.timeline (vertical), Patient.snapshot (horizontal) and Patient.contraindications: each one index
 * query (latest versions, metadata only), consent per record, then ONE decryption batch of only the rows the
 * view needs (picked from resource type, codes and dates), the served rows audited like any other read.
 */
import { makeError } from '../../../core/errors.ts'
import {
  allergyActiveAt, conditionActiveAt, contraindicationReport, encounterOpenAt, medicationCurrentAt, newestOf, planContraindications,
  planSnapshot, timelineCandidates, viewHasCode
} from '../../../core/health/clinical/index.ts'
import type { AllergyView, ConditionView, MedicationView } from '../../../core/health/clinical/index.ts'
import type { PatientResolvers } from '../resolvers-types.generated.ts'
import type { CurrentMedication } from '../../../core/health/clinical/index.ts'
import type { ViewedRecord } from './model.ts'
import { viewRows } from './patient-rows.ts'
import { openClinicalRead } from './read.ts'

/** The largest timeline served. */
export const MAX_TIMELINE = 500
/** The most codes a timeline filters on (each row is matched against each). */
export const MAX_TIMELINE_CODES = 50
/**
 * The most records of one section a snapshot or the contraindication report decrypts (the newest): without a
 * bound, anyone who may write for a patient could make every view of theirs decrypt without limit (review fix).
 */
export const MAX_SECTION = 500

type Of<K extends ViewedRecord['kind']> = Extract<ViewedRecord, { kind: K }>
const isKind = <K extends ViewedRecord['kind']>(kind: K) => (v: ViewedRecord): v is Of<K> => v.kind === kind

export const ClinicalPatient: Pick<PatientResolvers, 'timeline' | 'snapshot' | 'contraindications'> = {
  /**
   * Vertical view: records of one kind over time, oldest first (the newest `first` of them).
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged); BAD_INPUT for an unparsable date,
   *   `from` after `to`, `first` outside 0…500, or more than {@link MAX_TIMELINE_CODES} codes
   */
  timeline: async (patient, { kind, codes, from, to, first, purpose }, ctx) => {
    const size = first ?? 200
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_TIMELINE) throw makeError(`first must be between 0 and ${MAX_TIMELINE}`, 'BAD_INPUT')
    if (codes != null && codes.length > MAX_TIMELINE_CODES) throw makeError(`at most ${MAX_TIMELINE_CODES} codes`, 'BAD_INPUT')
    const bounds = { from: time('from', from), to: time('to', to) }
    const read = await openClinicalRead(ctx, patient.id, purpose ?? 'TREAT')
    let candidates
    try {
      candidates = timelineCandidates(read.rows, { kind, ...(codes == null ? {} : { codes }), ...defined(bounds) })
    } catch (err) {
      if (err instanceof RangeError) throw makeError('from must not be after to', 'BAD_INPUT')
      throw err
    }
    const picked = size === 0 ? [] : candidates.slice(-size)
    const views = (await viewRows(ctx, picked)).filter((v) => viewHasCode(v, codes ?? undefined))
    await read.served(views.map((v) => v.row))
    return views
  },

  /**
   * Horizontal view at `at` (default now): active conditions, allergies, current medication, the latest result
   * of each observation code, open encounters — of what the caller may read; at most {@link MAX_SECTION} (the
   * newest) of each section are decrypted.
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged); BAD_INPUT for an unparsable `at`
   */
  snapshot: async (patient, { at, purpose }, ctx) => {
    const when = time('at', at) ?? ctx.services.clock.now()
    const read = await openClinicalRead(ctx, patient.id, purpose ?? 'TREAT')
    const plan = planSnapshot(read.rows, when)
    const views = await viewRows(ctx, [plan.conditions, plan.allergies, plan.medications, plan.observations, plan.encounters].flatMap((rows) => newestOf(rows, MAX_SECTION)))
    const out = {
      at: new Date(when).toISOString(),
      activeConditions: views.filter(isKind('CONDITION')).filter((v) => conditionActiveAt(v, when)),
      allergies: views.filter(isKind('ALLERGY')).filter((v) => allergyActiveAt(v, when)),
      currentMedications: views.filter(isKind('MEDICATION')).filter((v) => medicationCurrentAt(v, when)),
      latestObservations: views.filter(isKind('OBSERVATION')),
      openEncounters: views.filter(isKind('ENCOUNTER')).filter((v) => encounterOpenAt(v, when))
    }
    await read.served([...out.activeConditions, ...out.allergies, ...out.currentMedications, ...out.latestObservations, ...out.openEncounters].map((v) => v.row))
    return out
  },

  /**
   * Contraindications now: active allergies, drug classes to avoid for active conditions and allergies, and
   * interactions of current medications. Decrypts only allergies, conditions a rule names and the latest
   * record of each drug — at most {@link MAX_SECTION} (the newest) of each.
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged)
   */
  contraindications: async (patient, { purpose }, ctx) => {
    const now = ctx.services.clock.now()
    const read = await openClinicalRead(ctx, patient.id, purpose ?? 'TREAT')
    const plan = planContraindications(read.rows)
    const views = await viewRows(ctx, [plan.allergies, plan.conditions, plan.medications].flatMap((rows) => newestOf(rows, MAX_SECTION)))
    const viewed = <V>(v: ViewedRecord & V): { row: ViewedRecord, view: V } => ({ row: v, view: v })
    const report = contraindicationReport<ViewedRecord>({
      allergies: views.filter(isKind('ALLERGY')).map((v) => viewed<AllergyView>(v)),
      conditions: views.filter(isKind('CONDITION')).map((v) => viewed<ConditionView>(v)),
      medications: views.filter(isKind('MEDICATION')).map((v) => viewed<MedicationView>(v)),
      at: now
    })
    const meds = (ms: ReadonlyArray<CurrentMedication<ViewedRecord>>): ViewedRecord[] => ms.map((m) => m.row)
    const out = {
      allergies: report.allergies.map((a) => a.row),
      currentMedications: meds(report.currentMedications),
      drugContraindications: report.drugContraindications.map((d) => ({ rule: d.rule, drugClass: d.drugClass, condition: d.condition.row, conflictingMedications: meds(d.conflicting), unverified: d.unverified })),
      allergyConflicts: report.allergyConflicts.map((a) => ({ allergy: a.allergy.row, drugClass: a.drugClass ?? null, conflictingMedications: meds(a.conflicting), unverified: a.unverified })),
      interactions: report.interactions.map((i) => ({ rule: i.rule, medications: [i.a.row, i.b.row], unverified: i.unverified }))
    }
    const served = new Set([...out.allergies, ...out.currentMedications, ...out.drugContraindications.map((d) => d.condition)])
    await read.served([...served].map((v) => v.row))
    return out
  }
}

/** Resolvers of the contraindication report's rule-carrying types. */
export const ContraindicationFields = {
  DrugContraindication: {
    severity: (d: { rule: { severity: 'ABSOLUTE' | 'RELATIVE' } }) => d.rule.severity,
    note: (d: { rule: { note: string } }) => d.rule.note,
    source: (d: { rule: { source: string } }) => d.rule.source
  },
  DrugInteraction: {
    severity: (d: { rule: { severity: 'MAJOR' | 'MODERATE' | 'MINOR' } }) => d.rule.severity,
    note: (d: { rule: { note: string } }) => d.rule.note,
    source: (d: { rule: { source: string } }) => d.rule.source
  }
}

function time (name: string, v: string | null | undefined): number | undefined {
  if (v === null || v === undefined) return undefined
  const t = Date.parse(v)
  if (Number.isNaN(t)) throw makeError(`${name} must be an ISO 8601 date-time`, 'BAD_INPUT')
  return t
}

function defined<T extends Record<string, unknown>> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
