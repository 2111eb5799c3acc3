/**
 * Treatment outcomes from de-identified copies, the rule documented here and in the schema:
 *
 * - a person HAS condition C when one of their shared Conditions carries code C;
 * - they RECOVERED from C when such a Condition is `resolved`, `remission` or `inactive` (clinicalStatus),
 *   or has an abatement (abatementDateTime, abatementPeriod, abatementBoolean true);
 * - they IMPROVED when they recovered, or when a follow-up Observation is interpreted normal (`N`) in a later
 *   year than an abnormal one (`A`, `AA`, `H`, `HH`, `L`, `LL`) of the same code;
 * - a TREATMENT is the code of a shared MedicationRequest, MedicationStatement, MedicationAdministration
 *   (medicationCodeableConcept) or Procedure (code) of a person with C (copies keep no references, so a
 *   treatment counts for every condition of that person).
 *
 * Counts are distinct people; every count from 1 to k−1 is suppressed (null), persons also at 0, treatments
 * with fewer than k persons are not listed, and a share is given only when both of its counts are released.
 */
import type { FhirResource } from '../fhir/metadata.ts'
import { suppress } from './k-anonymity.ts'

export interface CorpusCopy { pseudonym: string, resource: FhirResource }

export interface OutcomeCounts {
  persons: number | null
  recovered: number | null
  improved: number | null
  /** recovered / persons, when both are released. */
  recoveredShare: number | null
}

export interface ConditionOutcomes extends OutcomeCounts {
  condition: string
  treatments: Array<OutcomeCounts & { treatment: string }>
}

const RECOVERED_STATUSES = new Set(['resolved', 'remission', 'inactive'])
const ABNORMAL = new Set(['A', 'AA', 'H', 'HH', 'L', 'LL'])
const TREATMENT_TYPES = new Set(['MedicationRequest', 'MedicationStatement', 'MedicationAdministration', 'Procedure'])

/** `system|code` keys of a concept field (a CodeableConcept or an array of them). */
export function codesOf (value: unknown): string[] {
  const out: string[] = []
  for (const c of Array.isArray(value) ? value : [value]) {
    const codings = (c as { coding?: unknown } | null)?.coding
    if (!Array.isArray(codings)) continue
    for (const d of codings as Array<{ system?: unknown, code?: unknown }>) {
      if (typeof d?.code === 'string') out.push(`${typeof d.system === 'string' ? d.system : ''}|${d.code}`)
    }
  }
  return out
}

/** True when `codes` holds `wanted` (`system|code`, or a bare code matching any system). */
export function matchesCode (codes: readonly string[], wanted: string): boolean {
  return wanted.includes('|') ? codes.includes(wanted) : codes.some((c) => c.slice(c.lastIndexOf('|') + 1) === wanted)
}

/**
 * Outcomes for `condition` over `copies` (the whole corpus or a cohort), with k-suppression.
 * @throws RangeError when k is not an integer ≥ 1
 */
export function conditionOutcomes (copies: readonly CorpusCopy[], condition: string, k: number): ConditionOutcomes {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError('k must be an integer ≥ 1')
  const byPerson = new Map<string, FhirResource[]>()
  for (const c of copies) {
    let list = byPerson.get(c.pseudonym)
    if (list === undefined) byPerson.set(c.pseudonym, list = [])
    list.push(c.resource)
  }
  const people: Array<{ recovered: boolean, improved: boolean, treatments: Set<string> }> = []
  for (const resources of byPerson.values()) {
    const conditions = resources.filter((r) => r.resourceType === 'Condition' && matchesCode(codesOf(r.code), condition))
    if (conditions.length === 0) continue
    const recovered = conditions.some(isRecovered)
    const treatments = new Set<string>()
    for (const r of resources) {
      if (!TREATMENT_TYPES.has(r.resourceType)) continue
      for (const t of codesOf(r.resourceType === 'Procedure' ? r.code : r.medicationCodeableConcept)) treatments.add(t)
    }
    people.push({ recovered, improved: recovered || observationsImproved(resources), treatments })
  }
  const treatmentKeys = [...new Set(people.flatMap((p) => [...p.treatments]))].sort()
  return {
    condition,
    ...counts(people, k),
    // A treatment fewer than k people with the condition had is not listed at all: its code alone would say
    // that some person of the corpus with this condition had it (a small cell is not only its count).
    treatments: treatmentKeys.map((t) => ({ treatment: t, ...counts(people.filter((p) => p.treatments.has(t)), k) })).filter((t) => t.persons !== null)
  }
}

/** A Condition that is resolved, in remission, inactive or abated. */
export function isRecovered (c: FhirResource): boolean {
  const status = codesOf(c.clinicalStatus).map((s) => s.slice(s.lastIndexOf('|') + 1))
  if (status.some((s) => RECOVERED_STATUSES.has(s))) return true
  return typeof c.abatementDateTime === 'string' || (typeof c.abatementPeriod === 'object' && c.abatementPeriod !== null) || c.abatementBoolean === true
}

/** A code with an abnormal Observation in one year and a normal one in a later year. */
function observationsImproved (resources: readonly FhirResource[]): boolean {
  const years = new Map<string, { abnormal: number[], normal: number[] }>()
  for (const r of resources) {
    if (r.resourceType !== 'Observation') continue
    const year = Number(r.effectiveDateTime ?? r.issued ?? (r.effectivePeriod as { start?: string } | undefined)?.start)
    if (!Number.isSafeInteger(year)) continue
    const flags = codesOf(r.interpretation).map((s) => s.slice(s.lastIndexOf('|') + 1))
    for (const code of codesOf(r.code)) {
      let y = years.get(code)
      if (y === undefined) years.set(code, y = { abnormal: [], normal: [] })
      if (flags.some((f) => ABNORMAL.has(f))) y.abnormal.push(year)
      else if (flags.includes('N')) y.normal.push(year)
    }
  }
  for (const { abnormal, normal } of years.values()) {
    if (abnormal.length > 0 && normal.some((n) => n > Math.min(...abnormal))) return true
  }
  return false
}

function counts (people: ReadonlyArray<{ recovered: boolean, improved: boolean }>, k: number): OutcomeCounts {
  const cell = (n: number): number | null => n === 0 ? 0 : suppress(n, k)
  // Persons below k is null even at 0, so an answer never tells "nobody" from "a few" (whether anyone with
  // the condition is in the corpus at all); recovered and improved are only given under k or more persons.
  const persons = suppress(people.length, k)
  const recovered = persons === null ? null : cell(people.filter((p) => p.recovered).length)
  const improved = persons === null ? null : cell(people.filter((p) => p.improved).length)
  const recoveredShare = persons !== null && persons > 0 && recovered !== null ? recovered / persons : null
  return { persons, recovered, improved, recoveredShare }
}
