/**
 * Token actions as EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712) in the chain-independent
 * medledger domain (CONSENT_DOMAIN): flat messages of strings and uint64s, each with a nonce and an expiry
 * (seconds since epoch). `Donation` lives here; other modules (insurance enrolment) describe theirs with
 * {@link flatTypedData} and parse them with {@link parseFlatTypedData}.
 */
import { CONSENT_DOMAIN } from '../consent/index.ts'
import { makeError } from '../errors.ts'

const DOMAIN_TYPE = [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }]

/** Field names and EIP-712 types of a flat message (only `string` and `uint64`). */
export type FlatFields = ReadonlyArray<{ name: string, type: 'string' | 'uint64' }>

/** Typed data with a flat message. */
export interface FlatTypedData<M> {
  domain: { name: string, version: string }
  types: Record<string, Array<{ name: string, type: string }>>
  primaryType: string
  message: M
}

/** Builds typed data of `primaryType` with `fields` from `message` (only the listed fields are kept). */
export function flatTypedData<M extends Record<string, string | number>> (primaryType: string, fields: FlatFields, message: M): FlatTypedData<M> {
  const kept = Object.fromEntries(fields.map((f) => [f.name, message[f.name]])) as M
  return { domain: { ...CONSENT_DOMAIN }, types: { EIP712Domain: DOMAIN_TYPE, [primaryType]: fields.map((f) => ({ ...f })) }, primaryType, message: kept }
}

/**
 * Re-builds typed data of `primaryType` from an untrusted value's message: the medledger domain exactly,
 * strings non-empty (≤ 1000 characters), uint64 fields safe non-negative integers.
 * @throws MedledgerError BAD_INPUT otherwise
 */
export function parseFlatTypedData<M extends Record<string, string | number>> (value: unknown, primaryType: string, fields: FlatFields): FlatTypedData<M> {
  const v = value as { domain?: Record<string, unknown>, primaryType?: unknown, message?: Record<string, unknown> } | null
  if (v === null || typeof v !== 'object' || v.primaryType !== primaryType) throw bad(`expected ${primaryType} typed data`)
  const d = v.domain
  if (d == null || d.name !== CONSENT_DOMAIN.name || d.version !== CONSENT_DOMAIN.version || Object.keys(d).length !== 2) throw bad('typed data must use the medledger domain')
  const m = v.message ?? {}
  const out: Record<string, string | number> = {}
  for (const f of fields) {
    const x = m[f.name]
    if (f.type === 'string') {
      if (typeof x !== 'string' || x.length === 0 || x.length > 1000) throw bad(`message.${f.name} must be a string`)
      out[f.name] = x
    } else {
      const n = Number(x)
      if ((typeof x !== 'number' && typeof x !== 'string') || !Number.isSafeInteger(n) || n < 0) throw bad(`message.${f.name} must be a non-negative integer`)
      out[f.name] = n
    }
  }
  return flatTypedData(primaryType, fields, out as M)
}

/** A donor's signed gift: `amount` tokens from token account `donor` to campaign `campaign`. */
export interface DonationMessage extends Record<string, string | number> { campaign: string, donor: string, amount: number, nonce: string, expiry: number }

export const DONATION_FIELDS: FlatFields = [
  { name: 'campaign', type: 'string' }, { name: 'donor', type: 'string' }, { name: 'amount', type: 'uint64' },
  { name: 'nonce', type: 'string' }, { name: 'expiry', type: 'uint64' }
]

/** The typed data a donor signs. */
export function donationTypedData (m: DonationMessage): FlatTypedData<DonationMessage> {
  return flatTypedData('Donation', DONATION_FIELDS, m)
}

/**
 * A Donation from untrusted input.
 * @throws MedledgerError BAD_INPUT for anything else, or an amount of 0
 */
export function parseDonationTypedData (value: unknown): FlatTypedData<DonationMessage> {
  const parsed = parseFlatTypedData<DonationMessage>(value, 'Donation', DONATION_FIELDS)
  if (parsed.message.amount <= 0) throw bad('message.amount must be positive')
  return parsed
}

function bad (message: string): Error {
  return makeError(message, 'BAD_INPUT')
}
