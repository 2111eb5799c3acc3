/**
 * Ledger entries of crowdfunding (alongside the token entries that move the money), so anyone can re-verify a
 * campaign offline: each donation's EIP-712 signature, and the funding contract that closed a campaign.
 * Type aliases, not interfaces, so they fit the ledger's open entry type.
 */

/** A donor's signed Donation typed data (appended with the donor → escrow transfer of the same `ref`). */
export type DonationSigned = {
  type: 'DonationSigned'
  time: number
  campaignId: string
  /** The transfer's ref: `donation:<campaignId>:<donor>:<nonce>`. */
  ref: string
  donor: string
  amount: number
  nonce: string
  /** Signature deadline, seconds since epoch. */
  expiry: number
  /** EIP-55 address that signed. */
  signer: string
  signature: string
}

/** A campaign met its goal by its deadline (appended with the escrow → team release `release:<campaignId>`). */
export type FundingContractAnchored = {
  type: 'FundingContractAnchored'
  time: number
  campaignId: string
  /** The team's token account. */
  team: string
  goal: number
  raised: number
  /** ms since epoch */
  deadline: number
  /** Every donation, with its nonce and signature when the funding store still has them. */
  donations: Array<{ ref: string, donor: string, amount: number, nonce: string | null, signature: string | null }>
}
