/**
 * Donations and settlement of crowdfunding campaigns.
 *
 * - A donation moves tokens donor → `escrow:<campaignId>` (ref `donation:<campaignId>:<donor>:<nonce>`) and appends a
 *   `DonationSigned` entry with the donor's EIP-712 signature in the same ledger append. The team holds no
 *   key to the escrow account: only settlement moves tokens out of it.
 * - Settlement, once the deadline has passed (or earlier, on the team's request, when the goal is met):
 *   goal met → one append of `escrow → team` (ref `release:<id>`) and `FundingContractAnchored` (campaign,
 *   every donation with its signature); goal missed → one transfer `escrow → donor` per donation (ref
 *   `refund:<donation ref>`), amounts taken from the ledger's own donation entries, so every donor gets back
 *   exactly what they gave. Refs make a repeated or crash-interrupted settlement move nothing twice; the
 *   SQLite status is written last and only records what the ledger already says.
 * - Donations and settlements of one process run one at a time (the store's lock), so no donation can land
 *   in escrow after the refunds were computed.
 */
import { makeError } from '../../../../core/errors.ts'
import type { FundingContractAnchored } from '../../../../core/tokens/index.ts'
import type { Services } from '../../../context.ts'
import { moveTokensWith, tokenBank } from '../tokens/bank.ts'
import type { TokenMove } from '../tokens/bank.ts'
import { openSqliteFundingCampaigns } from '../../../../adapters/sqlite/funding-store.ts'
import { openPostgresFundingCampaigns } from '../../../../adapters/postgres/funding-campaigns.ts'
import type { FundingCampaigns } from '../../../../ports/funding-campaigns.ts'
import type { CampaignRow } from './store.ts'

/** This process's funding store: PostgreSQL when the services have a pool, else research-funding.db. */
export function fundingStore (services: Pick<Services, 'store' | 'postgres'>): FundingCampaigns {
  const pool = services.postgres
  if (pool !== undefined) return services.store('research-funding-pg', () => openPostgresFundingCampaigns(pool))
  return services.store('research-funding', (file) => openSqliteFundingCampaigns(file))
}

/** The escrow account of a campaign. */
export function escrowOf (campaignId: string): string {
  return `escrow:${campaignId}`
}

/** The team's token account. */
export function teamOf (campaign: Pick<CampaignRow, 'teamAccountId'>): string {
  return `account:${campaign.teamAccountId}`
}

/** One donation as the ledger holds it. */
export interface DonationLine { ref: string, donor: string, amount: number, time: number }

/** Every donation into the campaign's escrow, oldest first (from the ledger's token entries). */
export async function donationsOf (services: Pick<Services, 'store' | 'ledger' | 'postgres'>, campaignId: string): Promise<DonationLine[]> {
  return (await (await tokenBank(services)).allMoves(escrowOf(campaignId)))
    .filter((m) => m.reason === 'donation' && m.delta > 0 && m.counterparty !== null)
    .map((m) => ({ ref: m.ref, donor: m.counterparty!, amount: m.delta, time: m.time }))
}

/**
 * Settles `campaign` when it is due: its deadline passed, or `early` (the team asks) and the goal is met.
 * Returns the campaign as stored afterwards (unchanged when it was settled before). Must run in `store.exclusive`.
 * @throws MedledgerError CONFLICT with reason NOT_DUE before the deadline, GOAL_NOT_MET when `early` and the
 *   goal is not met yet; whatever moveTokens throws
 */
export async function settleCampaign (services: Services, campaign: CampaignRow, early = false): Promise<CampaignRow> {
  const store = fundingStore(services)
  if (campaign.status !== 'OPEN') return campaign
  const donations = await donationsOf(services, campaign.id)
  const raised = donations.reduce((sum, d) => sum + d.amount, 0)
  const due = services.clock.now() >= campaign.deadline
  if (!due && !(early && raised >= campaign.goal)) {
    if (early) throw makeError('the campaign is open until its deadline or its goal; nothing was settled', 'CONFLICT', { reason: 'GOAL_NOT_MET' })
    throw makeError('the campaign is open until its deadline (only its team may settle early, on a met goal); nothing was settled', 'CONFLICT', { reason: 'NOT_DUE' })
  }
  const escrow = escrowOf(campaign.id)
  if (raised >= campaign.goal) {
    const signatures = await store.signatures(campaign.id)
    const contract: FundingContractAnchored = {
      type: 'FundingContractAnchored',
      time: 0,
      campaignId: campaign.id,
      team: teamOf(campaign),
      goal: campaign.goal,
      raised,
      deadline: campaign.deadline,
      donations: donations.map((d) => ({ ref: d.ref, donor: d.donor, amount: d.amount, nonce: signatures.get(d.ref)?.nonce ?? null, signature: signatures.get(d.ref)?.signature ?? null }))
    }
    const release: TokenMove = { type: 'TokensTransferred', from: escrow, to: teamOf(campaign), amount: raised, reason: 'escrow-release', ref: `release:${campaign.id}`, actor: 'system:escrow' }
    const { withIndexes } = await moveTokensWith(services, [release], [contract])
    await store.settle(campaign.id, 'FUNDED', withIndexes[0] ?? contractIndex(services, campaign.id))
  } else {
    const refunds: TokenMove[] = donations.map((d) => ({ type: 'TokensTransferred', from: escrow, to: d.donor, amount: d.amount, reason: 'refund', ref: `refund:${d.ref}`, actor: 'system:escrow' }))
    if (refunds.length > 0) await moveTokensWith(services, refunds)
    await store.settle(campaign.id, 'REFUNDED', null)
  }
  return (await store.get(campaign.id))!
}

/** Settles every OPEN campaign whose deadline passed (lazily, on read) where this process can write. */
export async function settleDue (services: Services, campaigns: CampaignRow[]): Promise<CampaignRow[]> {
  const now = services.clock.now()
  if (services.data === undefined || !campaigns.some((c) => c.status === 'OPEN' && now >= c.deadline)) return campaigns
  const store = fundingStore(services)
  return store.exclusive(async () => {
    const out: CampaignRow[] = []
    for (const c of campaigns) {
      const current = (await store.get(c.id))!
      out.push(current.status === 'OPEN' && now >= current.deadline ? await settleCampaign(services, current) : current)
    }
    return out
  })
}

// After a crash between the ledger append and the status update, the contract is already in the ledger.
function contractIndex (services: Pick<Services, 'ledger'>, campaignId: string): number | null {
  for (const { index, entry } of services.ledger.entries()) {
    if (entry.type === 'FundingContractAnchored' && entry.campaignId === campaignId) return index
  }
  return null
}
