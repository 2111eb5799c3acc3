/**
 * The emergency ID a patient prints (as a QR code, or the text under it): their unique person ID in a
 * self-describing payload, `MEDLEDGER-EID:1:<person id>:<check>`, where check is the first 6 hex digits of
 * SHA-256 over `MEDLEDGER-EID:1:<person id>` — so a misread or mistyped ID is refused rather than naming
 * another person. For the unconscious-patient case: the responder scans it and opens an emergency request
 * for that person ID. It carries nothing else (no name, no health data).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { makeError } from '../errors.ts'

const PREFIX = 'MEDLEDGER-EID:1:'
const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function check (body: string): string {
  return Array.from(sha256(new TextEncoder().encode(body)).subarray(0, 3), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The QR payload of `personId`.
 * @throws TypeError when `personId` is not a lowercase UUID
 */
export function emergencyIdPayload (personId: string): string {
  if (typeof personId !== 'string' || !PERSON_ID.test(personId)) throw new TypeError('a person ID is a lowercase UUID')
  const body = PREFIX + personId
  return `${body}:${check(body)}`
}

/**
 * The person ID a scanned or typed payload names (case and surrounding space ignored).
 * @throws MedledgerError BAD_INPUT for anything that is not a well-formed payload with a matching check
 */
export function parseEmergencyId (payload: string): string {
  const text = String(payload).trim()
  const upperPrefix = text.slice(0, PREFIX.length).toUpperCase()
  const rest = text.slice(PREFIX.length).toLowerCase()
  const m = /^([0-9a-f-]{36}):([0-9a-f]{6})$/.exec(rest)
  if (upperPrefix !== PREFIX || m === null || !PERSON_ID.test(m[1]!)) throw makeError('not a medledger emergency ID', 'BAD_INPUT')
  if (check(PREFIX + m[1]!) !== m[2]) throw makeError('the emergency ID does not check (misread or mistyped)', 'BAD_INPUT')
  return m[1]!
}
