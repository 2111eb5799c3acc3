/**
 * Who is asking, as the gateway and every subgraph both see it. The gateway resolves it from the bearer
 * token or API key and hands it to subgraphs in the signed internal header (see auth-keys.ts).
 */

export type Role = 'PATIENT' | 'PRACTITIONER' | 'HOSPITAL_ADMIN' | 'RESEARCHER' | 'INSURER' | 'AUDITOR' | 'REGULATOR'
export type ApiScope = 'RECORDS_READ' | 'RECORDS_WRITE' | 'IMPORT'

/**
 * Who is asking. The gateway resolves it from the bearer token or API key and hands it to subgraphs in the
 * signed internal header; subgraphs never see the caller's credentials.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | {
    kind: 'account'
    accountId: string
    /** EIP-55 address of the wallet. */
    address: string
    roles: Role[]
    /** Unique person ID when the account is a registered patient. */
    patientId?: string
    /** When the account is a registered practitioner. */
    practitionerId?: string
    /** Organizations the account administers (HOSPITAL_ADMIN) or works for (PRACTITIONER). */
    organizationIds: string[]
    /** Of `organizationIds`, those VERIFIED now: only these are trusted as hospitals (read fresh per request). */
    verifiedOrganizationIds: string[]
    /** The organization the practitioner works for, and since when (ms; 0 = before times were kept). */
    practitionerOrganizationId?: string
    practitionerSince?: number
    /** The sign-in this bearer token belongs to (refreshSession keeps it, signOut revokes it). */
    sessionId?: string
    /** When that sign-in happened, ms since epoch. */
    authTime?: number
  }
  | { kind: 'apiKey', keyId: string, organizationId: string, scopes: ApiScope[], /** The key's organization is VERIFIED now. */ organizationVerified: boolean }

/** The name an actor goes by in ledger entries and audit logs. */
export function actorOf (viewer: Viewer): string {
  switch (viewer.kind) {
    case 'account': return `account:${viewer.accountId}`
    case 'apiKey': return `apikey:${viewer.keyId}`
    default: return 'anonymous'
  }
}
