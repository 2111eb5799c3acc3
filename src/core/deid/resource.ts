/**
 * The de-identified copy of one FHIR R4 resource, built by allow-list: only fields that carry clinical meaning
 * and no identity are copied (codes, statuses, quantities, dates reduced to the year); everything else —
 * `id`, `identifier`, `subject`, `patient`, `encounter`, `performer`, `requester`, every other reference,
 * `text` narrative, `note`, free-text `.text` of concepts, attachments and photos, `valueString`, extensions —
 * is dropped. Coding displays of published vocabularies are kept after {@link scrubText} (others are free
 * text and dropped); a coding whose code or system holds a known identifying string, or whose code is an
 * e-mail, URL, SSN or telephone number, is dropped; ages over 89 become "90 or more". The copy's subject is the person's random pseudonym.
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

/** Units of a Quantity in years (UCUM `a` and common spellings): the unit of an age. */
const YEAR_UNITS: ReadonlySet<string> = new Set(['a', 'y', 'yr', 'yrs', 'year', 'years', 'ann'])
/** LOINC codes whose value is a person's age (an integer value in years). */
const AGE_CODES: ReadonlySet<string> = new Set(['30525-0', '21612-7', '29553-5', '63900-5', '21611-9', '21613-5'])
/** Safe Harbor's oldest age kept as such: anything above becomes "90 or more" (`comparator: '>='`, value 90). */
const OLDEST_AGE = 89
/**
 * Codes that hold a contact or personal number rather than vocabulary: an e-mail, a URL, an SSN, or a
 * telephone number written with separators. A coding with one is dropped (codes are kept verbatim, so they
 * cannot be scrubbed in place; a bare digit run is a normal SNOMED or LOINC code and is kept).
 */
const IDENTIFYING_CODE = /@|:\/\/|^www\.|\b\d{3}-\d{2}-\d{4}\b|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/i

/**
 * Code systems whose displays are published vocabulary (SNOMED CT, LOINC, RxNorm, ICD, CVX, NDC, CPT, UCUM,
 * HL7 terminology). A display of any other system — a local code, or none — is free text someone typed, where
 * a name the patterns cannot recognize (a relative's, a neighbour's) may hide: it is dropped, the code kept.
 */
const VOCABULARY_SYSTEMS: readonly string[] = [
  'http://snomed.info/sct', 'http://loinc.org', 'http://www.nlm.nih.gov/research/umls/rxnorm', 'http://hl7.org/fhir/sid/',
  'http://terminology.hl7.org/CodeSystem/', 'http://hl7.org/fhir/', 'http://unitsofmeasure.org', 'http://www.ama-assn.org/go/cpt',
  'http://www.whocc.no/atc', 'http://id.who.int/icd/'
]

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
  // An age over 89 given as a bare integer (an age Observation) becomes "90 or more" years.
  if (typeof out.valueInteger === 'number' && out.valueInteger > OLDEST_AGE && codesOfConcept(resource.code).some((c) => AGE_CODES.has(c))) {
    delete out.valueInteger
    out.valueQuantity = { value: OLDEST_AGE + 1, comparator: '>=', unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' }
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
    if (holdsKnown(c.code, known) || IDENTIFYING_CODE.test(c.code) || (typeof c.system === 'string' && holdsKnown(c.system, known))) continue
    const coding: Record<string, string> = { code: c.code }
    if (typeof c.system === 'string') coding.system = c.system
    if (typeof c.display === 'string' && typeof c.system === 'string' && VOCABULARY_SYSTEMS.some((v) => c.system === v || (v.endsWith('/') && (c.system as string).startsWith(v)))) {
      coding.display = scrubText(c.display, known)
    }
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
    if (typeof s === 'string' && s.length <= 100 && !holdsKnown(s, known) && !(k === 'code' ? IDENTIFYING_CODE.test(s) : k === 'system' && s.includes('@'))) out[k] = k === 'unit' ? scrubText(s, known) : s
  }
  // Safe Harbor: every age over 89 is one category (45 CFR 164.514(b)(2)(i)(C)).
  const years = [q.unit, q.code].some((u) => typeof u === 'string' && YEAR_UNITS.has(u.trim().toLowerCase()))
  if (years && q.value > OLDEST_AGE) {
    out.value = OLDEST_AGE + 1
    out.comparator = '>='
  }
  return out
}

/** The bare codes of a CodeableConcept. */
function codesOfConcept (value: unknown): string[] {
  const codings = (value as { coding?: unknown } | null)?.coding
  return Array.isArray(codings) ? codings.map((c) => (c as { code?: unknown } | null)?.code).filter((c): c is string => typeof c === 'string') : []
}

function holdsKnown (s: string, known: readonly string[]): boolean {
  const lower = s.toLowerCase()
  return known.some((k) => k.trim().length > 1 && lower.includes(k.trim().toLowerCase()))
}
