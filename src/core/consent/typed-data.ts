/**
 * Grants and revocations as EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712), signed by the
 * patient's wallet with `eth_signTypedData_v4`. The domain is chain-independent (no chainId, no contract):
 * a signature stays verifiable whatever chain the ledger is anchored to. The grant's provision tree travels
 * as one canonical-JSON string (`policy`), so the wallet shows it and the signature covers all of it.
 */
import { TypedDataEncoder, verifyTypedData } from 'ethers'
import { canonicalJson } from '../canonical-json.ts'
import { makeError } from '../errors.ts'
import type { Grant, Provision } from './types.ts'
import { assertGrant } from './validate.ts'

/** The EIP-712 domain of every medledger consent signature. */
export const CONSENT_DOMAIN = Object.freeze({ name: 'medledger', version: '1' })

const DOMAIN_TYPE = [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }]
const GRANT_TYPES = {
  Grant: [
    { name: 'grantId', type: 'string' },
    { name: 'patient', type: 'string' },
    { name: 'policy', type: 'string' },
    { name: 'nonce', type: 'string' },
    { name: 'expiry', type: 'uint64' }
  ]
}
const REVOCATION_TYPES = {
  Revocation: [
    { name: 'grantId', type: 'string' },
    { name: 'patient', type: 'string' },
    { name: 'nonce', type: 'string' },
    { name: 'expiry', type: 'uint64' }
  ]
}

/**
 * What the patient is shown about a grantee when signing: whether the organization (or the practitioner's
 * organization) is verified as a hospital. Informational — it does not widen or narrow the grant — but signed,
 * so the patient's choice to trust an unverified grantee is on record.
 */
export interface GranteeVerification {
  /** `Organization/<id>` or `Practitioner/<id>`. */
  reference: string
  verification: 'UNVERIFIED' | 'VERIFIED' | 'SUSPENDED' | 'UNKNOWN'
}

const VERIFICATIONS = new Set(['UNVERIFIED', 'VERIFIED', 'SUSPENDED', 'UNKNOWN'])
const MAX_GRANTEES = 100

/** The signed message of a grant; `expiry` is the signature's deadline in seconds since epoch. */
export interface GrantMessage { grantId: string, patient: string, policy: string, nonce: string, expiry: number }
/** The signed message of a revocation. */
export interface RevocationMessage { grantId: string, patient: string, nonce: string, expiry: number }

/** What `eth_signTypedData_v4` takes (types include EIP712Domain). */
export interface TypedDataRequest<M = GrantMessage | RevocationMessage> {
  domain: { name: string, version: string }
  types: Record<string, Array<{ name: string, type: string }>>
  primaryType: 'Grant' | 'Revocation'
  message: M
}

/**
 * The typed data a patient signs to make `grant` (its id, patient and provision tree), with a nonce and an
 * expiry (seconds since epoch). With `grantees`, the policy also carries the verification status of the
 * organizations and practitioners it names, so the wallet shows it.
 * @throws MedledgerError BAD_INPUT for a malformed grant or grantee list
 */
export function grantTypedData (grant: Grant, nonce: string, expiry: number, grantees: readonly GranteeVerification[] = []): TypedDataRequest<GrantMessage> {
  assertGrant(grant)
  assertGrantees(grantees)
  const policy = grantees.length === 0 ? { provision: grant.provision } : { provision: grant.provision, grantees: grantees.map((g) => ({ reference: g.reference, verification: g.verification })) }
  return {
    domain: { ...CONSENT_DOMAIN },
    types: { EIP712Domain: DOMAIN_TYPE, ...GRANT_TYPES },
    primaryType: 'Grant',
    message: { grantId: grant.id, patient: grant.patientId, policy: canonicalJson(policy), nonce, expiry }
  }
}

/** The organizations and practitioners a provision tree names, as `Organization/<id>` / `Practitioner/<id>`, in order, once each. */
export function namedGrantees (provision: Provision): string[] {
  const out = new Set<string>()
  const walk = (p: Provision): void => {
    for (const a of p.actors ?? []) {
      if (a.kind === 'organization') out.add(`Organization/${a.id}`)
      if (a.kind === 'practitioner') out.add(`Practitioner/${a.id}`)
    }
    for (const child of p.provisions ?? []) walk(child)
  }
  walk(provision)
  return [...out]
}

/** The grantee statuses a signed Grant message carries ([] when none). */
export function granteesOf (message: GrantMessage): GranteeVerification[] {
  const parsed = JSON.parse(message.policy) as { grantees?: unknown }
  const grantees = (parsed.grantees ?? []) as GranteeVerification[]
  assertGrantees(grantees)
  return grantees
}

function assertGrantees (grantees: unknown): asserts grantees is GranteeVerification[] {
  if (!Array.isArray(grantees) || grantees.length > MAX_GRANTEES) throw bad(`policy.grantees must be a list of at most ${MAX_GRANTEES}`)
  for (const g of grantees as unknown[]) {
    const v = g as Partial<GranteeVerification> | null
    if (v === null || typeof v !== 'object' || typeof v.reference !== 'string' || !/^(Organization|Practitioner)\/[A-Za-z0-9\-.]{1,64}$/.test(v.reference) ||
      typeof v.verification !== 'string' || !VERIFICATIONS.has(v.verification) || Object.keys(v).length !== 2) {
      throw bad('policy.grantees entries are { reference: "Organization/<id>" | "Practitioner/<id>", verification }')
    }
  }
}

/** The typed data a patient signs to revoke grant `grantId`. */
export function revocationTypedData (grantId: string, patientId: string, nonce: string, expiry: number): TypedDataRequest<RevocationMessage> {
  return {
    domain: { ...CONSENT_DOMAIN },
    types: { EIP712Domain: DOMAIN_TYPE, ...REVOCATION_TYPES },
    primaryType: 'Revocation',
    message: { grantId, patient: patientId, nonce, expiry }
  }
}

/**
 * Checks that `value` is medledger typed data of `primaryType` (our domain and types exactly, no chainId)
 * and returns it re-built from its message, so nothing the caller added is trusted.
 * @throws MedledgerError BAD_INPUT for anything else, including a grant whose policy is malformed
 */
export function parseTypedData (value: unknown, primaryType: 'Grant'): TypedDataRequest<GrantMessage>
export function parseTypedData (value: unknown, primaryType: 'Revocation'): TypedDataRequest<RevocationMessage>
export function parseTypedData (value: unknown, primaryType: 'Grant' | 'Revocation'): TypedDataRequest {
  const v = value as Partial<TypedDataRequest<Record<string, unknown>>>
  if (v === null || typeof v !== 'object' || v.primaryType !== primaryType) throw bad(`expected ${primaryType} typed data`)
  const d = v.domain as Record<string, unknown> | undefined
  if (d === undefined || d === null || d.name !== CONSENT_DOMAIN.name || d.version !== CONSENT_DOMAIN.version || Object.keys(d).length !== 2) {
    throw bad('typed data must use the medledger domain (name medledger, version 1, no chainId)')
  }
  const m = v.message ?? {}
  const str = (k: string): string => {
    if (typeof m[k] !== 'string' || m[k].length === 0 || m[k].length > 100_000) throw bad(`message.${k} must be a string`)
    return m[k]
  }
  const expiry = Number(m.expiry)
  if (!Number.isSafeInteger(expiry) || expiry <= 0) throw bad('message.expiry must be seconds since epoch')
  if (primaryType === 'Revocation') return revocationTypedData(str('grantId'), str('patient'), str('nonce'), expiry)
  const message = { grantId: str('grantId'), patient: str('patient'), policy: str('policy'), nonce: str('nonce'), expiry }
  const grant = grantOf(message)
  const rebuilt = grantTypedData(grant, str('nonce'), expiry, granteesOf(message))
  if (rebuilt.message.policy !== m.policy) throw bad('message.policy must be canonical JSON')
  return rebuilt
}

/**
 * The grant a signed Grant message stands for.
 * @throws MedledgerError BAD_INPUT when the policy is not JSON of a valid provision tree
 */
export function grantOf (message: GrantMessage): Grant {
  let policy: { provision?: Provision }
  try {
    policy = JSON.parse(message.policy) as { provision?: Provision }
  } catch {
    throw bad('message.policy is not JSON')
  }
  const grant: Grant = { id: message.grantId, patientId: message.patient, provision: policy.provision as Provision }
  assertGrant(grant)
  return grant
}

/** The EIP-712 digest of typed data (what the wallet signs). */
export function typedDataDigest (request: TypedDataRequest): string {
  return TypedDataEncoder.hash(request.domain, withoutDomain(request.types), request.message)
}

/**
 * The address that signed `request` (checksummed).
 * @throws MedledgerError BAD_INPUT for a malformed signature
 */
export function recoverSigner (request: TypedDataRequest, signature: string): string {
  try {
    return verifyTypedData(request.domain, withoutDomain(request.types), request.message, signature)
  } catch (err) {
    throw makeError('not a valid EIP-712 signature', 'BAD_INPUT', {}, err)
  }
}

function withoutDomain (types: TypedDataRequest['types']): TypedDataRequest['types'] {
  const { EIP712Domain: _domain, ...rest } = types
  return rest
}

function bad (message: string): Error {
  return makeError(message, 'BAD_INPUT')
}
