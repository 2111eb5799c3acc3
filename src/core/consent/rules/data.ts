import type { ConsentResource } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.data` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.data):
 * the rule covers only the referenced records (by record id, every version). None: all records.
 */
export function dataMatches (recordIds: readonly string[] | undefined, resource: ConsentResource): boolean {
  return recordIds === undefined || recordIds.length === 0 || recordIds.includes(resource.recordId)
}
