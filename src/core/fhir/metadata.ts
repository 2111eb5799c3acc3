import { makeError } from '../errors.ts'
import { RESOURCE_TYPE } from './grammar.ts'

/** The searchable metadata the index keeps of a FHIR R4 resource. */
export interface ResourceMetadata {
  resourceType: string
  /** `system|code` of the codings in the resource's main code fields, deduplicated, in field order. */
  codes: string[]
  /** The clinically relevant date of the resource, when it has one (ISO 8601 as written). */
  effective?: string
}

export interface FhirResource {
  resourceType: string
  id?: string
  [key: string]: unknown
}

/** The fields that carry what a resource is about, across the resource types medledger stores. */
const CODE_FIELDS = ['code', 'category', 'type', 'vaccineCode', 'medicationCodeableConcept', 'class', 'reasonCode'] as const

/** The fields that say when, in the order they are preferred (FHIR R4 names; `.start` of periods). */
const DATE_FIELDS = [
  'effectiveDateTime', 'effectivePeriod', 'effectiveInstant', 'occurrenceDateTime', 'performedDateTime', 'performedPeriod',
  'onsetDateTime', 'recordedDate', 'authoredOn', 'issued', 'period', 'birthDate', 'date', 'created',
  // QuestionnaireResponse (self-reports): appended last so no other type's effective changes
  'authored'
] as const

/**
 * Checks that a value is a FHIR resource: an object with a `resourceType` made of letters.
 * @throws MedledgerError BAD_INPUT naming what is wrong (never the content)
 */
export function assertResource (value: unknown): asserts value is FhirResource {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw makeError('a FHIR resource must be a JSON object', 'BAD_INPUT')
  }
  const type = (value as Record<string, unknown>).resourceType
  if (typeof type !== 'string' || !RESOURCE_TYPE.test(type)) {
    throw makeError('a FHIR resource needs a resourceType', 'BAD_INPUT')
  }
}

/** Extracts {@link ResourceMetadata}; pure and deterministic, so a reindex reproduces it exactly. */
export function resourceMetadata (resource: FhirResource): ResourceMetadata {
  const codes: string[] = []
  for (const field of CODE_FIELDS) {
    for (const concept of asArray(resource[field])) {
      for (const coding of asArray((concept as { coding?: unknown })?.coding ?? (field === 'class' ? concept : undefined))) {
        const { system, code } = (coding ?? {}) as { system?: unknown, code?: unknown }
        if (typeof code !== 'string') continue
        const key = `${typeof system === 'string' ? system : ''}|${code}`
        if (!codes.includes(key)) codes.push(key)
      }
    }
  }
  const meta: ResourceMetadata = { resourceType: resource.resourceType, codes }
  const effective = firstDate(resource)
  if (effective !== undefined) meta.effective = effective
  return meta
}

function firstDate (resource: FhirResource): string | undefined {
  for (const field of DATE_FIELDS) {
    const v = resource[field]
    if (typeof v === 'string') return v
    if (typeof v === 'object' && v !== null && typeof (v as { start?: unknown }).start === 'string') {
      return (v as { start: string }).start
    }
  }
  return undefined
}

function asArray (v: unknown): unknown[] {
  if (v === undefined || v === null) return []
  return Array.isArray(v) ? v : [v]
}
