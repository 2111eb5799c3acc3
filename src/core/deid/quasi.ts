/**
 * The quasi-identifiers of the research corpus, generalized: age band (dates.ts), sex, region (zip.ts) and an
 * occupation category. k-anonymity (k-anonymity.ts) is enforced over exactly these four.
 */
import type { FhirResource } from '../fhir/metadata.ts'
import { ageBand, UNKNOWN, yearOf } from './dates.ts'
import { regionOf } from './zip.ts'

/** Coarse occupation categories (a person's occupation is never kept as written). */
export const OCCUPATION_CATEGORIES = Object.freeze(['HEALTHCARE', 'EDUCATION', 'OFFICE', 'MANUAL', 'SERVICE', 'STUDENT', 'RETIRED', 'UNEMPLOYED', 'OTHER', 'UNKNOWN'] as const)
export type OccupationCategory = typeof OCCUPATION_CATEGORIES[number]

/** One person's generalized quasi-identifiers. */
export interface QuasiIdentifiers {
  ageBand: string
  /** `female`, `male`, `other` or `unknown` (FHIR administrative gender). */
  sex: string
  region: string
  occupation: OccupationCategory
}

/** The four quasi-identifier names, in key order. */
export const QUASI_IDENTIFIERS = Object.freeze(['ageBand', 'sex', 'region', 'occupation'] as const)
export type QuasiIdentifier = typeof QUASI_IDENTIFIERS[number]

/**
 * The generalized quasi-identifiers of a person from their FHIR Patient resource (undefined: all unknown),
 * as of `atYear`, with the occupation category they declared.
 * @throws RangeError for an occupation that is not a category
 */
export function quasiIdentifiers (patient: FhirResource | undefined, atYear: number, occupation: string = 'UNKNOWN'): QuasiIdentifiers {
  if (!(OCCUPATION_CATEGORIES as readonly string[]).includes(occupation)) throw new RangeError('unknown occupation category')
  const gender = patient?.gender
  const sex = gender === 'female' || gender === 'male' || gender === 'other' ? gender : UNKNOWN
  const addresses = Array.isArray(patient?.address) ? patient.address as Array<Record<string, unknown>> : []
  const home = addresses.find((a) => a?.use === 'home') ?? addresses[0]
  return { ageBand: ageBand(yearOf(patient?.birthDate), atYear), sex, region: regionOf(home), occupation: occupation as OccupationCategory }
}

/** The equivalence-class key of a set of quasi-identifiers (stable, unambiguous). */
export function classKey (q: QuasiIdentifiers): string {
  return JSON.stringify([q.ageBand, q.sex, q.region, q.occupation])
}
