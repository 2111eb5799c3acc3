import { ucumUnit } from '../units.ts'
import { DIET_CODE, DIET_SYSTEM } from './tables.ts'

/** One coded value read from an Observation (or one of its components). */
export interface Measurement {
  /** LOINC code (or the medledger diet code). */
  code: string
  /** The quantity, when the value is one. */
  value?: number
  /** UCUM code of the unit of `value` (the Quantity's `code`, else `unit`, normalized by ../units.ts). */
  unit?: string
  /** `system|code` of a coded answer (valueCodeableConcept). */
  answers?: string[]
  /** The codings of that answer, with their display. */
  answerCodings?: Array<{ system: string, code: string, display?: string }>
  /** When it was measured (ISO 8601 as written). */
  at?: string
  /** The record it came from. */
  recordId?: string
}

const LOINC_SYSTEM = 'http://loinc.org'

/**
 * The measurements of a FHIR R4 Observation: its own value and each component's (a blood pressure panel
 * carries systolic and diastolic as components), keyed by LOINC code. Pure; ignores what it cannot read
 * (no code, no value, an entered-in-error or cancelled status).
 */
export function measurementsOf (observation: Record<string, unknown>, recordId?: string): Measurement[] {
  if (observation.resourceType !== 'Observation') return []
  if (observation.status === 'entered-in-error' || observation.status === 'cancelled') return []
  const at = effectiveOf(observation)
  const out: Measurement[] = []
  const base = { ...(at === undefined ? {} : { at }), ...(recordId === undefined ? {} : { recordId }) }
  const push = (holder: Record<string, unknown>): void => {
    const value = valueOf(holder)
    if (value === undefined) return
    for (const code of codesOf(holder.code)) out.push({ code, ...value, ...base })
  }
  push(observation)
  for (const c of asArray(observation.component)) if (isObject(c)) push(c)
  return out
}

function codesOf (concept: unknown): string[] {
  if (!isObject(concept)) return []
  const out: string[] = []
  for (const c of asArray(concept.coding)) {
    if (!isObject(c) || typeof c.code !== 'string') continue
    if (c.system === LOINC_SYSTEM || (c.system === DIET_SYSTEM && c.code === DIET_CODE)) out.push(c.code)
  }
  return out
}

function valueOf (holder: Record<string, unknown>): Pick<Measurement, 'value' | 'unit' | 'answers' | 'answerCodings'> | undefined {
  const q = holder.valueQuantity
  if (isObject(q) && typeof q.value === 'number' && Number.isFinite(q.value)) {
    const unit = ucumUnit(q)?.code
    return unit === undefined ? { value: q.value } : { value: q.value, unit }
  }
  if (typeof holder.valueInteger === 'number') return { value: holder.valueInteger }
  const cc = holder.valueCodeableConcept
  if (isObject(cc)) {
    const codings = asArray(cc.coding).filter(isObject).filter((c) => typeof c.code === 'string')
      .map((c) => ({ system: typeof c.system === 'string' ? c.system : '', code: c.code as string, ...(typeof c.display === 'string' ? { display: c.display } : {}) }))
    if (codings.length > 0) return { answers: codings.map((c) => `${c.system}|${c.code}`), answerCodings: codings }
  }
  return undefined
}

function effectiveOf (o: Record<string, unknown>): string | undefined {
  if (typeof o.effectiveDateTime === 'string') return o.effectiveDateTime
  if (typeof o.effectiveInstant === 'string') return o.effectiveInstant
  if (isObject(o.effectivePeriod) && typeof o.effectivePeriod.start === 'string') return o.effectivePeriod.start
  if (typeof o.issued === 'string') return o.issued
  return undefined
}

function isObject (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function asArray (v: unknown): unknown[] {
  if (v === undefined || v === null) return []
  return Array.isArray(v) ? v : [v]
}
