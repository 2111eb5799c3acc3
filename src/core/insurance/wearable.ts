/**
 * Daily facts an adherence programme needs, extracted from FHIR R4 resources:
 *
 * - Steps: Observations coded LOINC 41950-7 ("Number of steps in 24 hour Measured", a day's total) or
 *   55423-8 ("Number of steps", a sample). A day's steps are the larger of its largest 41950-7 value and the
 *   sum of its 55423-8 values, so a daily total and the samples it was summed from are not counted twice.
 *   Observations with status entered-in-error or cancelled are ignored.
 * - Medication days covered: MedicationDispense (status completed or absent) covers `daysSupply` days from
 *   the day of `whenHandedOver`; MedicationStatement (status active or completed — "taken" in FHIR R4's
 *   sense) covers every day of `effectivePeriod` (start to end, or start alone) or the day of
 *   `effectiveDateTime`. Coverage is a set of days, so overlapping supplies are not double-counted
 *   (the PQA proportion-of-days-covered convention).
 */
import { dayOf } from './days.ts'

export const STEP_CODES: ReadonlySet<string> = new Set(['41950-7', '55423-8'])
const LOINC = 'http://loinc.org'

/** What a programme learns from a batch of resources. */
export interface DailyFacts {
  /** day → steps (see the module comment for how a day's steps are formed) */
  steps: Map<number, number>
  /** days with medication on hand or taken */
  covered: Set<number>
}

type Json = Record<string, unknown>

/** The resource types {@link extractDailyFacts} reads. */
export const WEARABLE_TYPES: ReadonlySet<string> = new Set(['Observation', 'MedicationDispense', 'MedicationStatement'])

/** The LOINC step code of an Observation, or undefined. */
export function stepCodeOf (resource: Json): string | undefined {
  const codings = ((resource.code as Json | undefined)?.coding ?? []) as Json[]
  return codings.find((c) => c.system === LOINC && typeof c.code === 'string' && STEP_CODES.has(c.code))?.code as string | undefined
}

/** The day an Observation is about (effectiveDateTime, effectivePeriod.start, else effectiveInstant). */
export function observationDay (resource: Json): number | undefined {
  return dayOf(resource.effectiveDateTime) ?? dayOf((resource.effectivePeriod as Json | undefined)?.start) ?? dayOf(resource.effectiveInstant)
}

/** Daily steps and covered days from resources (ignoring resources of other kinds or codes). */
export function extractDailyFacts (resources: readonly unknown[]): DailyFacts {
  const totals = new Map<number, number>()
  const samples = new Map<number, number>()
  const covered = new Set<number>()
  for (const raw of resources) {
    if (raw === null || typeof raw !== 'object') continue
    const r = raw as Json
    if (r.resourceType === 'Observation') {
      if (r.status === 'entered-in-error' || r.status === 'cancelled') continue
      const code = stepCodeOf(r)
      const day = observationDay(r)
      const value = (r.valueQuantity as Json | undefined)?.value
      if (code === undefined || day === undefined || typeof value !== 'number' || !Number.isFinite(value) || value < 0) continue
      const steps = Math.floor(value)
      if (code === '41950-7') totals.set(day, Math.max(totals.get(day) ?? 0, steps))
      else samples.set(day, (samples.get(day) ?? 0) + steps)
    } else if (r.resourceType === 'MedicationDispense') {
      if (r.status !== undefined && r.status !== 'completed') continue
      const from = dayOf(r.whenHandedOver)
      const supply = (r.daysSupply as Json | undefined)?.value
      if (from === undefined || typeof supply !== 'number' || !Number.isFinite(supply) || supply < 1) continue
      for (let d = 0; d < Math.min(Math.floor(supply), 366); d++) covered.add(from + d)
    } else if (r.resourceType === 'MedicationStatement') {
      if (r.status !== 'active' && r.status !== 'completed') continue
      const period = r.effectivePeriod as Json | undefined
      const start = dayOf(period?.start) ?? dayOf(r.effectiveDateTime)
      if (start === undefined) continue
      const end = dayOf(period?.end) ?? start
      for (let d = start; d <= Math.min(end, start + 365); d++) covered.add(d)
    }
  }
  const steps = new Map<number, number>()
  for (const day of new Set([...totals.keys(), ...samples.keys()])) steps.set(day, Math.max(totals.get(day) ?? 0, samples.get(day) ?? 0))
  return { steps, covered }
}

/** The first day a wearable or medication resource is about (undefined when it names none). */
export function firstDayOf (resource: unknown): number | undefined {
  if (resource === null || typeof resource !== 'object') return undefined
  const r = resource as Json
  if (r.resourceType === 'Observation') return observationDay(r)
  if (r.resourceType === 'MedicationDispense') return dayOf(r.whenHandedOver)
  if (r.resourceType === 'MedicationStatement') return dayOf((r.effectivePeriod as Json | undefined)?.start) ?? dayOf(r.effectiveDateTime)
  return undefined
}
