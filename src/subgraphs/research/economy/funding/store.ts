/** The funding rows as the resolvers see them (the generated resolver types map FundingCampaign here). */
export type { CampaignRow, CampaignStatus, DonationSignatureRow } from '../../../../ports/funding-campaigns.ts'
