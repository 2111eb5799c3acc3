/** A patient a hospital imported before they had a wallet: their records are sealed to a custodial key. */
export interface CustodialPatientRow {
  id: string
  organizationId: string
  createdAt: number
  claimedBy: string | null
  claimedAt: number | null
}

/** The registered patient a claim makes of a custodial one (same person ID, the claiming account's key). */
export interface ClaimedPatient {
  id: string
  accountId: string
  /** The wallet public key, 0x hex. */
  publicKey: string
  registeredAt: number
}

/**
 * Custodial patients: the identities the importer creates for people who have no wallet yet, and the claim
 * that hands one to its person. The importer and the identity subgraph both talk to this port; the
 * implementation is the identity store (`subgraphs/identity/custodial.ts`, table `custodial_patients` of
 * `identity.db`). Claiming is one transaction: the claim code's patient becomes a registered patient (same
 * person ID) of the claiming account with its wallet key, and the account gains PATIENT.
 */
export interface CustodialPatients {
  /** Records a custodial patient (no-op when it exists). */
  register(row: { id: string, organizationId: string, createdAt: number }): void
  byId(id: string): CustodialPatientRow | undefined
  /** The wallet public key (0x hex) of a registered patient, claimed or not custodial at all. */
  walletKey(patientId: string): string | undefined
  /** Stores the SHA-256 of a claim code for an unclaimed patient. @throws MedledgerError NOT_FOUND / CONFLICT (claimed) */
  setClaimCode(id: string, codeHash: string): void
  /**
   * Claims the custodial patient of `codeHash` for `accountId`.
   * @throws MedledgerError NOT_FOUND for an unknown or used code or account; CONFLICT when the account already is a patient
   */
  claim(input: { codeHash: string, accountId: string, now: number }): ClaimedPatient
  close(): void
}

/** Opens the custodial patients of one identity store file. */
export type OpenCustodialPatients = (file: string) => CustodialPatients
