/**
 * A patient's enrolment in an insurer's programme as EIP-712 typed data: the consent for the insurer to use
 * the programme's data for payment (purpose of use HPAYMT), with a nonce and an expiry.
 */
import { flatTypedData, parseFlatTypedData } from '../tokens/typed-data.ts'
import type { FlatFields, FlatTypedData } from '../tokens/typed-data.ts'

export interface EnrolmentMessage extends Record<string, string | number> { plan: string, patient: string, purpose: string, nonce: string, expiry: number }

const FIELDS: FlatFields = [
  { name: 'plan', type: 'string' }, { name: 'patient', type: 'string' }, { name: 'purpose', type: 'string' },
  { name: 'nonce', type: 'string' }, { name: 'expiry', type: 'uint64' }
]

/** The typed data a patient signs to enrol (purpose is always HPAYMT). */
export function enrolmentTypedData (m: Omit<EnrolmentMessage, 'purpose'>): FlatTypedData<EnrolmentMessage> {
  return flatTypedData<EnrolmentMessage>('PlanEnrolment', FIELDS, { ...m, purpose: 'HPAYMT' } as EnrolmentMessage)
}

/**
 * An enrolment from untrusted input.
 * @throws MedledgerError BAD_INPUT for anything else (including another purpose)
 */
export function parseEnrolmentTypedData (value: unknown): FlatTypedData<EnrolmentMessage> {
  const parsed = parseFlatTypedData<EnrolmentMessage>(value, 'PlanEnrolment', FIELDS)
  if (parsed.message.purpose !== 'HPAYMT') return parseFlatTypedData(null, 'PlanEnrolment', FIELDS)
  return parsed
}
