/**
 * The research subgraph (schema/research.graphql): two products over one schema.
 * - corpus/: the de-identified research corpus — shares, release in k-batches, browsing, sharing networks
 *   and the peer relay (docs/research.md, "The corpus");
 * - economy/: tokens, crowdfunding, insurer programmes and bills (docs/research.md, "The economy").
 * The resolver map spreads each product's part.
 */
import type { SubgraphModule } from '../subgraph.ts'
import { corpusResolvers } from './corpus/index.ts'
import { economyResolvers } from './economy/index.ts'
import type { Resolvers } from './resolvers-types.generated.ts'

export { DEFAULT_K, DEFAULT_REWARD, researchK, researchReward } from './corpus/config.ts'

export const resolvers: Resolvers = {
  Query: { ...corpusResolvers.Query, ...economyResolvers.Query },
  Mutation: { ...corpusResolvers.Mutation, ...economyResolvers.Mutation },
  ...corpusResolvers.types,
  ...economyResolvers.types
}

/** The research subgraph module (schema/research.graphql). */
export const researchSubgraph: SubgraphModule = { name: 'research', resolvers }
