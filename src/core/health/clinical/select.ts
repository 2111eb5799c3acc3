/**
 * Which records a view needs, chosen from index metadata alone (resource type, codes, effective date), so a
 * view decrypts only what it shows; and, once decrypted, which of them hold at a given moment. Pure: `at`,
 * `from` and `to` are passed in (ms since epoch).
 */
import { KIND_RESOURCE_TYPES } from './views.ts'
import type { AllergyView, ClinicalKind, ClinicalView, ConditionView, EncounterView, MedicationView } from './views.ts'
import { instant } from './values.ts'

/** What the index knows of a record version (RecordRow satisfies it). */
export interface IndexedRecord {
  recordId: string
  resourceType: string
  /** `system|code` of the main codes. */
  codes: readonly string[]
  effective?: string
}

/**
 * LOINC panels whose components carry a code the index does not see (it keeps only the main code): asking
 * a timeline for systolic pressure (8480-6) must find the blood pressure panels that hold it as a component.
 * Source: LOINC 85354-9 "Blood pressure panel with all children optional" and 55284-4 "Blood pressure
 * systolic and diastolic" (loinc.org), which US Core vital signs and Synthea use.
 */
export const PANELS_BY_COMPONENT: Readonly<Record<string, readonly string[]>> = {
  '8480-6': ['85354-9', '55284-4'],
  '8462-4': ['85354-9', '55284-4']
}

/** How far back an encounter may have started and still be open at a snapshot (hospital stays are shorter). */
export const ENCOUNTER_LOOKBACK_DAYS = 366

const DAY = 86_400_000

/** True when an index code `system|code` is `wanted` (given as `system|code` or as a bare code). */
export function codeIs (indexCode: string, wanted: string): boolean {
  return indexCode === wanted || (!wanted.includes('|') && indexCode.slice(indexCode.indexOf('|') + 1) === wanted)
}

/** The wanted codes plus the panels that carry them as components. */
export function expandCodes (wanted: readonly string[]): string[] {
  const out = new Set(wanted)
  for (const w of wanted) for (const panel of PANELS_BY_COMPONENT[w.slice(w.indexOf('|') + 1)] ?? []) out.add(panel)
  return [...out]
}

/** The query of a vertical view. */
export interface TimelineQuery {
  kind: ClinicalKind
  /** Codes to keep (`system|code` or bare code), component codes included; none: every record of the kind. */
  codes?: readonly string[]
  /** Inclusive bounds on the clinical date (ms); a record without a date is left out when a bound is set. */
  from?: number
  to?: number
}

/**
 * The records a timeline must decrypt, oldest first (ties by record id): of the kind, carrying a wanted code
 * or a panel that holds one, dated within the bounds.
 * @throws RangeError when `from` is after `to`
 */
export function timelineCandidates<R extends IndexedRecord> (rows: readonly R[], q: TimelineQuery): R[] {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new RangeError('from must not be after to')
  const types = KIND_RESOURCE_TYPES[q.kind]
  const wanted = q.codes === undefined || q.codes.length === 0 ? undefined : expandCodes(q.codes)
  const bounded = q.from !== undefined || q.to !== undefined
  return rows.filter((r) => {
    if (!types.includes(r.resourceType)) return false
    if (wanted !== undefined && !r.codes.some((c) => wanted.some((w) => codeIs(c, w)))) return false
    if (!bounded) return true
    const t = instant(r.effective)
    return t !== undefined && (q.from === undefined || t >= q.from) && (q.to === undefined || t <= q.to)
  }).sort(byDate)
}

/** After decryption: keeps a view when it (or one of its components) carries a wanted code. */
export function viewHasCode (view: ClinicalView, wanted: readonly string[] | undefined): boolean {
  if (wanted === undefined || wanted.length === 0) return true
  const keys = [...view.codes, ...(view.kind === 'OBSERVATION' ? view.components.flatMap((c) => c.code === undefined ? [] : [c.code]) : [])]
    .flatMap((c) => c.code === undefined ? [] : [`${c.system ?? ''}|${c.code}`])
  return keys.some((k) => wanted.some((w) => codeIs(k, w)))
}

function byDate (a: IndexedRecord, b: IndexedRecord): number {
  const ta = instant(a.effective) ?? Number.NEGATIVE_INFINITY
  const tb = instant(b.effective) ?? Number.NEGATIVE_INFINITY
  return ta === tb ? a.recordId.localeCompare(b.recordId) : ta - tb
}

/** The `n` newest-dated rows (a row without a date counts as oldest), oldest first: bounds what a view decrypts. */
export function newestOf<R extends IndexedRecord> (rows: readonly R[], n: number): R[] {
  return n <= 0 ? [] : [...rows].sort(byDate).slice(-n)
}

/** The records a horizontal view (snapshot at `at`) must decrypt, by section. */
export interface SnapshotPlan<R> {
  conditions: R[]
  allergies: R[]
  /** The latest prescription or statement of each drug (main code) dated at or before `at`. */
  medications: R[]
  /** The latest result of each observation code dated at or before `at`. */
  observations: R[]
  /** Encounters started within {@link ENCOUNTER_LOOKBACK_DAYS} before `at`. */
  encounters: R[]
}

/** Picks the rows of a snapshot at `at` from index metadata (a row without a date counts as dated before). */
export function planSnapshot<R extends IndexedRecord> (rows: readonly R[], at: number): SnapshotPlan<R> {
  const before = (r: R): boolean => (instant(r.effective) ?? Number.NEGATIVE_INFINITY) <= at
  const of = (...types: string[]): R[] => rows.filter((r) => types.includes(r.resourceType) && before(r))
  return {
    conditions: of('Condition'),
    allergies: of('AllergyIntolerance'),
    medications: latestPerCode(of('MedicationRequest', 'MedicationStatement')),
    observations: latestPerCode(of('Observation')),
    encounters: of('Encounter').filter((r) => (instant(r.effective) ?? Number.NEGATIVE_INFINITY) > at - ENCOUNTER_LOOKBACK_DAYS * DAY)
  }
}

/**
 * The main code of an indexed record: its first code that is not a category. The index lists codes in field
 * order, and a MedicationRequest's `category` (community, inpatient…) comes before its medication code.
 */
export function mainCode (row: IndexedRecord): string | undefined {
  return row.codes.find((c) => !/\/CodeSystem\/[A-Za-z-]*category\|/.test(c))
}

/** The newest-dated row per main code (rows without one are kept one by one). */
export function latestPerCode<R extends IndexedRecord> (rows: readonly R[]): R[] {
  const best = new Map<string, R>()
  for (const r of rows) {
    const key = mainCode(r) ?? `record:${r.recordId}`
    const seen = best.get(key)
    if (seen === undefined || byDate(seen, r) < 0) best.set(key, r)
  }
  return [...best.values()].sort(byDate)
}

const INACTIVE_CONDITION = new Set(['inactive', 'resolved', 'remission'])
const REFUTED = new Set(['refuted', 'entered-in-error'])

/**
 * A condition is active at `at` when it began by then, has not abated by then, and is not refuted. Without
 * an abatement date, a condition now marked inactive/resolved/remission counts as not active (FHIR keeps no
 * date of the change).
 */
export function conditionActiveAt (v: ConditionView, at: number): boolean {
  if (REFUTED.has(v.verificationStatus ?? '') || REFUTED.has(v.clinicalStatus ?? '')) return false
  const onset = instant(v.onset ?? v.recordedDate)
  if (onset !== undefined && onset > at) return false
  const abatement = instant(v.abatement)
  if (abatement !== undefined) return abatement > at
  return !INACTIVE_CONDITION.has(v.clinicalStatus ?? '')
}

/** An allergy or intolerance holds at `at` unless resolved, inactive, refuted, or recorded only later. */
export function allergyActiveAt (v: AllergyView, at: number): boolean {
  if (REFUTED.has(v.verificationStatus ?? '') || INACTIVE_CONDITION.has(v.clinicalStatus ?? '')) return false
  const since = instant(v.onset ?? v.recordedDate)
  return since === undefined || since <= at
}

const LIVE_MEDICATION = new Set(['active', 'on-hold', 'intended'])
const VOID_MEDICATION = new Set(['entered-in-error', 'cancelled', 'draft', 'not-taken'])

/**
 * A medication is current at `at` when it started by then and its end (effective or validity period end, or
 * start + the longest dosage duration) lies after `at`; without any end, only while its status is active,
 * on-hold or intended (FHIR keeps no stop date for a stopped request).
 */
export function medicationCurrentAt (v: MedicationView, at: number): boolean {
  if (VOID_MEDICATION.has(v.status ?? '')) return false
  const start = instant(v.effectivePeriod?.start ?? v.authoredOn)
  if (start !== undefined && start > at) return false
  let end = instant(v.effectivePeriod?.end)
  const days = Math.max(0, ...v.dosage.map((d) => d.durationDays ?? 0))
  if (end === undefined && start !== undefined && days > 0) end = start + days * DAY
  if (end !== undefined) return at < end
  return LIVE_MEDICATION.has(v.status ?? '')
}

const OPEN_ENCOUNTER = new Set(['planned', 'arrived', 'triaged', 'in-progress', 'onleave'])

/** An encounter is open at `at` when it started by then and has no end by then (an end-less one only while its status says open). */
export function encounterOpenAt (v: EncounterView, at: number): boolean {
  if (v.status === 'cancelled' || v.status === 'entered-in-error') return false
  const start = instant(v.period?.start)
  if (start !== undefined && start > at) return false
  const end = instant(v.period?.end)
  if (end !== undefined) return end > at
  return OPEN_ENCOUNTER.has(v.status ?? '')
}
