/**
 * The FHIR R4 grammar medledger checks, in one place: ids, resource type names and relative references.
 * The `*_SOURCE` strings are for composing larger patterns (a route, a reference with `_history`).
 */

/** A FHIR `id` (R4 §2.24.0.1, datatype id): 1 to 64 of `A-Z a-z 0-9 - .`. */
export const FHIR_ID_SOURCE = '[A-Za-z0-9\\-.]{1,64}'

/** A resource type name as medledger accepts it: a capital letter, then 1 to 63 letters. */
export const RESOURCE_TYPE_SOURCE = '[A-Z][A-Za-z]{1,63}'

/** A whole FHIR id. */
export const FHIR_ID = new RegExp(`^${FHIR_ID_SOURCE}$`)

/** A whole resource type name. */
export const RESOURCE_TYPE = new RegExp(`^${RESOURCE_TYPE_SOURCE}$`)

/** A relative reference `Type/id`: group 1 the type, group 2 the id. */
export const RELATIVE_REFERENCE = new RegExp(`^(${RESOURCE_TYPE_SOURCE})\\/(${FHIR_ID_SOURCE})$`)

/** Whether `value` is a resource type name. */
export function isResourceType (value: unknown): value is string {
  return typeof value === 'string' && RESOURCE_TYPE.test(value)
}

/** A reference to one resource type, `Type/id`: group 1 the id. */
export function referenceTo (type: string): RegExp {
  if (!isResourceType(type)) throw new TypeError('referenceTo: not a resource type name')
  return new RegExp(`^${type}\\/(${FHIR_ID_SOURCE})$`)
}
