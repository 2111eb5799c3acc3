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

export interface OrganizationRow {
  id: string
  name: string
  latitude: number | null
  longitude: number | null
  createdAt: number
}

export interface PractitionerRow {
  id: string
  accountId: string
  organizationId: string
  name: string
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
