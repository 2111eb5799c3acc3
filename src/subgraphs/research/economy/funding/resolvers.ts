/** Crowdfunding: open, sign, donate, settle, deliver the treatment plan. */
import { recoverSigner } from '../../../../core/consent/index.ts'
import type { TypedDataRequest } from '../../../../core/consent/index.ts'
import { makeError } from '../../../../core/errors.ts'
import { donationTypedData, parseDonationTypedData } from '../../../../core/tokens/index.ts'
import type { DonationSigned } from '../../../../core/tokens/index.ts'
import { uuid } from '../../../../core/ids.ts'
import type { SubgraphContext } from '../../../context.ts'
import { signatureExpiry, signatureNonce, signingRequest, assertSignatureWindow } from '../../../signature-window.ts'
import type { Resolvers } from '../../resolvers-types.generated.ts'
import { accountOf, personalAccount, requireRole, tokenAmount } from '../tokens/accounts.ts'
import { moveTokensWith } from '../tokens/bank.ts'
import { donationsOf, escrowOf, fundingStore, settleCampaign, settleDue, teamOf } from './settle.ts'
import type { CampaignRow } from './store.ts'

type Q = NonNullable<Resolvers['Query']>
type M = NonNullable<Resolvers['Mutation']>

export const fundingResolvers: Pick<Resolvers, 'FundingCampaign'> & {
  Query: Pick<Q, 'fundingCampaign' | 'fundingCampaigns' | 'donationToSign'>
  Mutation: Pick<M, 'openFundingCampaign' | 'donate' | 'settleFundingCampaign' | 'deliverTreatmentPlan'>
} = {
  Query: {
    fundingCampaign: async (_p, { id }, ctx) => {
      accountOf(ctx)
      const row = await fundingStore(ctx.services).get(id)
      return row === undefined ? null : (await settleDue(ctx.services, [row]))[0]!
    },
    fundingCampaigns: async (_p, _a, ctx) => {
      accountOf(ctx)
      return settleDue(ctx.services, await fundingStore(ctx.services).list())
    },
    donationToSign: async (_p, { campaignId, amount, validForSeconds }, ctx) => {
      const viewer = accountOf(ctx)
      const campaign = await openCampaign(ctx, campaignId)
      const typedData = donationTypedData({
        campaign: campaign.id, donor: personalAccount(viewer), amount: tokenAmount(amount), nonce: signatureNonce(ctx), expiry: signatureExpiry(ctx, validForSeconds)
      })
      return signingRequest(typedData)
    }
  },
  Mutation: {
    openFundingCampaign: async (_p, args, ctx) => {
      const viewer = requireRole(ctx, 'RESEARCHER')
      const deadline = Date.parse(args.deadline)
      if (!Number.isFinite(deadline) || deadline <= ctx.services.clock.now()) throw makeError('deadline must be a future ISO 8601 time', 'BAD_INPUT')
      if (args.title.trim() === '' || args.title.length > 200 || args.plan.trim() === '' || args.plan.length > 20_000) throw makeError('title (≤ 200) and plan (≤ 20000) must not be empty', 'BAD_INPUT')
      return fundingStore(ctx.services).insert({
        id: uuid(ctx.services.rng),
        teamAccountId: viewer.accountId,
        title: args.title,
        plan: args.plan,
        goal: tokenAmount(args.goal, 'goal'),
        deadline,
        qualifyingAmount: tokenAmount(args.qualifyingAmount, 'qualifyingAmount'),
        openedAt: ctx.services.clock.now()
      })
    },
    donate: async (_p, { typedData, signature }, ctx) => {
      const viewer = accountOf(ctx)
      const parsed = parseDonationTypedData(typedData)
      const m = parsed.message
      if (m.donor !== personalAccount(viewer)) throw makeError('the donation names another donor', 'FORBIDDEN')
      assertSignatureWindow(ctx, m.expiry)
      const signer = recoverSigner(parsed as unknown as TypedDataRequest, signature)
      if (signer.toLowerCase() !== viewer.address.toLowerCase()) throw makeError('not signed by the caller\'s wallet', 'FORBIDDEN')
      const store = fundingStore(ctx.services)
      return store.exclusive(async () => {
        const campaign = await openCampaign(ctx, m.campaign)
        // Per donor: another donor choosing the same nonce must not collide with this gift.
        const ref = `donation:${campaign.id}:${m.donor}:${m.nonce}`
        const { applied } = await moveTokensWith(ctx.services,
          [{ type: 'TokensTransferred', from: m.donor, to: escrowOf(campaign.id), amount: m.amount, reason: 'donation', ref, actor: `account:${viewer.accountId}` }],
          [signedEntry({ type: 'DonationSigned', campaignId: campaign.id, ref, donor: m.donor, amount: m.amount, nonce: m.nonce, expiry: m.expiry, signer, signature, time: 0 })])
        await store.addSignature({ ref, campaignId: campaign.id, donor: m.donor, amount: m.amount, nonce: m.nonce, signature })
        // a replayed signature moved nothing: say so (the signature row above completes a crash-interrupted first try)
        if (applied[0] !== true) throw makeError('this signed donation was already given; nothing moved twice', 'CONFLICT', { reason: 'REPLAYED' })
        return (await store.get(campaign.id))!
      })
    },
    settleFundingCampaign: async (_p, { id }, ctx) => {
      const viewer = accountOf(ctx)
      const store = fundingStore(ctx.services)
      const found = await store.get(id)
      if (found === undefined) throw makeError('no such campaign', 'NOT_FOUND')
      // Anyone may settle a campaign past its deadline; only the team may close it early on a met goal.
      const early = found.teamAccountId === viewer.accountId
      return store.exclusive(async () => {
        const current = (await store.get(id))!
        if (current.status !== 'OPEN') throw makeError('the campaign is settled already; nothing moved', 'CONFLICT', { reason: 'ALREADY_DONE' })
        return settleCampaign(ctx.services, current, early)
      })
    },
    deliverTreatmentPlan: async (_p, { campaignId, carePlan, donor }, ctx) => {
      const viewer = accountOf(ctx)
      const store = fundingStore(ctx.services)
      const campaign = await store.get(campaignId)
      if (campaign === undefined) throw makeError('no such campaign', 'NOT_FOUND')
      if (campaign.teamAccountId !== viewer.accountId) throw makeError('only the team delivers its treatment plan', 'FORBIDDEN')
      if (campaign.status !== 'FUNDED') throw makeError('a treatment plan follows a funded campaign', 'CONFLICT')
      const plan = carePlan as { resourceType?: unknown } | null
      if (plan === null || typeof plan !== 'object' || plan.resourceType !== 'CarePlan') throw makeError('carePlan must be a FHIR CarePlan', 'BAD_INPUT')
      if (JSON.stringify(plan).length > 100_000) throw makeError('carePlan is too large', 'BAD_INPUT')
      if (donor === null || donor === undefined) {
        await store.setTreatmentPlan(campaignId, plan)
      } else {
        if (await donatedByAccount(ctx, campaign, donor) < campaign.qualifyingAmount) throw makeError('a customized plan goes to a qualifying donor', 'BAD_INPUT')
        await store.setDonorPlan(campaignId, donor, plan)
      }
      return (await store.get(campaignId))!
    }
  },
  FundingCampaign: {
    deadline: (c) => new Date(c.deadline).toISOString(),
    team: (c) => teamOf(c),
    escrow: (c) => escrowOf(c.id),
    contract: (c) => c.contractLedgerIndex === null ? null : { index: c.contractLedgerIndex },
    raised: async (c, _a, ctx) => (await donationsOf(ctx.services, c.id)).reduce((s, d) => s + d.amount, 0),
    myDonation: (c, _a, ctx) => donatedBy(ctx, c),
    donations: async (c, _a, ctx) => {
      if (accountOf(ctx).accountId !== c.teamAccountId) throw makeError('only the team sees every donation', 'FORBIDDEN')
      return (await donationsOf(ctx.services, c.id)).map((d) => ({ donor: d.donor, amount: d.amount, time: new Date(d.time).toISOString() }))
    },
    treatmentPlan: async (c, _a, ctx) => {
      const viewer = accountOf(ctx)
      if (viewer.accountId === c.teamAccountId) return c.treatmentPlan
      if (await donatedBy(ctx, c) < c.qualifyingAmount) return null
      return (await fundingStore(ctx.services).donorPlan(c.id, personalAccount(viewer))) ?? c.treatmentPlan
    }
  }
}

const signedEntry = (e: DonationSigned): DonationSigned => e

async function donatedBy (ctx: SubgraphContext, c: CampaignRow): Promise<number> {
  return donatedByAccount(ctx, c, personalAccount(accountOf(ctx)))
}

async function donatedByAccount (ctx: SubgraphContext, c: CampaignRow, account: string): Promise<number> {
  return (await donationsOf(ctx.services, c.id)).filter((d) => d.donor === account).reduce((s, d) => s + d.amount, 0)
}

async function openCampaign (ctx: SubgraphContext, id: string): Promise<CampaignRow> {
  const campaign = await fundingStore(ctx.services).get(id)
  if (campaign === undefined) throw makeError('no such campaign', 'NOT_FOUND')
  if (campaign.status !== 'OPEN' || ctx.services.clock.now() >= campaign.deadline) throw makeError('the campaign no longer takes donations', 'CONFLICT')
  return campaign
}
