/**
 * The research subgraph (schema/research.graphql). Issue 8a, the research corpus: sharing with a signed
 * HRESEARCH consent (sharing.ts), k-anonymous browsing, aggregates, outcomes and NDJSON export (browse.ts),
 * private sharing networks (networks.ts) and the anonymous peer relay (relay.ts), over the research store
 * (corpus-store.ts) and the pure rules of src/core/deid. Issue 8b adds tokens, crowdfunding and insurers
 * (tokens/, funding/, insurance/). The resolver map is built by spreading each module's part.
 */
import type { LedgerView } from '../../adapters/ledger-embedded/ledger-reader.ts'
import type { SubgraphModule } from '../subgraph.ts'
import { browseQueries } from './browse.ts'
import { researchK } from './config.ts'
import { corpusStore } from './model.ts'
import type { CorpusRecordOut, NetworkMemberOut } from './model.ts'
import { networkMutations, networkQueries, SharingNetwork } from './networks.ts'
import { RelayMessage, relayMutations, relayQueries } from './relay.ts'
import type { CorpusRecordResolvers, NetworkMemberResolvers, ResearchShareRequestResolvers, ResearchShareResolvers, Resolvers } from './resolvers-types.generated.ts'
import { sharingMutations, sharingQueries } from './sharing.ts'
import { economyResolvers } from './tokens/economy.ts'

export { DEFAULT_K, DEFAULT_REWARD, researchK, researchReward } from './config.ts'

/**
 * How many records the ResearchShared ledger entries shared (an entry without a count counts one). A full
 * scan per call: the summary is rare; the research store keeps the copies themselves.
 */
export function countResearchShares (ledger: Pick<LedgerView, 'entries'>): number {
  let n = 0
  for (const { entry } of ledger.entries()) {
    if (entry.type !== 'ResearchShared') continue
    const records = (entry as { records?: unknown }).records
    n += typeof records === 'number' && Number.isSafeInteger(records) && records > 0 ? records : 1
  }
  return n
}

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
    researchCorpus: (_p, _a, ctx) => ({ sharedRecords: countResearchShares(ctx.services.ledger), k: researchK(), pendingPeople: corpusStore(ctx).pendingPeople() }),
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
