/**
 * A research share as EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712) in the chain-independent
 * medledger domain: the patient consents, for purpose of use HRESEARCH only, to a de-identified copy of the
 * named records joining the research corpus, under a generalized occupation category they declare. A nonce
 * and an expiry (seconds since epoch) make each signature single-use and short-lived.
 */
import { CONSENT_DOMAIN } from '../consent/index.ts'
import type { TypedDataRequest } from '../consent/index.ts'
import { makeError } from '../errors.ts'
import { OCCUPATION_CATEGORIES } from './quasi.ts'

/** The only purpose of use a research share carries (HL7 v3 ActReason HRESEARCH). */
export const RESEARCH_PURPOSE = 'HRESEARCH'
/** Most records one signature may share. */
export const MAX_SHARE_RECORDS = 500

const DOMAIN_TYPE = [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }]
const SHARE_TYPE = [
  { name: 'requestId', type: 'string' }, { name: 'patient', type: 'string' }, { name: 'records', type: 'string[]' },
  { name: 'purpose', type: 'string' }, { name: 'occupation', type: 'string' }, { name: 'nonce', type: 'string' }, { name: 'expiry', type: 'uint64' }
]

/** The signed message of a research share. */
export interface ResearchShareMessage {
  requestId: string
  patient: string
  records: string[]
  purpose: typeof RESEARCH_PURPOSE
  occupation: string
  nonce: string
  expiry: number
}

/** Research share typed data (the consent request shape with its own primary type). */
export type ResearchShareTypedData = Omit<TypedDataRequest, 'primaryType' | 'message'> & { primaryType: 'ResearchShare', message: ResearchShareMessage }

/** The typed data a patient signs to share `records`. */
export function shareTypedData (m: ResearchShareMessage): ResearchShareTypedData {
  return { domain: { ...CONSENT_DOMAIN }, types: { EIP712Domain: DOMAIN_TYPE, ResearchShare: SHARE_TYPE }, primaryType: 'ResearchShare', message: { ...m, records: [...m.records] } }
}

/**
 * Re-builds research share typed data from an untrusted value's message (nothing else is trusted).
 * @throws MedledgerError BAD_INPUT for another domain or type, a purpose other than HRESEARCH, an unknown
 *   occupation category, no records, duplicate records or more than MAX_SHARE_RECORDS, or a malformed field
 */
export function parseShareTypedData (value: unknown): ResearchShareTypedData {
  const v = value as { domain?: Record<string, unknown>, primaryType?: string, message?: Record<string, unknown> } | null
  if (v === null || typeof v !== 'object' || v.primaryType !== 'ResearchShare') throw bad('expected ResearchShare typed data')
  const d = v.domain
  if (d == null || d.name !== CONSENT_DOMAIN.name || d.version !== CONSENT_DOMAIN.version || Object.keys(d).length !== 2) throw bad('typed data must use the medledger domain')
  const m = v.message ?? {}
  const str = (k: string): string => {
    if (typeof m[k] !== 'string' || m[k].length === 0 || m[k].length > 200) throw bad(`message.${k} must be a string`)
    return m[k]
  }
  const expiry = Number(m.expiry)
  if (!Number.isSafeInteger(expiry) || expiry <= 0) throw bad('message.expiry must be seconds since epoch')
  if (str('purpose') !== RESEARCH_PURPOSE) throw bad('a research share is for purpose HRESEARCH only')
  const occupation = str('occupation')
  if (!(OCCUPATION_CATEGORIES as readonly string[]).includes(occupation)) throw bad('message.occupation must be an occupation category')
  const records = m.records
  if (!Array.isArray(records) || records.length === 0 || records.length > MAX_SHARE_RECORDS || !records.every((r) => typeof r === 'string' && r.length > 0 && r.length <= 200)) {
    throw bad(`message.records must name 1 to ${MAX_SHARE_RECORDS} record ids`)
  }
  if (new Set(records).size !== records.length) throw bad('message.records must be distinct')
  return shareTypedData({ requestId: str('requestId'), patient: str('patient'), records: records as string[], purpose: RESEARCH_PURPOSE, occupation, nonce: str('nonce'), expiry })
}

function bad (message: string): Error {
  return makeError(message, 'BAD_INPUT')
}
