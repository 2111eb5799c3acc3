import type { ConsentResource } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.class` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.class),
 * with the resource-types code system: the rule covers records of the listed FHIR resource types. None: all.
 */
export function resourceTypeMatches (types: readonly string[] | undefined, resource: ConsentResource): boolean {
  return types === undefined || types.length === 0 || types.includes(resource.resourceType)
}
