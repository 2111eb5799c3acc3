/**
 * The research subgraph (schema/research.graphql). The research corpus: sharing with a signed
 * HRESEARCH consent (sharing.ts), k-anonymous browsing, aggregates, outcomes and NDJSON export (browse.ts),
 * private sharing networks (networks.ts) and the anonymous peer relay (relay.ts), over the research store
 * (corpus-store.ts) and the pure rules of src/core/deid. The economy adds tokens, crowdfunding and insurers
 * (tokens/, funding/, insurance/). The resolver map is built by spreading each module's part.
 */
import type { SubgraphModule } from '../subgraph.ts'
import { browseQueries } from './corpus/browse.ts'
import { researchK } from './corpus/config.ts'
import { corpusStore } from './corpus/model.ts'
import type { CorpusRecordOut, NetworkMemberOut } from './corpus/model.ts'
import { networkMutations, networkQueries, SharingNetwork } from './corpus/networks.ts'
import { RelayMessage, relayMutations, relayQueries } from './corpus/relay.ts'
import type { CorpusRecordResolvers, NetworkMemberResolvers, ResearchShareRequestResolvers, ResearchShareResolvers, Resolvers } from './resolvers-types.generated.ts'
import { sharingMutations, sharingQueries } from './corpus/sharing.ts'
import { economyResolvers } from './economy/index.ts'

export { DEFAULT_K, DEFAULT_REWARD, researchK, researchReward } from './corpus/config.ts'

const iso = (ms: number): string => new Date(ms).toISOString()

const qiFields = {
  ageBand: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.ageBand,
  sex: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.sex,
  region: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.region,
  occupation: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.occupation
}

const CorpusRecord: CorpusRecordResolvers = { ...qiFields }
const NetworkMember: NetworkMemberResolvers = {
  ...qiFields,
  conditions: (m) => [...new Set(m.records.filter((r) => r.resourceType === 'Condition').flatMap((r) => {
    const codings = (r.code as { coding?: Array<{ system?: string, code?: string }> } | undefined)?.coding ?? []
    return codings.map((c) => `${c.system ?? ''}|${c.code ?? ''}`)
  }))]
}
const ResearchShareRequest: ResearchShareRequestResolvers = { createdAt: (r) => iso(r.createdAt) }
const ResearchShare: ResearchShareResolvers = { sharedAt: (s) => iso(s.sharedAt), releasedAt: (s) => s.releasedAt === undefined ? null : iso(s.releasedAt) }

export const resolvers: Resolvers = {
  Query: {
    // released copies only: a count that moved at share time (the ledger's ResearchShared entries) would tell a
    // researcher when a share of how many records happened, to be matched with the next release
    researchCorpus: (_p, _a, ctx) => {
      const store = corpusStore(ctx)
      return { sharedRecords: store.copyCount(), k: researchK(), pendingPeople: store.pendingPeople() }
    },
    ...sharingQueries,
    ...browseQueries,
    ...networkQueries,
    ...relayQueries,
    ...economyResolvers.Query
  },
  Mutation: {
    ...sharingMutations,
    ...networkMutations,
    ...relayMutations,
    ...economyResolvers.Mutation
  },
  CorpusRecord,
  NetworkMember,
  ResearchShareRequest,
  ResearchShare,
  SharingNetwork,
  RelayMessage,
  ...economyResolvers.types
}

/** The research subgraph module (schema/research.graphql). */
export const researchSubgraph: SubgraphModule = { name: 'research', resolvers }
