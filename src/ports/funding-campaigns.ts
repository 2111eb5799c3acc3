/**
 * Crowdfunding campaigns: what a team opened, its status and treatment plans, plus the donors' signatures.
 * Money is not here: donations, releases and refunds are token entries in the ledger (escrow:<campaignId>),
 * read through the TokenBank. Two adapters: SQLite (`<data folder>/research-funding.db`) and PostgreSQL.
 */

export type CampaignStatus = 'OPEN' | 'FUNDED' | 'REFUNDED'

/** A campaign (FundingCampaign resolves from it). */
export interface CampaignRow {
  id: string
  teamAccountId: string
  title: string
  plan: string
  goal: number
  /** ms since epoch */
  deadline: number
  qualifyingAmount: number
  status: CampaignStatus
  openedAt: number
  contractLedgerIndex: number | null
  /** The team's FHIR CarePlan for every qualifying donor, once delivered (donor plans hold customized ones). */
  treatmentPlan: unknown
}

/** A donor's signature over a donation (also in the ledger as DonationSigned). */
export interface DonationSignatureRow { ref: string, campaignId: string, donor: string, amount: number, nonce: string, signature: string }

/** The funding store port; every method is asynchronous. */
export interface FundingCampaigns {
  /** Opens a campaign (status OPEN). @throws whatever the store throws on a duplicate id */
  insert(row: Omit<CampaignRow, 'status' | 'contractLedgerIndex' | 'treatmentPlan'>): Promise<CampaignRow>
  get(id: string): Promise<CampaignRow | undefined>
  /** Every campaign, newest first. */
  list(): Promise<CampaignRow[]>
  /** Moves an OPEN campaign to its final status (no-op when already final). */
  settle(id: string, status: 'FUNDED' | 'REFUNDED', contractLedgerIndex: number | null): Promise<void>
  setTreatmentPlan(id: string, plan: unknown): Promise<void>
  /** A plan customized for one donor (replacing an earlier one). */
  setDonorPlan(campaignId: string, donor: string, plan: unknown): Promise<void>
  /** The plan customized for `donor`, if any. */
  donorPlan(campaignId: string, donor: string): Promise<unknown>
  /** Keeps a donation's signature (the first one per ref wins). */
  addSignature(row: DonationSignatureRow): Promise<void>
  signatures(campaignId: string): Promise<Map<string, DonationSignatureRow>>
  /**
   * Runs `fn` as the only donor/settler of the funding store: within the process for SQLite, across the
   * processes sharing the database for PostgreSQL. Resolves or rejects as `fn` does.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  close(): void
}
