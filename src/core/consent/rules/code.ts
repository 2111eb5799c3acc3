import type { ConsentResource } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.code` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.code):
 * the rule covers records carrying one of the listed `system|code` codes (LOINC, SNOMED CT, a category, …).
 * None: all records.
 */
export function codeMatches (codes: readonly string[] | undefined, resource: ConsentResource): boolean {
  return codes === undefined || codes.length === 0 || codes.some((c) => resource.codes.includes(c))
}
