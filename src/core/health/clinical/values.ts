/**
 * Reading FHIR R4 data types (https://hl7.org/fhir/R4/datatypes.html) out of an untyped resource: every
 * reader is total (a malformed or missing value gives `undefined` or an empty list, never a throw), so a
 * typed view never fails on a resource the spine accepted.
 */

import { UCUM_SYSTEM, ucumUnit } from '../units.ts'

/** One coding with its display text (FHIR `Coding`; `text` from the enclosing `CodeableConcept`). */
export interface Code {
  system?: string
  code?: string
  display?: string
}

/** A value with its unit (FHIR `Quantity`). */
export interface Quantity {
  value: number
  /** UCUM code of the unit (../units.ts normalizes near-UCUM spellings such as `mmHg`). */
  unit?: string
  /** UCUM whenever there is a unit. */
  system?: string
  /** The same UCUM code as `unit` (FHIR's `code`). */
  code?: string
  /** The unit for people: the data's own unit text, else a display of the code. */
  unitDisplay?: string
}

/** A time span as written (FHIR `Period`); either end may be open. */
export interface Period {
  start?: string
  end?: string
}

/** The value as an object, or undefined. */
export function obj (v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined
}

/** The value as a list (a single value becomes a list of one; null and undefined an empty list). */
export function list (v: unknown): unknown[] {
  if (v === undefined || v === null) return []
  return Array.isArray(v) ? v : [v]
}

/** The value when it is a non-empty string. */
export function str (v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

/** The value when it is a finite number. */
export function num (v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** The value when it is a boolean. */
export function bool (v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined
}

/**
 * The codings of a CodeableConcept (or of a bare Coding), each with a display; a concept with only `text`
 * gives one code carrying that text as display, so a frontend always has something to show.
 */
export function codes (concept: unknown): Code[] {
  const c = obj(concept)
  if (c === undefined) return []
  const out: Code[] = []
  const codings = c.coding === undefined && (c.code !== undefined || c.system !== undefined) ? [c] : list(c.coding)
  for (const coding of codings) {
    const x = obj(coding)
    if (x === undefined) continue
    const code: Code = {}
    const system = str(x.system)
    const value = str(x.code)
    const display = str(x.display) ?? str(c.text)
    if (system !== undefined) code.system = system
    if (value !== undefined) code.code = value
    if (display !== undefined) code.display = display
    if (value !== undefined || display !== undefined) out.push(code)
  }
  const text = str(c.text)
  if (out.length === 0 && text !== undefined) out.push({ display: text })
  return out
}

/** The first code of a concept (see {@link codes}). */
export function code (concept: unknown): Code | undefined {
  return codes(concept)[0]
}

/** The codes of every concept in a list of CodeableConcepts. */
export function codesOfAll (concepts: unknown): Code[] {
  return list(concepts).flatMap(codes)
}

/** A FHIR `code` primitive (a bare string such as a status) or the first coding's code of a concept. */
export function status (v: unknown): string | undefined {
  return str(v) ?? code(v)?.code
}

/** A Quantity (also SimpleQuantity, Age, Duration) with a numeric value. */
export function quantity (v: unknown): Quantity | undefined {
  const q = obj(v)
  const value = num(q?.value)
  if (q === undefined || value === undefined) return undefined
  const out: Quantity = { value }
  const unit = ucumUnit(q)
  if (unit !== undefined) Object.assign(out, { unit: unit.code, system: UCUM_SYSTEM, code: unit.code, unitDisplay: unit.display })
  return out
}

/** A Period with at least one end. */
export function period (v: unknown): Period | undefined {
  const p = obj(v)
  if (p === undefined) return undefined
  const out: Period = {}
  if (str(p.start) !== undefined) out.start = p.start as string
  if (str(p.end) !== undefined) out.end = p.end as string
  return out.start === undefined && out.end === undefined ? undefined : out
}

/** The display text of a Reference, or the reference itself. */
export function referenceText (v: unknown): string | undefined {
  const r = obj(v)
  return str(r?.display) ?? str(r?.reference)
}

/** ms since epoch of an ISO 8601 date or dateTime (a bare date is midnight UTC), or undefined when unparsable. */
export function instant (v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const t = Date.parse(v)
  return Number.isNaN(t) ? undefined : t
}

/** `system|code` of a code (what the index keeps), or undefined without a code. */
export function codeKey (c: Code): string | undefined {
  return c.code === undefined ? undefined : `${c.system ?? ''}|${c.code}`
}
