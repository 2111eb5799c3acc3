/**
 * Emergency actions as EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712) in the chain-independent
 * medledger domain: a patient's contact list and M (`EmergencyContacts`), and a contact's answer to a request
 * (`EmergencyResponse`). Each carries a nonce and an expiry (seconds since epoch).
 */
import { CONSENT_DOMAIN } from '../consent/index.ts'
import type { TypedDataRequest } from '../consent/index.ts'
import { makeError } from '../errors.ts'

const DOMAIN_TYPE = [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }]
const TYPES = {
  EmergencyContacts: [
    { name: 'patient', type: 'string' }, { name: 'contacts', type: 'string[]' }, { name: 'threshold', type: 'uint32' },
    { name: 'nonce', type: 'string' }, { name: 'expiry', type: 'uint64' }
  ],
  EmergencyBreakGlass: [
    { name: 'requestId', type: 'string' }, { name: 'patient', type: 'string' }, { name: 'practitioner', type: 'string' },
    { name: 'nonce', type: 'string' }, { name: 'expiry', type: 'uint64' }
  ],
  EmergencyResponse: [
    { name: 'requestId', type: 'string' }, { name: 'patient', type: 'string' }, { name: 'contact', type: 'string' },
    { name: 'decision', type: 'string' }, { name: 'nonce', type: 'string' }, { name: 'expiry', type: 'uint64' }
  ]
}

/** The signed message of a contact list. */
export interface ContactsMessage { patient: string, contacts: string[], threshold: number, nonce: string, expiry: number }
/** The signed message of a contact's answer. */
export interface ResponseMessage { requestId: string, patient: string, contact: string, decision: 'CONFIRM' | 'DENY', nonce: string, expiry: number }

/** The signed message of a practitioner's break-glass signature. */
export interface BreakGlassMessage { requestId: string, patient: string, practitioner: string, nonce: string, expiry: number }

/** Emergency typed data (the consent request shape with its own primary types). */
export type EmergencyTypedData<M> = Omit<TypedDataRequest, 'primaryType' | 'message'> & { primaryType: 'EmergencyContacts' | 'EmergencyResponse' | 'EmergencyBreakGlass', message: M }

/** The typed data a patient signs to set contacts and M. */
export function contactsTypedData (m: ContactsMessage): EmergencyTypedData<ContactsMessage> {
  return { domain: { ...CONSENT_DOMAIN }, types: { EIP712Domain: DOMAIN_TYPE, EmergencyContacts: TYPES.EmergencyContacts }, primaryType: 'EmergencyContacts', message: { ...m, contacts: [...m.contacts] } }
}

/** The typed data a contact signs to confirm or deny a request. */
export function responseTypedData (m: ResponseMessage): EmergencyTypedData<ResponseMessage> {
  return { domain: { ...CONSENT_DOMAIN }, types: { EIP712Domain: DOMAIN_TYPE, EmergencyResponse: TYPES.EmergencyResponse }, primaryType: 'EmergencyResponse', message: { ...m } }
}

/** The typed data a practitioner signs for break-glass access. */
export function breakGlassTypedData (m: BreakGlassMessage): EmergencyTypedData<BreakGlassMessage> {
  return { domain: { ...CONSENT_DOMAIN }, types: { EIP712Domain: DOMAIN_TYPE, EmergencyBreakGlass: TYPES.EmergencyBreakGlass }, primaryType: 'EmergencyBreakGlass', message: { ...m } }
}

/**
 * Re-builds typed data of `primaryType` from an untrusted value's message (nothing else is trusted).
 * @throws MedledgerError BAD_INPUT for another domain, type or a malformed message
 */
export function parseEmergencyTypedData (value: unknown, primaryType: 'EmergencyContacts'): EmergencyTypedData<ContactsMessage>
export function parseEmergencyTypedData (value: unknown, primaryType: 'EmergencyResponse'): EmergencyTypedData<ResponseMessage>
export function parseEmergencyTypedData (value: unknown, primaryType: 'EmergencyBreakGlass'): EmergencyTypedData<BreakGlassMessage>
export function parseEmergencyTypedData (value: unknown, primaryType: 'EmergencyContacts' | 'EmergencyResponse' | 'EmergencyBreakGlass'): EmergencyTypedData<ContactsMessage | ResponseMessage | BreakGlassMessage> {
  const v = value as { domain?: Record<string, unknown>, primaryType?: string, message?: Record<string, unknown> } | null
  if (v === null || typeof v !== 'object' || v.primaryType !== primaryType) throw bad(`expected ${primaryType} typed data`)
  const d = v.domain
  if (d == null || d.name !== CONSENT_DOMAIN.name || d.version !== CONSENT_DOMAIN.version || Object.keys(d).length !== 2) throw bad('typed data must use the medledger domain')
  const m = v.message ?? {}
  const str = (k: string): string => {
    if (typeof m[k] !== 'string' || m[k].length === 0 || m[k].length > 1000) throw bad(`message.${k} must be a string`)
    return m[k]
  }
  const expiry = Number(m.expiry)
  if (!Number.isSafeInteger(expiry) || expiry <= 0) throw bad('message.expiry must be seconds since epoch')
  if (primaryType === 'EmergencyBreakGlass') {
    return breakGlassTypedData({ requestId: str('requestId'), patient: str('patient'), practitioner: str('practitioner'), nonce: str('nonce'), expiry })
  }
  if (primaryType === 'EmergencyResponse') {
    const decision = str('decision')
    if (decision !== 'CONFIRM' && decision !== 'DENY') throw bad('message.decision must be CONFIRM or DENY')
    return responseTypedData({ requestId: str('requestId'), patient: str('patient'), contact: str('contact'), decision, nonce: str('nonce'), expiry })
  }
  const contacts = m.contacts
  if (!Array.isArray(contacts) || contacts.length > 20 || !contacts.every((c) => typeof c === 'string' && c.length > 0)) throw bad('message.contacts must be person ids')
  const threshold = Number(m.threshold)
  if (!Number.isSafeInteger(threshold) || threshold < 1) throw bad('message.threshold must be an integer ≥ 1')
  return contactsTypedData({ patient: str('patient'), contacts: contacts as string[], threshold, nonce: str('nonce'), expiry })
}

function bad (message: string): Error {
  return makeError(message, 'BAD_INPUT')
}
