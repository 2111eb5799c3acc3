/**
 * The de-identified copy of one FHIR R4 resource, built by allow-list: only fields that carry clinical meaning
 * and no identity are copied (codes, statuses, quantities, dates reduced to the year); everything else —
 * `id`, `identifier`, `subject`, `patient`, `encounter`, `performer`, `requester`, every other reference,
 * `text` narrative, `note`, free-text `.text` of concepts, attachments and photos, `valueString`, extensions —
 * is dropped. Coding displays are kept after {@link scrubText}; a coding whose code or system holds a known
 * identifying string is dropped. The copy's subject is the person's random pseudonym.
 * Safe Harbor, 45 CFR 164.514(b)(2)(i)(A)–(R).
 */
import type { FhirResource } from '../fhir/metadata.ts'
import { yearOnly } from './dates.ts'
import { scrubText } from './scrub.ts'

/** CodeableConcept fields copied (codings only). */
const CONCEPT_FIELDS = [
  'code', 'category', 'type', 'class', 'vaccineCode', 'medicationCodeableConcept', 'reasonCode', 'valueCodeableConcept',
  'clinicalStatus', 'verificationStatus', 'severity', 'bodySite', 'interpretation', 'criticality', 'route'
] as const
/** Plain code fields copied when they are short tokens. */
const TOKEN_FIELDS = ['status', 'intent', 'gender', 'priority'] as const
/** Date fields reduced to their year. */
const DATE_FIELDS = [
  'effectiveDateTime', 'effectiveInstant', 'issued', 'onsetDateTime', 'abatementDateTime', 'recordedDate', 'authoredOn',
  'occurrenceDateTime', 'performedDateTime', 'date', 'created'
] as const
/** Period fields reduced to the years of their start and end. */
const PERIOD_FIELDS = ['effectivePeriod', 'performedPeriod', 'period', 'onsetPeriod', 'abatementPeriod'] as const
/** Values copied as they are (numbers and booleans carry no identity). */
const SCALAR_FIELDS = ['valueInteger', 'valueBoolean', 'abatementBoolean'] as const

export interface DeidentifyOptions {
  /** The person's research pseudonym: the copy's `subject`. */
  pseudonym: string
  /** Strings that identify the person (see identifyingStrings): removed from every kept text. */
  known: readonly string[]
}

/**
 * The de-identified copy of `resource`. Pure; the result holds no string of `options.known`, no date finer
 * than a year and no reference but `Patient/<pseudonym>`.
 */
export function deidentifyResource (resource: FhirResource, options: DeidentifyOptions): FhirResource {
  const known = options.known
  const out: FhirResource = { resourceType: resource.resourceType }
  for (const f of TOKEN_FIELDS) {
    const v = resource[f]
    if (typeof v === 'string' && /^[a-z][a-z-]{0,30}$/.test(v)) out[f] = v
  }
  for (const f of CONCEPT_FIELDS) {
    const v = resource[f]
    if (Array.isArray(v)) {
      const concepts = v.map((c) => concept(c, known)).filter((c) => c !== undefined)
      if (concepts.length > 0) out[f] = concepts
    } else {
      const c = concept(v, known)
      if (c !== undefined) out[f] = c
    }
  }
  for (const f of DATE_FIELDS) {
    const y = yearOnly(resource[f])
    if (y !== undefined) out[f] = y
  }
  for (const f of PERIOD_FIELDS) {
    const p = resource[f] as { start?: unknown, end?: unknown } | undefined
    if (p === null || typeof p !== 'object') continue
    const period: Record<string, string> = {}
    const start = yearOnly(p.start)
    const end = yearOnly(p.end)
    if (start !== undefined) period.start = start
    if (end !== undefined) period.end = end
    if (Object.keys(period).length > 0) out[f] = period
  }
  for (const f of SCALAR_FIELDS) {
    const v = resource[f]
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') out[f] = v
  }
  const q = quantity(resource.valueQuantity, known)
  if (q !== undefined) out.valueQuantity = q
  if (Array.isArray(resource.component)) {
    const components = resource.component.map((c: Record<string, unknown>) => {
      const part: Record<string, unknown> = {}
      const code = concept(c?.code, known)
      if (code !== undefined) part.code = code
      const value = quantity(c?.valueQuantity, known)
      if (value !== undefined) part.valueQuantity = value
      const coded = concept(c?.valueCodeableConcept, known)
      if (coded !== undefined) part.valueCodeableConcept = coded
      return part
    }).filter((c) => Object.keys(c).length > 0)
    if (components.length > 0) out.component = components
  }
  out.subject = { reference: `Patient/${options.pseudonym}` }
  return out
}

/** The codings of a CodeableConcept (system, code, scrubbed display), or of a bare Coding; undefined when none. */
function concept (value: unknown, known: readonly string[]): { coding: Array<Record<string, string>> } | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const v = value as { coding?: unknown, code?: unknown }
  const codings = Array.isArray(v.coding) ? v.coding : (typeof v.code === 'string' ? [v] : [])
  const out: Array<Record<string, string>> = []
  for (const c of codings as Array<Record<string, unknown>>) {
    if (c === null || typeof c !== 'object' || typeof c.code !== 'string') continue
    if (holdsKnown(c.code, known) || (typeof c.system === 'string' && holdsKnown(c.system, known))) continue
    const coding: Record<string, string> = { code: c.code }
    if (typeof c.system === 'string') coding.system = c.system
    if (typeof c.display === 'string') coding.display = scrubText(c.display, known)
    out.push(coding)
  }
  return out.length === 0 ? undefined : { coding: out }
}

/** A Quantity's value and UCUM unit; a unit holding a known string is dropped. */
function quantity (value: unknown, known: readonly string[]): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const q = value as Record<string, unknown>
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) return undefined
  const out: Record<string, unknown> = { value: q.value }
  for (const k of ['unit', 'system', 'code'] as const) {
    const s = q[k]
    if (typeof s === 'string' && s.length <= 100 && !holdsKnown(s, known)) out[k] = k === 'unit' ? scrubText(s, known) : s
  }
  return out
}

function holdsKnown (s: string, known: readonly string[]): boolean {
  const lower = s.toLowerCase()
  return known.some((k) => k.trim().length > 1 && lower.includes(k.trim().toLowerCase()))
}
