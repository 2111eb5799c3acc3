/**
 * Pure rules of emergency aid (docs/emergency.md): when M-of-N contact confirmations form an aid
 * contract, the contract's time box, and the consent provision it stands for. No I/O, no clock.
 */
import type { Grantee, Provision } from '../consent/index.ts'

/** The default time box of an aid contract: 24 h. */
export const DEFAULT_TIME_BOX_MS = 24 * 3_600_000

/** How far back encounters count as recent: 90 days. */
export const RECENT_ENCOUNTERS_MS = 90 * 86_400_000

/** LOINC 882-1, ABO and Rh group: the one Observation an aid contract shows (blood type). */
export const BLOOD_TYPE_CODE = 'http://loinc.org|882-1'

/** The FHIR resource types of the emergency categories (allergies, conditions, medication, blood type, encounters). */
export const EMERGENCY_RESOURCE_TYPES = Object.freeze([
  'AllergyIntolerance', 'Condition', 'MedicationRequest', 'MedicationStatement', 'Observation', 'Encounter'
] as const)

/** One contact's answer to a request. */
export interface ContactResponse {
  contactId: string
  decision: 'CONFIRM' | 'DENY'
}

/**
 * The distinct contacts among `eligible` who confirmed (a contact's repeated answer counts once, a contact
 * who also denied does not count, anyone not eligible never counts), in first-answer order.
 * @throws TypeError when `responses` or `eligible` is not an array
 */
export function distinctConfirmations (responses: readonly ContactResponse[], eligible: readonly string[]): string[] {
  if (!isList(responses) || !isList(eligible)) throw new TypeError('responses and eligible must be arrays')
  const allowed = new Set(eligible)
  const denied = new Set(responses.filter((r) => r.decision === 'DENY').map((r) => r.contactId))
  const out: string[] = []
  for (const r of responses) {
    if (r.decision === 'CONFIRM' && allowed.has(r.contactId) && !denied.has(r.contactId) && !out.includes(r.contactId)) out.push(r.contactId)
  }
  return out
}

/**
 * Whether the confirmations reach M: at least `threshold` distinct eligible contacts confirmed.
 * @throws RangeError for a threshold that is not an integer ≥ 1
 */
export function thresholdMet (responses: readonly ContactResponse[], eligible: readonly string[], threshold: number): boolean {
  if (!Number.isSafeInteger(threshold) || threshold < 1) throw new RangeError('threshold must be an integer ≥ 1')
  return distinctConfirmations(responses, eligible).length >= threshold
}

/**
 * The time box `[start, start + length)` of a contract formed at `start` (ms since epoch).
 * @throws RangeError for a non-finite start or a length that is not a positive integer
 */
export function timeBox (start: number, length: number = DEFAULT_TIME_BOX_MS): { start: number, end: number } {
  if (!Number.isFinite(start)) throw new RangeError('start must be a time')
  if (!Number.isSafeInteger(length) || length <= 0) throw new RangeError('time box length must be a positive integer of ms')
  return { start, end: start + length }
}

/**
 * The consent provision of an aid contract: `grantee` (the doctor, or the accepting hospital) may access, for
 * ETREAT only and within the time box, the emergency resource types — Observations only for blood type,
 * Encounters only recent ones.
 * @throws RangeError when the period is empty
 */
export function aidProvision (grantee: Grantee, period: { start: number, end: number }): Provision {
  if (!(period.end > period.start)) throw new RangeError('an aid contract period must not be empty')
  return {
    type: 'permit',
    actors: [{ ...grantee }],
    actions: ['access'],
    purposes: ['ETREAT'],
    period: { start: period.start, end: period.end },
    resourceTypes: [...EMERGENCY_RESOURCE_TYPES],
    provisions: [
      { type: 'deny', resourceTypes: ['Observation'], provisions: [{ type: 'permit', codes: [BLOOD_TYPE_CODE] }] },
      { type: 'deny', resourceTypes: ['Encounter'], dataPeriod: { end: period.start - RECENT_ENCOUNTERS_MS } }
    ]
  }
}

/** Array.isArray without its narrowing, which would turn a readonly array parameter into any[]. */
function isList (value: unknown): boolean {
  return Array.isArray(value)
}
