/**
 * The economy's part of the research subgraph's resolver map, in one place: tokens, crowdfunding, insurer
 * programmes and billing. index.ts spreads `Query`, `Mutation` and `types`.
 */
import { fundingResolvers } from './funding/resolvers.ts'
import { insuranceResolvers } from './insurance/resolvers.ts'
import { tokenResolvers } from './tokens/resolvers.ts'

export const economyResolvers = {
  Query: { ...tokenResolvers.Query, ...fundingResolvers.Query, ...insuranceResolvers.Query },
  Mutation: { ...tokenResolvers.Mutation, ...fundingResolvers.Mutation, ...insuranceResolvers.Mutation },
  types: {
    TokenAccount: tokenResolvers.TokenAccount,
    TokenMove: tokenResolvers.TokenMove,
    FundingCampaign: fundingResolvers.FundingCampaign,
    InsurancePlan: insuranceResolvers.InsurancePlan,
    PlanEnrolment: insuranceResolvers.PlanEnrolment
  }
}
