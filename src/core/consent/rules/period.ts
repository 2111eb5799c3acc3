import type { Period } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.period` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.period):
 * the rule is in force from `start` (inclusive) until `end` (exclusive). No period: always. A grant whose
 * root period has ended is expired and never matches.
 */
export function periodMatches (period: Period | undefined, time: number): boolean {
  if (period === undefined) return true
  if (period.start !== undefined && time < period.start) return false
  if (period.end !== undefined && time >= period.end) return false
  return true
}
