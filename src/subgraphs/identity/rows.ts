import type { ApiScope, Role } from '../context.ts'

/*
 * Rows of the identity store, as resolvers receive them (codegen maps the GraphQL types onto these).
 * Times are milliseconds since the Unix epoch; resolvers turn them into ISO 8601 strings.
 */

/** A wallet that has signed in at least once. */
export interface AccountRow {
  id: string
  /** Lower-cased 0x address; `getAddress` gives the EIP-55 form. */
  address: string
  /** Compressed secp256k1 public key (0x hex) recovered from the first sign-in signature. */
  publicKey: string
  roles: Role[]
  createdAt: number
}

/** A registered patient; `id` is the unique person ID. */
export interface PatientRow {
  id: string
  accountId: string
  publicKey: string
  registeredAt: number
}

/** Whether an organization is trusted as a hospital: only VERIFIED ones are (see docs/security.md). */
export type VerificationStatus = 'UNVERIFIED' | 'VERIFIED' | 'SUSPENDED'

export interface OrganizationRow {
  id: string
  name: string
  latitude: number | null
  longitude: number | null
  createdAt: number
  verification: VerificationStatus
  /** When the status last changed (null while never verified) and who changed it (`account:<id>` or `operator:<name>`). */
  verificationChangedAt: number | null
  verificationChangedBy: string | null
  /** When the organization was last verified; null when never. */
  verifiedAt: number | null
}

/** One change of an organization's verification, as kept for its ledger entry. */
export interface VerificationEventRow {
  seq: number
  organizationId: string
  status: 'VERIFIED' | 'SUSPENDED'
  actor: string
  reason: string | null
  time: number
  /** The OrganizationVerified / OrganizationSuspended entry's position; null until appended. */
  entryIndex: number | null
}

export interface PractitionerRow {
  id: string
  accountId: string
  organizationId: string
  name: string
  /** When the account became this organization's practitioner (0 for practitioners registered before this was kept). */
  registeredAt: number
}

/** An API key without its secret hash (see `IdentityStore.apiKeyCredential`). */
export interface ApiKeyRow {
  id: string
  organizationId: string
  scopes: ApiScope[]
  createdAt: number
  revokedAt: number | null
}

/** A sign-in nonce as issued by `siweChallenge`. */
export interface NonceRow {
  nonce: string
  /** Lower-cased address the nonce was issued for. */
  address: string
  issuedAt: number
  expiresAt: number
  usedAt: number | null
}
